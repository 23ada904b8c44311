package dev.kcscim.http;

import dev.kcscim.auth.ScimPrincipal;
import dev.kcscim.protocol.routing.ScimRouter;
import dev.kcscim.protocol.schema.DiscoveryEndpoints;
import dev.kcscim.protocol.schema.ResourceTypeDefinition;
import dev.kcscim.protocol.schema.ServiceProviderFeatures;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.List;

/**
 * Wires the SCIM routes for one authenticated request: discovery from the protocol core, and the resource
 * endpoints backed by the Keycloak adapter. What is registered here is also what discovery advertises.
 */
final class ScimService {

    /** Largest page a client may ask for; advertised as {@code filter.maxResults}. */
    static final int MAX_RESULTS = 200;

    private final ScimRouter router = new ScimRouter();

    private ScimService(KeycloakSession session, RealmModel realm, ScimPrincipal principal) {
        List<ResourceTypeDefinition> resourceTypes = List.of();
        ServiceProviderFeatures features = new ServiceProviderFeatures(false, false, MAX_RESULTS, false, false,
                false, false, null);
        new DiscoveryEndpoints(features, resourceTypes).register(router);
    }

    static ScimService forRealm(KeycloakSession session, RealmModel realm, ScimPrincipal principal) {
        return new ScimService(session, realm, principal);
    }

    ScimRouter router() {
        return router;
    }
}
