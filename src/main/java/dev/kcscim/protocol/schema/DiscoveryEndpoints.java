package dev.kcscim.protocol.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.protocol.ListResponse;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.routing.ScimRequest;
import dev.kcscim.protocol.routing.ScimResponse;
import dev.kcscim.protocol.routing.ScimRouter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three discovery endpoints of RFC 7644 §4, rendered from the same definitions the rest of the server
 * uses. Filtering is not supported on them (§4 allows that), so query parameters are ignored.
 */
public final class DiscoveryEndpoints {

    private final ServiceProviderFeatures features;
    private final List<ResourceTypeDefinition> resourceTypes;
    private final Map<String, SchemaDefinition> schemas = new LinkedHashMap<>();

    public DiscoveryEndpoints(ServiceProviderFeatures features, List<ResourceTypeDefinition> resourceTypes) {
        this.features = features;
        this.resourceTypes = List.copyOf(resourceTypes);
        resourceTypes.stream().flatMap(ResourceTypeDefinition::allSchemas).forEach(s -> schemas.putIfAbsent(s.id(), s));
    }

    public void register(ScimRouter router) {
        router.route("GET", "ServiceProviderConfig",
                (req, vars) -> ScimResponse.ok(features.toJson(req.location("ServiceProviderConfig"))));
        router.route("GET", "ResourceTypes", (req, vars) -> ScimResponse.ok(
                new ListResponse(resourceTypes.size(), 1, resourceTypes.stream().map(t -> resourceTypeJson(req, t)).toList()).toJson()));
        router.route("GET", "ResourceTypes/{id}", (req, vars) -> ScimResponse.ok(resourceTypes.stream()
                .filter(t -> t.id().equalsIgnoreCase(vars.get("id")))
                .findFirst()
                .map(t -> resourceTypeJson(req, t))
                .orElseThrow(() -> ScimException.notFound("No resource type '" + vars.get("id") + "'."))));
        router.route("GET", "Schemas", (req, vars) -> ScimResponse.ok(
                new ListResponse(schemas.size(), 1, schemas.values().stream().map(s -> schemaJson(req, s)).toList()).toJson()));
        router.route("GET", "Schemas/{id}", (req, vars) -> ScimResponse.ok(schemas.values().stream()
                .filter(s -> s.id().equalsIgnoreCase(vars.get("id")))
                .findFirst()
                .map(s -> schemaJson(req, s))
                .orElseThrow(() -> ScimException.notFound("No schema '" + vars.get("id") + "'."))));
    }

    private static ObjectNode resourceTypeJson(ScimRequest req, ResourceTypeDefinition type) {
        return type.toJson(req.location("ResourceTypes/" + type.id()));
    }

    private static ObjectNode schemaJson(ScimRequest req, SchemaDefinition schema) {
        return schema.toJson(req.location("Schemas/" + schema.id()));
    }
}
