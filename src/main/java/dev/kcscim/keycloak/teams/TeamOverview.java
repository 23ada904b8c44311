package dev.kcscim.keycloak.teams;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kcscim.keycloak.scope.TeamScope;
import dev.kcscim.tenant.ProvisioningSettings;
import dev.kcscim.tenant.Tenant;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The teams that provisioning manages for a tenant, for the Provisioning page: name, number of members and the
 * time of the last SCIM change. Members are counted by Keycloak with one count query per team, so a team of
 * 10,000 costs what a team of 10 does.
 *
 * @param parentIds    ids of the groups above the team, top first (the console's group route is made of them)
 * @param lastModified the last SCIM change (ISO-8601), or null for a group SCIM has not changed
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TeamOverview(String id, String name, String path, List<String> parentIds, long members, boolean provisioned,
                           String lastModified) {

    /** A page of the tenant's teams, in the order SCIM pages them. */
    public static List<TeamOverview> page(KeycloakSession session, Tenant tenant, int first, int max) {
        TeamScope teams = TeamScope.of(session, tenant, ProvisioningSettings.of(session, tenant));
        return teams.page(first, max).map(group -> of(session, tenant, group)).toList();
    }

    private static TeamOverview of(KeycloakSession session, Tenant tenant, GroupModel group) {
        List<String> parents = new ArrayList<>();
        List<String> names = new ArrayList<>(List.of(group.getName()));
        for (GroupModel parent = group.getParent(); parent != null; parent = parent.getParent()) {
            if (parent.getType() == GroupModel.Type.REALM) {
                parents.add(parent.getId());
                names.add(parent.getName());
            }
        }
        Collections.reverse(parents);
        Collections.reverse(names);
        long members = session.users().getUsersCount(tenant.realm(), Set.of(group.getId()));
        return new TeamOverview(group.getId(), group.getName(), "/" + String.join("/", names), parents, members,
                Boolean.parseBoolean(group.getFirstAttribute(GroupMapper.PROVISIONED)), group.getFirstAttribute(GroupMapper.LAST_MODIFIED));
    }
}
