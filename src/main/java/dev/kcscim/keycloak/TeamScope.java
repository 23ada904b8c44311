package dev.kcscim.keycloak;

import dev.kcscim.protocol.ScimException;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The groups SCIM may see: the direct sub-groups of the configured parent ("/teams"), or the top-level
 * groups when none is configured. Everything else in the realm, such as admin groups, is invisible to a
 * provisioning token and cannot be renamed, deleted or joined through it.
 */
public final class TeamScope {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final String parentPath;
    private GroupModel parent;
    private boolean resolved;

    private TeamScope(KeycloakSession session, RealmModel realm, String parentPath) {
        this.session = session;
        this.realm = realm;
        this.parentPath = parentPath;
    }

    /** The parent is looked up on first use, so requests that never touch teams pay nothing for it. */
    public static TeamScope of(KeycloakSession session, RealmModel realm, ProvisioningSettings settings) {
        return new TeamScope(session, realm, settings.teamsParentGroup());
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

    /** The parent to create a team under, created on first use. */
    public GroupModel parentForWrite() {
        if (parentMissing()) {
            parent = ensureParent(session, realm, parentPath);
        }
        return parent();
    }

    public boolean contains(GroupModel group) {
        if (group == null || parentMissing() || group.getType() != GroupModel.Type.REALM) {
            return false;
        }
        return Objects.equals(group.getParentId(), parent() == null ? null : parent().getId());
    }

    public Optional<GroupModel> find(String id) {
        return Optional.ofNullable(session.groups().getGroupById(realm, id)).filter(this::contains);
    }

    public GroupModel get(String id) {
        return find(id).orElseThrow(() -> ScimException.notFound("No group with id '" + id + "'."));
    }

    public Stream<GroupModel> page(int first, int max) {
        if (parentMissing()) {
            return Stream.empty();
        }
        return parent() == null ? session.groups().getTopLevelGroupsStream(realm, first, max) : parent().getSubGroupsStream(first, max);
    }

    public long count() {
        if (parentMissing()) {
            return 0;
        }
        return parent() == null ? session.groups().getGroupsCount(realm, true) : parent().getSubGroupsCount();
    }

    /** The team with exactly this name (names are unique among siblings in Keycloak). */
    public Optional<GroupModel> byName(String name) {
        if (parentMissing()) {
            return Optional.empty();
        }
        Stream<GroupModel> candidates = parent() == null
                ? session.groups().getTopLevelGroupsStream(realm, name, true, 0, 10)
                : parent().getSubGroupsStream(name, true, 0, 10);
        return candidates.filter(g -> g.getName().equalsIgnoreCase(name) && contains(g)).findFirst();
    }

    public Stream<GroupModel> teamsOf(UserModel user) {
        // Most users of most realms are in no group: then the parent is never looked up.
        return user.getGroupsStream().filter(this::contains);
    }
}
