package dev.kcscim.keycloak.scope;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An organization's teams: its own top-level groups (Keycloak 26.7's organization groups). Realm groups and
 * other organizations' groups are invisible through it.
 */
final class OrganizationTeams implements TeamScope {

    private final KeycloakSession session;
    private final OrganizationModel organization;
    private final OrganizationProvider organizations;
    private String internalGroupId;

    OrganizationTeams(KeycloakSession session, OrganizationModel organization) {
        this.session = session;
        this.organization = organization;
        this.organizations = session.getProvider(OrganizationProvider.class);
    }

    /** Keycloak keeps an organization's members in a hidden group; the organization's own groups hang below it. */
    private String internalGroupId() {
        if (internalGroupId == null) {
            GroupModel internal = organizations.getOrganizationGroup(organization);
            internalGroupId = internal == null ? "" : internal.getId();
        }
        return internalGroupId;
    }

    @Override
    public boolean contains(GroupModel group) {
        if (group == null || group.getType() != GroupModel.Type.ORGANIZATION || group.getOrganization() == null
                || !organization.getId().equals(group.getOrganization().getId()) || group.getId().equals(internalGroupId())) {
            return false;
        }
        String parent = group.getParentId();
        return parent == null || parent.equals(internalGroupId());
    }

    @Override
    public Optional<GroupModel> find(String id) {
        return Optional.ofNullable(session.groups().getGroupById(session.getContext().getRealm(), id)).filter(this::contains);
    }

    @Override
    public Stream<GroupModel> page(int first, int max) {
        return organizations.getTopLevelGroups(organization, first, max).filter(this::contains);
    }

    @Override
    public long count() {
        // Keycloak counts no organization groups; an organization's teams are few, and only ids are kept.
        return organizations.getTopLevelGroups(organization, null, null).filter(this::contains).count();
    }

    @Override
    public Optional<GroupModel> byName(String name) {
        return organizations.searchGroupsByName(organization, name, true, 0, 10)
                .filter(g -> g.getName().equalsIgnoreCase(name) && contains(g)).findFirst();
    }

    @Override
    public Stream<GroupModel> byAttribute(String name, String value, int max) {
        return organizations.searchGroupsByAttributes(organization, Map.of(name, value), 0, max).filter(this::contains);
    }

    @Override
    public Stream<GroupModel> teamsOf(UserModel user) {
        return organizations.getOrganizationGroupsByMember(organization, user).filter(this::contains);
    }

    @Override
    public GroupModel create(String name) {
        return organizations.createGroup(organization, name, null);
    }
}
