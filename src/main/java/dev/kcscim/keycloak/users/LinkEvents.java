package dev.kcscim.keycloak.users;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.observe.AdminEvents;
import dev.kcscim.protocol.Json;
import dev.kcscim.tenant.ScimPrincipal;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import java.util.function.Supplier;

/**
 * The admin events for the links to identity providers that provisioning makes and removes, filed as Keycloak's
 * own {@code users/{id}/federated-identity/{alias}} API files them: a USER resource, CREATE or DELETE, with the
 * link as the representation. Whether a SCIM token or an admin made the link changes only who is named.
 */
public final class LinkEvents {

    private LinkEvents() {
    }

    /** Links a SCIM request makes, in the name of its token. */
    public static IdentityLinks.Events byToken(KeycloakSession session, RealmModel realm, ScimPrincipal principal) {
        return (operation, user, link) -> AdminEvents.emit(session, realm, principal, ResourceType.USER, operation, path(user, link), json(link));
    }

    /** Links an admin's action makes, in that admin's name; a builder per event, since one builder holds one event. */
    public static IdentityLinks.Events byAdmin(Supplier<AdminEventBuilder> users) {
        return (operation, user, link) -> users.get().operation(operation).resourcePath(path(user, link)).representation(json(link)).success();
    }

    static String path(UserModel user, FederatedIdentityModel link) {
        return "users/" + user.getId() + "/federated-identity/" + link.getIdentityProvider();
    }

    /** Keycloak's FederatedIdentityRepresentation, field for field. */
    static ObjectNode json(FederatedIdentityModel link) {
        ObjectNode json = Json.object();
        json.put("identityProvider", link.getIdentityProvider());
        json.put("userId", link.getUserId());
        json.put("userName", link.getUserName());
        return json;
    }

}
