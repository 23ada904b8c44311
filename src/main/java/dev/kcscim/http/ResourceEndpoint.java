package dev.kcscim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.protocol.ETags;
import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.ListResponse;
import dev.kcscim.protocol.patch.PatchOperation;
import dev.kcscim.protocol.query.AttributeProjection;
import dev.kcscim.protocol.query.ListQuery;
import dev.kcscim.protocol.query.Sort;
import dev.kcscim.protocol.routing.ScimRequest;
import dev.kcscim.protocol.routing.ScimResponse;
import dev.kcscim.protocol.routing.ScimRouter;
import org.keycloak.events.admin.OperationType;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SCIM resource endpoint, written once for every resource type: list and {@code .search} with filter, sort,
 * paging and projection; read with {@code If-None-Match}; create, replace, patch and delete with {@code If-Match};
 * and an admin event for each change. What differs between users, teams and roles is in their
 * {@link ResourceHandler}.
 */
public final class ResourceEndpoint<R> {

    private final ResourceHandler<R> handler;
    private final ResourceHandler.Description type;
    private final ScimLimits limits;
    private final Audit audit;

    public ResourceEndpoint(ResourceHandler<R> handler, ScimLimits limits, Audit audit) {
        this.handler = handler;
        this.type = handler.description();
        this.limits = limits;
        this.audit = audit;
    }

    public void register(ScimRouter router) {
        String name = type.name();
        router.route("GET", name, (req, vars) -> list(req, ListQuery.parse(req.query(), limits.maxResults()), req.query()));
        if (handler.writable()) {
            router.route("POST", name, (req, vars) -> create(req));
            // Before {id}: routes match in the order they were registered.
            router.route("POST", name + "/.search", (req, vars) -> search(req));
        }
        router.route("GET", name + "/{id}", (req, vars) -> get(req, vars.get("id")));
        if (handler.writable()) {
            router.route("PUT", name + "/{id}", (req, vars) -> replace(req, vars.get("id")));
            router.route("PATCH", name + "/{id}", (req, vars) -> patch(req, vars.get("id")));
            router.route("DELETE", name + "/{id}", (req, vars) -> delete(req, vars.get("id")));
        }
        // A read-only type's other methods are the router's 405 with Allow: GET.
    }

    private ScimResponse list(ScimRequest req, ListQuery query, Map<String, String> projectionParams) {
        AttributeProjection projection = AttributeProjection.parse(projectionParams, type.resolver());
        ResourceHandler.Page<R> page = handler.search(query.filter(), query.startIndex(), query.count(),
                Sort.parse(query.sortBy(), query.sortOrder(), type.coreSchema(), type.sortable(), type.name()).orElse(null), req.baseUri());
        List<ObjectNode> resources = page.resources().stream()
                .map(r -> projection.apply(handler.render(r, req.baseUri(), projection))).toList();
        return ScimResponse.ok(new ListResponse(page.totalResults(), query.startIndex(), resources).toJson());
    }

    private ScimResponse search(ScimRequest req) {
        JsonNode body = Json.parse(req.body());
        return list(req, ListQuery.parseSearchBody(body, limits.maxResults()), SearchBodies.projection(body));
    }

    private ScimResponse get(ScimRequest req, String id) {
        R resource = handler.get(id);
        String ifNoneMatch = req.header("if-none-match").orElse(null);
        Optional<String> known = handler.knownVersion(resource);
        if (known.isPresent() && ETags.matches(ifNoneMatch, known.get())) {
            return notModified(known.get());
        }
        AttributeProjection projection = AttributeProjection.parse(req.query(), type.resolver());
        ObjectNode json = handler.render(resource, req.baseUri(), projection);
        String etag = known.orElseGet(() -> versionOf(json));
        if (etag != null && ETags.matches(ifNoneMatch, etag)) {
            return notModified(etag);
        }
        return withETag(ScimResponse.ok(projection.apply(json)), etag);
    }

    private ScimResponse create(ScimRequest req) {
        R resource = handler.create(Json.parse(req.body()));
        ObjectNode json = handler.renderCreated(resource, req.baseUri());
        record(OperationType.CREATE, handler.id(resource), json);
        return withETag(ScimResponse.created(json, json.get("meta").get("location").asText()), versionOf(json));
    }

    private ScimResponse replace(ScimRequest req, String id) {
        R resource = checked(req, id);
        handler.replace(resource, Json.parse(req.body()));
        return written(req, resource, false);
    }

    private ScimResponse patch(ScimRequest req, String id) {
        R resource = checked(req, id);
        handler.patch(resource, PatchOperation.parseRequest(Json.parse(req.body())));
        return written(req, resource, true);
    }

    private ScimResponse delete(ScimRequest req, String id) {
        R resource = handler.get(id);
        ObjectNode json = handler.recorded(resource, req.baseUri(), null);
        ETags.checkIfMatch(req.header("if-match").orElse(null), versionOf(json));
        handler.delete(resource);
        record(OperationType.DELETE, id, json);
        return ScimResponse.noContent();
    }

    /** The resource, after an {@code If-Match} check; its version is worked out only when the client asks. */
    private R checked(ScimRequest req, String id) {
        R resource = handler.get(id);
        Optional<String> ifMatch = req.header("if-match");
        if (ifMatch.isPresent()) {
            String current = handler.knownVersion(resource)
                    .orElseGet(() -> versionOf(handler.render(resource, req.baseUri(), AttributeProjection.ALL)));
            ETags.checkIfMatch(ifMatch.get(), current);
        }
        return resource;
    }

    /** Records the change and answers as the handler says: the resource (projected) with its version, or 204. */
    private ScimResponse written(ScimRequest req, R resource, boolean patch) {
        AttributeProjection answer = handler.answerAfterWrite(req.query(), patch);
        ObjectNode whole = answer == AttributeProjection.ALL ? handler.render(resource, req.baseUri(), answer) : null;
        ObjectNode recorded = handler.recorded(resource, req.baseUri(), whole);
        record(OperationType.UPDATE, handler.id(resource), recorded);
        String etag = versionOf(recorded);
        if (answer == null) {
            return new ScimResponse(204, Map.of("ETag", etag), null);
        }
        ObjectNode body = whole != null ? whole : answer.apply(handler.render(resource, req.baseUri(), answer));
        return withETag(ScimResponse.ok(body), etag);
    }

    private void record(OperationType operation, String id, ObjectNode representation) {
        audit.record(type.auditType(), operation, type.auditPath() + "/" + id, representation);
    }

    private static String versionOf(ObjectNode json) {
        JsonNode version = json.path("meta").get("version");
        return version == null ? null : version.asText();
    }

    private static ScimResponse notModified(String etag) {
        return new ScimResponse(304, Map.of("ETag", etag), null);
    }

    private static ScimResponse withETag(ScimResponse response, String etag) {
        return etag == null ? response : response.withHeader("ETag", etag);
    }
}
