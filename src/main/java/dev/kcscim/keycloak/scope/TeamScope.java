package dev.kcscim.keycloak.scope;

import dev.kcscim.protocol.ScimException;
import dev.kcscim.tenant.ProvisioningSettings;
import dev.kcscim.tenant.Tenant;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * The groups a tenant's SCIM API sees as teams, and nothing else: a realm's teams under its configured
 * parent, or an organization's own groups. Every team lookup of the stores and queries goes through it.
 */
public interface TeamScope {

    /** The parent of a realm's teams is looked up on first use, so requests that never touch teams pay nothing for it. */
    static TeamScope of(KeycloakSession session, Tenant tenant, ProvisioningSettings settings) {
        if (!tenant.isOrganization()) {
            return new RealmTeams(session, tenant.realm(), settings.teamsParentGroup());
        }
        return KeycloakCapabilities.organizationGroups() ? new OrganizationTeams(session, tenant.organization())
                : new NoTeams(KeycloakCapabilities.organizationGroupsMissing());
    }

    /** Why this tenant can have no teams on this server, or empty when it can. */
    default Optional<String> unavailable() {
        return Optional.empty();
    }

    boolean contains(GroupModel group);

    Optional<GroupModel> find(String id);

    default GroupModel get(String id) {
        return find(id).orElseThrow(() -> ScimException.notFound("No group with id '" + id + "'."));
    }

    /** Teams in a stable order, for paging. */
    Stream<GroupModel> page(int first, int max);

    long count();

    /** The team with exactly this name, compared case-insensitively. */
    Optional<GroupModel> byName(String name);

    /** Teams whose attribute has this value (Keycloak compares case-insensitively; callers re-check exactly). */
    Stream<GroupModel> byAttribute(String name, String value, int max);

    /** The teams a user is a direct member of; reads only the user's own, short, group list. */
    Stream<GroupModel> teamsOf(UserModel user);

    GroupModel create(String name);
}
