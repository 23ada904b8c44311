package dev.kcscim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.keycloak.scope.TeamScope;
import dev.kcscim.keycloak.scope.UserScope;
import dev.kcscim.keycloak.teams.GroupMapper;
import dev.kcscim.keycloak.teams.GroupQuery;
import dev.kcscim.keycloak.teams.GroupStore;
import dev.kcscim.observe.AdminEvents;
import dev.kcscim.protocol.ETags;
import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.ListResponse;
import dev.kcscim.protocol.patch.GroupPatchPlanner;
import dev.kcscim.protocol.patch.PatchOperation;
import dev.kcscim.protocol.query.AttributeProjection;
import dev.kcscim.protocol.query.ListQuery;
import dev.kcscim.protocol.query.Sort;
import dev.kcscim.protocol.resource.ScimGroup;
import dev.kcscim.protocol.routing.ScimRequest;
import dev.kcscim.protocol.routing.ScimResponse;
import dev.kcscim.protocol.routing.ScimRouter;
import dev.kcscim.protocol.schema.AttributeResolver;
import dev.kcscim.protocol.schema.CoreSchemas;
import dev.kcscim.tenant.RoleSettings;
import dev.kcscim.tenant.ScimPrincipal;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.List;
import java.util.Map;

/** {@code /Groups}: teams. Thin handlers over the team scope, store and query. */
final class GroupEndpoints {

    private static final AttributeResolver RESOLVER = new AttributeResolver(CoreSchemas.GROUP_RESOURCE_TYPE);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final TeamScope teams;
    private final ScimPrincipal principal;
    private final ScimLimits limits;
    private final GroupStore store;

    GroupEndpoints(KeycloakSession session, RealmModel realm, TeamScope teams, UserScope users, ScimPrincipal principal, ScimLimits limits,
                   RoleSettings roles) {
        this.session = session;
        this.realm = realm;
        this.teams = teams;
        this.principal = principal;
        this.limits = limits;
        this.store = new GroupStore(session, realm, teams, users, principal, roles);
    }

    void register(ScimRouter router) {
        router.route("GET", "Groups", (req, vars) -> list(req, ListQuery.parse(req.query(), limits.maxResults()), req.query()));
        router.route("POST", "Groups", (req, vars) -> create(req));
        router.route("POST", "Groups/.search", (req, vars) -> search(req));
        router.route("GET", "Groups/{id}", (req, vars) -> get(req, vars.get("id")));
        router.route("PUT", "Groups/{id}", (req, vars) -> replace(req, vars.get("id")));
        router.route("PATCH", "Groups/{id}", (req, vars) -> patch(req, vars.get("id")));
        router.route("DELETE", "Groups/{id}", (req, vars) -> delete(req, vars.get("id")));
    }

    private ObjectNode render(ScimRequest req, GroupModel group, AttributeProjection projection) {
        return projection.apply(GroupMapper.toJson(session, realm, group, req.baseUri(), projection.wants("members")));
    }

    private ScimResponse list(ScimRequest req, ListQuery query, Map<String, String> projectionParams) {
        AttributeProjection projection = AttributeProjection.parse(projectionParams, RESOLVER);
        Sort sort = Sort.parse(query.sortBy(), query.sortOrder(), CoreSchemas.GROUP, GroupQuery.SORTABLE, "Groups").orElse(null);
        GroupQuery.Page page = new GroupQuery(session, realm, teams, RESOLVER, req.baseUri(), limits.maxScan())
                .search(query.filter(), query.startIndex(), query.count(), sort);
        List<ObjectNode> resources = page.groups().stream().map(g -> render(req, g, projection)).toList();
        return ScimResponse.ok(new ListResponse(page.totalResults(), query.startIndex(), resources).toJson());
    }

    private ScimResponse search(ScimRequest req) {
        JsonNode body = Json.parse(req.body());
        return list(req, ListQuery.parseSearchBody(body, limits.maxResults()), SearchBodies.projection(body));
    }

    private ScimResponse create(ScimRequest req) {
        GroupModel group = store.create(ScimGroup.fromJson(Json.parse(req.body())));
        ObjectNode json = GroupMapper.toJson(session, realm, group, req.baseUri(), true);
        AdminEvents.emit(session, realm, principal, ResourceType.GROUP, OperationType.CREATE, "groups/" + group.getId(), json);
        return ScimResponse.created(json, json.get("meta").get("location").asText())
                .withHeader("ETag", json.get("meta").get("version").asText());
    }

    private ScimResponse get(ScimRequest req, String id) {
        GroupModel group = teams.get(id);
        String etag = GroupMapper.version(group);
        if (ETags.matches(req.header("if-none-match").orElse(null), etag)) {
            return new ScimResponse(304, Map.of("ETag", etag), null);
        }
        return ScimResponse.ok(render(req, group, AttributeProjection.parse(req.query(), RESOLVER))).withHeader("ETag", etag);
    }

    private ScimResponse replace(ScimRequest req, String id) {
        GroupModel group = checked(req, id);
        store.replace(group, ScimGroup.fromJson(Json.parse(req.body())));
        return written(req, group, AttributeProjection.ALL);
    }

    private ScimResponse patch(ScimRequest req, String id) {
        GroupModel group = checked(req, id);
        store.apply(group, GroupPatchPlanner.plan(PatchOperation.parseRequest(Json.parse(req.body()))));
        // RFC 7644 §3.5.2 allows 204. Returning a large team whole after every membership change would undo the
        // point of incremental PATCH, so the body is sent only when the client asks with attributes parameters.
        boolean asked = req.queryParam("attributes").isPresent() || req.queryParam("excludedAttributes").isPresent();
        return written(req, group, asked ? AttributeProjection.parse(req.query(), RESOLVER) : null);
    }

    private ScimResponse delete(ScimRequest req, String id) {
        GroupModel group = checked(req, id);
        ObjectNode json = GroupMapper.toJson(session, realm, group, req.baseUri(), false);
        store.delete(group);
        AdminEvents.emit(session, realm, principal, ResourceType.GROUP, OperationType.DELETE, "groups/" + id, json);
        return ScimResponse.noContent();
    }

    /** The team, after an {@code If-Match} check. */
    private GroupModel checked(ScimRequest req, String id) {
        GroupModel group = teams.get(id);
        ETags.checkIfMatch(req.header("if-match").orElse(null), GroupMapper.version(group));
        return group;
    }

    /** Records the change; answers with the team as projected, or 204 when {@code projection} is null. */
    private ScimResponse written(ScimRequest req, GroupModel group, AttributeProjection projection) {
        ObjectNode withoutMembers = GroupMapper.toJson(session, realm, group, req.baseUri(), false);
        AdminEvents.emit(session, realm, principal, ResourceType.GROUP, OperationType.UPDATE, "groups/" + group.getId(), withoutMembers);
        String etag = withoutMembers.get("meta").get("version").asText();
        if (projection == null) {
            return new ScimResponse(204, Map.of("ETag", etag), null);
        }
        return ScimResponse.ok(render(req, group, projection)).withHeader("ETag", etag);
    }
}
