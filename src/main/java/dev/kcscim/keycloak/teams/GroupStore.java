package dev.kcscim.keycloak.teams;

import dev.kcscim.keycloak.scope.TeamScope;
import dev.kcscim.keycloak.scope.UserScope;
import dev.kcscim.observe.AdminEvents;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.ScimType;
import dev.kcscim.protocol.patch.GroupChange;
import dev.kcscim.protocol.resource.ScimGroup;
import dev.kcscim.tenant.RoleSettings;
import dev.kcscim.tenant.ScimPrincipal;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Creates, changes and deletes teams. Membership changes go user by user ({@code joinGroup} /
 * {@code leaveGroup}), so adding or removing a member never reads the rest of the team. Every member id
 * of a request is checked before anything is written; an unknown one refuses the whole request.
 */
public final class GroupStore {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final TeamScope scope;
    private final UserScope users;
    private final ScimPrincipal principal;
    private final RoleSettings roles;

    public GroupStore(KeycloakSession session, RealmModel realm, TeamScope scope, UserScope users, ScimPrincipal principal, RoleSettings roles) {
        this.session = session;
        this.realm = realm;
        this.scope = scope;
        this.users = users;
        this.principal = principal;
        this.roles = roles;
    }

    public GroupModel create(ScimGroup scim) {
        requireFreeName(scim.displayName(), null);
        Set<String> members = scim.memberIds() == null ? Set.of() : scim.memberIds();
        requireKnown(members);
        // A concurrent create of the same name is refused by the database and answered 409 at the SCIM boundary.
        GroupModel group = scope.create(scim.displayName());
        String now = Instant.now().toString();
        group.setSingleAttribute(GroupMapper.PROVISIONED, "true");
        group.setSingleAttribute(GroupMapper.CREATED, now);
        TeamRoles.grant(realm, group, roles);
        setExternalId(group, scim.externalId());
        members.forEach(id -> join(group, id));
        touch(group);
        return group;
    }

    /** PUT: name and externalId are replaced; members only when the body has them. */
    public void replace(GroupModel group, ScimGroup scim) {
        List<GroupChange> changes = new ArrayList<>();
        changes.add(new GroupChange.Rename(scim.displayName()));
        changes.add(new GroupChange.SetExternalId(scim.externalId()));
        if (scim.memberIds() != null) {
            changes.add(new GroupChange.ReplaceMembers(scim.memberIds()));
        }
        apply(group, changes);
    }

    public void apply(GroupModel group, List<GroupChange> changes) {
        Set<String> referenced = new HashSet<>();
        for (GroupChange change : changes) {
            if (change instanceof GroupChange.AddMembers add) {
                referenced.addAll(add.ids());
            } else if (change instanceof GroupChange.ReplaceMembers replace) {
                referenced.addAll(replace.ids());
            } else if (change instanceof GroupChange.Rename rename) {
                requireFreeName(rename.displayName(), group);
            }
        }
        requireKnown(referenced);
        for (GroupChange change : changes) {
            if (change instanceof GroupChange.Rename rename) {
                rename(group, rename.displayName());
            } else if (change instanceof GroupChange.SetExternalId externalId) {
                setExternalId(group, externalId.externalId());
            } else if (change instanceof GroupChange.AddMembers add) {
                add.ids().forEach(id -> join(group, id));
            } else if (change instanceof GroupChange.RemoveMembers remove) {
                // Removing someone who is not (or no longer) a member is not an error, as in Okta's retries.
                remove.ids().forEach(id -> users.find(id).ifPresent(user -> leave(group, user)));
            } else if (change instanceof GroupChange.ReplaceMembers replace) {
                replaceMembers(group, replace.ids());
            }
        }
        touch(group);
    }

    public void delete(GroupModel group) {
        session.groups().removeGroup(realm, group);
    }

    private void replaceMembers(GroupModel group, Set<String> wanted) {
        // Replacing needs the current ids (not the users' full data), read in batches.
        List<String> leaving = new ArrayList<>();
        Set<String> present = new HashSet<>();
        Members.forEach(session, realm, group, member -> {
            present.add(member.getId());
            if (!wanted.contains(member.getId())) {
                leaving.add(member.getId());
            }
        });
        // A member deleted since the listing has already left.
        leaving.forEach(id -> Optional.ofNullable(session.users().getUserById(realm, id)).ifPresent(user -> leave(group, user)));
        wanted.stream().filter(id -> !present.contains(id)).forEach(id -> join(group, id));
    }

    private void rename(GroupModel group, String name) {
        if (!name.equals(group.getName())) {
            group.setName(name);
        }
    }

    private static void setExternalId(GroupModel group, String externalId) {
        if (externalId == null || externalId.isEmpty()) {
            group.removeAttribute(GroupMapper.EXTERNAL_ID);
        } else {
            group.setSingleAttribute(GroupMapper.EXTERNAL_ID, externalId);
        }
    }

    private static void touch(GroupModel group) {
        group.setSingleAttribute(GroupMapper.LAST_MODIFIED, Instant.now().toString());
    }

    /** Joins a member already checked by {@link #requireKnown}; users are loaded only for the changes themselves. */
    private void join(GroupModel group, String userId) {
        users.find(userId).ifPresent(user -> join(group, user));
    }

    private void join(GroupModel group, UserModel user) {
        if (!isDirectMember(user, group)) {
            user.joinGroup(group);
            AdminEvents.emit(session, realm, principal, ResourceType.GROUP_MEMBERSHIP, OperationType.CREATE,
                    "users/" + user.getId() + "/groups/" + group.getId(), null);
        }
    }

    private void leave(GroupModel group, UserModel user) {
        if (isDirectMember(user, group)) {
            user.leaveGroup(group);
            AdminEvents.emit(session, realm, principal, ResourceType.GROUP_MEMBERSHIP, OperationType.DELETE,
                    "users/" + user.getId() + "/groups/" + group.getId(), null);
        }
    }

    /** A user's own group list is short, so this costs one small read, whatever the team's size. */
    private boolean isDirectMember(UserModel user, GroupModel group) {
        return scope.teamsOf(user).anyMatch(g -> g.getId().equals(group.getId()));
    }

    private void requireFreeName(String name, GroupModel self) {
        scope.byName(name).filter(g -> self == null || !g.getId().equals(self.getId())).ifPresent(g -> {
            throw duplicate(name);
        });
    }

    private static ScimException duplicate(String name) {
        return new ScimException(409, ScimType.uniqueness, "A team named '" + name + "' already exists.");
    }

    /** Every member id of a request is checked before anything is written; an unknown one refuses the whole request. */
    private void requireKnown(Set<String> ids) {
        Set<String> unknown = users.missingAmong(ids);
        if (!unknown.isEmpty()) {
            throw ScimException.badRequest(ScimType.invalidValue, "No user with id " + String.join(", ", unknown.stream().limit(20).toList())
                    + (unknown.size() > 20 ? " (and " + (unknown.size() - 20) + " more)" : "") + " here; nothing was changed.");
        }
    }
}
