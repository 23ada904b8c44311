package dev.kcscim.http;

import dev.kcscim.keycloak.scope.TeamScope;
import dev.kcscim.keycloak.scope.UserScope;
import dev.kcscim.keycloak.users.IdentityLinks;
import dev.kcscim.keycloak.users.LinkEvents;
import dev.kcscim.keycloak.users.UserMapper;
import dev.kcscim.keycloak.users.UserMapping;
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
import org.keycloak.models.RealmModel;

import java.util.ArrayList;
import java.util.List;

/**
 * Wires the SCIM routes for one authenticated request: discovery from the protocol core, and the resource
 * endpoints backed by the Keycloak adapter. What is registered here is also what discovery advertises.
 */
final class ScimService {

    private final ScimRouter router = new ScimRouter();

    private ScimService(KeycloakSession session, Tenant tenant, ProvisioningSettings settings, ScimPrincipal principal, ScimLimits limits) {
        TeamScope teams = TeamScope.of(session, tenant, settings);
        UserScope users = UserScope.of(session, tenant);
        RealmModel realm = tenant.realm();
        UserMapping mapping = UserMapping.of(session, tenant, settings);
        IdentityLinks links = new IdentityLinks(session, tenant, settings.link(), LinkEvents.byToken(session, realm, principal));
        new UserEndpoints(session, realm, settings, users, teams, principal, limits, new UserMapper(mapping), links).register(router);
        new RoleEndpoints(mapping.roles(), limits).register(router);
        List<ResourceTypeDefinition> resourceTypes = new ArrayList<>();
        resourceTypes.add(mapping.resourceType());
        if (teams.unavailable().isEmpty()) {
            new GroupEndpoints(session, realm, teams, users, principal, limits, settings.roles()).register(router);
            resourceTypes.add(CoreSchemas.GROUP_RESOURCE_TYPE);
        } else {
            // Discovery leaves Groups out, so IdPs do not offer group push; a direct call learns why.
            String reason = teams.unavailable().get();
            for (String path : List.of("Groups", "Groups/.search", "Groups/{id}")) {
                for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
                    router.route(method, path, (req, vars) -> {
                        throw ScimException.notImplemented(reason);
                    });
                }
            }
        }
        if (mapping.roles().enabled()) {
            // Okta's entitlement discovery reads the resource types and then lists each one's endpoint.
            resourceTypes.add(CoreSchemas.ROLE_RESOURCE_TYPE);
        }
        new BulkEndpoint(session, tenant, principal, limits).register(router);
        // Sorting: users by UserQuery.SORTABLE, teams by displayName; anything else is a 400 that lists them. Every
        // user and team is answered with its version (ETag, If-Match, If-None-Match), and a user's password is set
        // through the realm's password policy (UserStore).
        ServiceProviderFeatures features = ServiceProviderFeatures.wired(router, !UserQuery.SORTABLE.isEmpty(), true, true,
                limits.maxResults(), limits.maxBulkOperations(), ScimEndpoint.MAX_BODY_BYTES);
        new DiscoveryEndpoints(features, resourceTypes).register(router);
    }

    static ScimService forTenant(KeycloakSession session, Tenant tenant, ProvisioningSettings settings, ScimPrincipal principal,
                                 ScimLimits limits) {
        return new ScimService(session, tenant, settings, principal, limits);
    }

    ScimRouter router() {
        return router;
    }
}
