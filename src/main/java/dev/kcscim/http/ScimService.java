package dev.kcscim.http;

import dev.kcscim.admission.Ticket;
import dev.kcscim.keycloak.users.UserQuery;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.routing.ScimRouter;
import dev.kcscim.protocol.schema.CoreSchemas;
import dev.kcscim.protocol.schema.DiscoveryEndpoints;
import dev.kcscim.protocol.schema.ResourceTypeDefinition;
import dev.kcscim.protocol.schema.ServiceProviderFeatures;
import dev.kcscim.tenant.ProvisioningSettings;
import dev.kcscim.tenant.ScimPrincipal;
import dev.kcscim.tenant.Tenant;
import org.keycloak.models.KeycloakSession;

import java.util.ArrayList;
import java.util.List;

/**
 * Wires the SCIM routes for one authenticated request: discovery from the protocol core, and one
 * {@link ResourceEndpoint} per resource type over its handler. What is registered here is also what discovery
 * advertises.
 */
final class ScimService {

    private final ScimRouter router = new ScimRouter();

    private ScimService(ScimContext context) {
        ScimLimits limits = context.limits();
        new ResourceEndpoint<>(new UserHandler(context), limits, context.audit()).register(router);
        new ResourceEndpoint<>(new RoleHandler(context.mapping().roles()), limits, Audit.NONE).register(router);
        List<ResourceTypeDefinition> resourceTypes = new ArrayList<>();
        resourceTypes.add(context.mapping().resourceType());
        if (context.teams().unavailable().isEmpty()) {
            new ResourceEndpoint<>(new TeamHandler(context), limits, context.audit()).register(router);
            resourceTypes.add(CoreSchemas.GROUP_RESOURCE_TYPE);
        } else {
            // Discovery leaves Groups out, so IdPs do not offer group push; a direct call learns why.
            String reason = context.teams().unavailable().get();
            for (String path : List.of("Groups", "Groups/.search", "Groups/{id}")) {
                for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
                    router.route(method, path, (req, vars) -> {
                        throw ScimException.notImplemented(reason);
                    });
                }
            }
        }
        if (context.mapping().roles().enabled()) {
            // Okta's entitlement discovery reads the resource types and then lists each one's endpoint.
            resourceTypes.add(CoreSchemas.ROLE_RESOURCE_TYPE);
        }
        new BulkEndpoint(context).register(router);
        // Sorting: users by UserQuery.SORTABLE, teams by displayName; anything else is a 400 that lists them. Every
        // user and team is answered with its version (ETag, If-Match, If-None-Match), and a user's password is set
        // through the realm's password policy (UserStore).
        ServiceProviderFeatures features = ServiceProviderFeatures.wired(router, !UserQuery.SORTABLE.isEmpty(), true, true,
                limits.maxResults(), limits.maxBulkOperations(), ScimEndpoint.MAX_BODY_BYTES);
        new DiscoveryEndpoints(features, resourceTypes).register(router);
    }

    /** @param admission the request's admission, which a /Bulk charges for its operations */
    static ScimService forTenant(KeycloakSession session, Tenant tenant, ProvisioningSettings settings, ScimPrincipal principal,
                                 ScimLimits limits, Ticket admission) {
        return new ScimService(ScimContext.of(session, tenant, settings, principal, limits, admission));
    }

    ScimRouter router() {
        return router;
    }
}
