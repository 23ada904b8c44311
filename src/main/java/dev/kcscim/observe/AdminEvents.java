package dev.kcscim.observe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.protocol.Json;
import dev.kcscim.tenant.ScimPrincipal;
import org.jboss.logging.Logger;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Admin events for changes made through SCIM. Keycloak's AdminEventBuilder needs an admin user's access
 * token, which a provisioning token is not, so the event is built here with auth details that name the
 * token: client {@code scim:<token name>}, user {@code <token id>}, and details naming the token and, for an
 * organization's endpoint, the organization. Like Keycloak's own, the event is stored
 * in the request's transaction, so a rolled-back change leaves no event.
 */
public final class AdminEvents {

    public static final String CLIENT_PREFIX = "scim:";

    private static final Logger LOG = Logger.getLogger(AdminEvents.class);

    private AdminEvents() {
    }

    public static void emit(KeycloakSession session, RealmModel realm, ScimPrincipal principal, ResourceType type,
                            OperationType operation, String resourcePath, JsonNode representation) {
        if (!realm.isAdminEventsEnabled() && realm.getEventsListenersStream().findAny().isEmpty()) {
            return;
        }
        AdminEvent event = new AdminEvent();
        event.setId(UUID.randomUUID().toString());
        event.setTime(System.currentTimeMillis());
        event.setRealmId(realm.getId());
        event.setRealmName(realm.getName());
        event.setResourceType(type);
        event.setOperationType(operation);
        event.setResourcePath(resourcePath);
        AuthDetails auth = new AuthDetails();
        auth.setRealmId(realm.getId());
        auth.setRealmName(realm.getName());
        auth.setClientId(CLIENT_PREFIX + principal.tokenName());
        auth.setUserId(principal.tokenId());
        if (session.getContext().getConnection() != null) {
            auth.setIpAddress(session.getContext().getConnection().getRemoteAddr());
        }
        event.setAuthDetails(auth);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("provisioningTokenId", principal.tokenId());
        details.put("provisioningTokenName", principal.tokenName());
        if (principal.organizationId() != null) {
            // An organization's provisioning is audited with the organization it acted for.
            details.put("organizationId", principal.organizationId());
            details.put("organizationName", principal.organizationName());
        }
        event.setDetails(details);
        boolean includeRepresentation = realm.isAdminEventsDetailsEnabled();
        if (includeRepresentation && representation != null) {
            event.setRepresentation(new String(Json.write(representation), StandardCharsets.UTF_8));
        }
        if (realm.isAdminEventsEnabled()) {
            session.getProvider(EventStoreProvider.class).onEvent(event, includeRepresentation);
        }
        realm.getEventsListenersStream().forEach(id -> {
            // As in Keycloak's own AdminEventBuilder, a broken listener is logged and never fails the change.
            try {
                EventListenerProvider listener = session.getProvider(EventListenerProvider.class, id);
                if (listener != null) {
                    listener.onEvent(event, includeRepresentation);
                }
            } catch (RuntimeException e) {
                LOG.warnf("Event listener '%s' failed on the admin event %s %s in realm %s; the change is kept: %s",
                        id, operation, resourcePath, realm.getName(), e.toString());
            }
        });
    }
}
