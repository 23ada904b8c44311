package dev.kcscim.http;

import jakarta.ws.rs.Path;
import org.keycloak.models.KeycloakSession;

/** {@code /realms/{realm}/provisioning}: the root that the realm resource provider hands to Keycloak. */
public class ProvisioningRealmResource {

    private final KeycloakSession session;
    private final ScimLimits limits;

    public ProvisioningRealmResource(KeycloakSession session, ScimLimits limits) {
        this.session = session;
        this.limits = limits;
    }

    @Path("scim/v2")
    public ScimEndpoint scim() {
        return new ScimEndpoint(session, limits);
    }
}
