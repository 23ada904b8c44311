package dev.kcscim.keycloak.roles;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.kcscim.observe.AdminEvents;
import dev.kcscim.protocol.Json;
import dev.kcscim.tenant.ScimPrincipal;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

import java.util.List;

/**
 * Makes a user's provisionable role mappings what the identity provider says, and files each change as the
 * admin event Keycloak's own role-mapping API would: a CREATE or DELETE of a realm or client role mapping.
 */
public final class RoleGrants {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ScimPrincipal principal;
    private final ProvisionableRoles roles;

    public RoleGrants(KeycloakSession session, RealmModel realm, ScimPrincipal principal, ProvisionableRoles roles) {
        this.session = session;
        this.realm = realm;
        this.principal = principal;
        this.roles = roles;
    }

    /** Grants what is wanted and not held, revokes the provisionable roles held and not wanted; others are untouched. */
    public void set(UserModel user, List<RoleModel> wanted) {
        List<RoleModel> held = roles.of(user);
        List<RoleModel> grant = wanted.stream().filter(r -> held.stream().noneMatch(h -> h.getId().equals(r.getId()))).toList();
        List<RoleModel> revoke = held.stream().filter(h -> wanted.stream().noneMatch(r -> r.getId().equals(h.getId()))).toList();
        grant.forEach(user::grantRole);
        revoke.forEach(user::deleteRoleMapping);
        emit(user, OperationType.CREATE, grant);
        emit(user, OperationType.DELETE, revoke);
    }

    private void emit(UserModel user, OperationType operation, List<RoleModel> changed) {
        if (changed.isEmpty()) {
            return;
        }
        ClientModel client = roles.client();
        ArrayNode representation = Json.array();
        changed.forEach(r -> representation.addObject().put("id", r.getId()).put("name", r.getName())
                .put("description", r.getDescription()).put("composite", r.isComposite()).put("clientRole", r.isClientRole())
                .put("containerId", r.getContainerId()));
        String path = "users/" + user.getId() + "/role-mappings/" + (client == null ? "realm" : "clients/" + client.getId());
        AdminEvents.emit(session, realm, principal, client == null ? ResourceType.REALM_ROLE_MAPPING : ResourceType.CLIENT_ROLE_MAPPING,
                operation, path, representation);
    }
}
