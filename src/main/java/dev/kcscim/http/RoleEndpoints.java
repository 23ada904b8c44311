package dev.kcscim.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.keycloak.roles.ProvisionableRoles;
import dev.kcscim.protocol.ListResponse;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.filter.FilterEvaluator;
import dev.kcscim.protocol.query.AttributeProjection;
import dev.kcscim.protocol.query.ListQuery;
import dev.kcscim.protocol.routing.ScimRequest;
import dev.kcscim.protocol.routing.ScimResponse;
import dev.kcscim.protocol.routing.ScimRouter;
import dev.kcscim.protocol.schema.AttributeResolver;
import dev.kcscim.protocol.schema.CoreSchemas;

import java.util.List;

/**
 * {@code /Roles}: the read-only list of provisionable roles, as Okta's entitlement discovery reads it. The set
 * is an admin's choice of a few roles, so it is listed, filtered and paged in memory.
 */
final class RoleEndpoints {

    private static final AttributeResolver RESOLVER = new AttributeResolver(CoreSchemas.ROLE_RESOURCE_TYPE);

    private final ProvisionableRoles roles;
    private final ScimLimits limits;

    RoleEndpoints(ProvisionableRoles roles, ScimLimits limits) {
        this.roles = roles;
        this.limits = limits;
    }

    void register(ScimRouter router) {
        router.route("GET", "Roles", (req, vars) -> list(req));
        router.route("GET", "Roles/{id}", (req, vars) -> get(req, vars.get("id")));
        // Other methods are the router's 405 with Allow: GET; roles are managed in Keycloak.
    }

    private ScimResponse list(ScimRequest req) {
        ListQuery query = ListQuery.parse(req.query(), limits.maxResults());
        if (query.sortBy() != null) {
            throw ScimException.badRequest(dev.kcscim.protocol.ScimType.invalidValue, "Roles are listed by name and cannot be sorted otherwise.");
        }
        AttributeProjection projection = AttributeProjection.parse(req.query(), RESOLVER);
        FilterEvaluator evaluator = new FilterEvaluator(RESOLVER);
        List<ObjectNode> matching = roles.all().stream().map(r -> roles.toJson(r, req.baseUri()))
                .filter(json -> query.filter() == null || evaluator.matches(query.filter(), json)).toList();
        int from = Math.min(matching.size(), query.startIndex() - 1);
        int to = Math.min(matching.size(), from + query.count());
        return ScimResponse.ok(new ListResponse(matching.size(), query.startIndex(),
                matching.subList(from, to).stream().map(projection::apply).toList()).toJson());
    }

    private ScimResponse get(ScimRequest req, String id) {
        return roles.byName(id).map(r -> ScimResponse.ok(AttributeProjection.parse(req.query(), RESOLVER).apply(roles.toJson(r, req.baseUri()))))
                .orElseThrow(() -> ScimException.notFound("No provisionable role '" + id + "'."));
    }
}
