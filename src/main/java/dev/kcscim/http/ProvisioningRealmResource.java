package dev.kcscim.http;

import dev.kcscim.admission.AdmissionControl;
import dev.kcscim.observe.RequestObservers;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.keycloak.models.KeycloakSession;

/** {@code /realms/{realm}/provisioning}: the root that the realm resource provider hands to Keycloak, for the realm and its organizations. */
public class ProvisioningRealmResource {

    private final KeycloakSession session;
    private final ScimLimits limits;
    private final RequestObservers observers;
    private final AdmissionControl admission;

    public ProvisioningRealmResource(KeycloakSession session, ScimLimits limits, RequestObservers observers, AdmissionControl admission) {
        this.session = session;
        this.limits = limits;
        this.observers = observers;
        this.admission = admission;
    }

    @Path("scim/v2")
    public ScimEndpoint scim() {
        return new ScimEndpoint(session, limits, observers, admission, null);
    }

    /** One organization's SCIM base; an unknown organization, or a realm without organizations, is a SCIM 404. */
    @Path("organizations/{organizationId}/scim/v2")
    public ScimEndpoint organizationScim(@PathParam("organizationId") String organizationId) {
        return new ScimEndpoint(session, limits, observers, admission, organizationId);
    }
}
