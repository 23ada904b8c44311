package dev.kcscim.keycloak.scope;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A realm's teams: the direct sub-groups of the configured parent ("/teams"), or the top-level realm groups
 * when none is configured. Everything else in the realm, such as admin groups and organization groups, is
 * invisible to a provisioning token and cannot be renamed, deleted or joined through it.
 */
public final class RealmTeams implements TeamScope {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final String parentPath;
    private GroupModel parent;
    private boolean resolved;

    RealmTeams(KeycloakSession session, RealmModel realm, String parentPath) {
        this.session = session;
        this.realm = realm;
        this.parentPath = parentPath;
    }

    private GroupModel parent() {
        if (!resolved) {
            parent = parentPath == null ? null : KeycloakModelUtils.findGroupByPath(session, realm, parentPath);
            resolved = true;
        }
        return parent;
    }

    /** Creates the parent group path if it is configured and missing. */
    public static GroupModel ensureParent(KeycloakSession session, RealmModel realm, String path) {
        if (path == null) {
            return null;
        }
        GroupModel current = null;
        StringBuilder walked = new StringBuilder();
        for (String segment : path.substring(1).split("/")) {
            walked.append('/').append(segment);
            GroupModel next = KeycloakModelUtils.findGroupByPath(session, realm, walked.toString());
            current = next != null ? next : session.groups().createGroup(realm, segment, current);
        }
        return current;
    }

    /** True when the configured parent does not exist yet: there are no teams until the first is created. */
    private boolean parentMissing() {
        return parentPath != null && parent() == null;
    }

    /** Creates a team under the parent, which is created on first use. */
    @Override
    public GroupModel create(String name) {
        if (parentMissing()) {
            parent = ensureParent(session, realm, parentPath);
        }
        return session.groups().createGroup(realm, name, parent());
    }

    @Override
    public boolean contains(GroupModel group) {
        if (group == null || parentMissing() || group.getType() != GroupModel.Type.REALM) {
            return false;
        }
        return Objects.equals(group.getParentId(), parent() == null ? null : parent().getId());
    }

    @Override
    public Optional<GroupModel> find(String id) {
        return Optional.ofNullable(session.groups().getGroupById(realm, id)).filter(this::contains);
    }

    @Override
    public Stream<GroupModel> page(int first, int max) {
        if (parentMissing()) {
            return Stream.empty();
        }
        return parent() == null ? session.groups().getTopLevelGroupsStream(realm, first, max) : parent().getSubGroupsStream(first, max);
    }

    @Override
    public long count() {
        if (parentMissing()) {
            return 0;
        }
        return parent() == null ? session.groups().getGroupsCount(realm, true) : parent().getSubGroupsCount();
    }

    /** The team with exactly this name (names are unique among siblings in Keycloak). */
    @Override
    public Optional<GroupModel> byName(String name) {
        if (parentMissing()) {
            return Optional.empty();
        }
        Stream<GroupModel> candidates = parent() == null
                ? session.groups().getTopLevelGroupsStream(realm, name, true, 0, 10)
                : parent().getSubGroupsStream(name, true, 0, 10);
        return candidates.filter(g -> g.getName().equalsIgnoreCase(name) && contains(g)).findFirst();
    }

    @Override
    public Stream<GroupModel> byAttribute(String name, String value, int max) {
        return session.groups().searchGroupsByAttributes(realm, java.util.Map.of(name, value), 0, max).filter(this::contains);
    }

    @Override
    public Stream<GroupModel> teamsOf(UserModel user) {
        // Most users of most realms are in no group: then the parent is never looked up.
        return user.getGroupsStream().filter(this::contains);
    }
}
