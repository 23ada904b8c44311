package dev.kcscim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.keycloak.scope.TeamScope;
import dev.kcscim.keycloak.scope.UserScope;
import dev.kcscim.keycloak.users.IdentityLinks;
import dev.kcscim.keycloak.users.UserMapper;
import dev.kcscim.keycloak.users.UserQuery;
import dev.kcscim.keycloak.users.UserStore;
import dev.kcscim.observe.AdminEvents;
import dev.kcscim.protocol.ETags;
import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.ListResponse;
import dev.kcscim.protocol.patch.PatchEngine;
import dev.kcscim.protocol.patch.PatchOperation;
import dev.kcscim.protocol.query.AttributeProjection;
import dev.kcscim.protocol.query.ListQuery;
import dev.kcscim.protocol.query.Sort;
import dev.kcscim.protocol.resource.ScimUser;
import dev.kcscim.protocol.routing.ScimRequest;
import dev.kcscim.protocol.routing.ScimResponse;
import dev.kcscim.protocol.routing.ScimRouter;
import dev.kcscim.protocol.schema.AttributeResolver;
import dev.kcscim.protocol.schema.CoreSchemas;
import dev.kcscim.tenant.ProvisioningSettings;
import dev.kcscim.tenant.ScimPrincipal;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.List;
import java.util.Map;

/** {@code /Users}: thin handlers that parse, call the user store or query, and render. */
final class UserEndpoints {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ScimPrincipal principal;
    private final UserStore store;
    private final ScimLimits limits;
    private final UserScope users;
    private final TeamScope teams;
    private final UserMapper mapper;
    private final AttributeResolver resolver;

    UserEndpoints(KeycloakSession session, RealmModel realm, ProvisioningSettings settings, UserScope users, TeamScope teams,
                  ScimPrincipal principal, ScimLimits limits, UserMapper mapper, IdentityLinks links) {
        this.mapper = mapper;
        this.resolver = mapper.mapping().resolver();
        this.limits = limits;
        this.users = users;
        this.teams = teams;
        this.session = session;
        this.realm = realm;
        this.principal = principal;
        this.store = new UserStore(session, realm, settings, principal, users, mapper, links);
    }

    void register(ScimRouter router) {
        router.route("GET", "Users", (req, vars) -> list(req, ListQuery.parse(req.query(), limits.maxResults()), req.query()));
        router.route("POST", "Users", (req, vars) -> create(req));
        router.route("POST", "Users/.search", (req, vars) -> search(req));
        router.route("GET", "Users/{id}", (req, vars) -> get(req, vars.get("id")));
        router.route("PUT", "Users/{id}", (req, vars) -> replace(req, vars.get("id")));
        router.route("PATCH", "Users/{id}", (req, vars) -> patch(req, vars.get("id")));
        router.route("DELETE", "Users/{id}", (req, vars) -> delete(req, vars.get("id")));
    }

    private ScimResponse list(ScimRequest req, ListQuery query, Map<String, String> projectionParams) {
        AttributeProjection projection = AttributeProjection.parse(projectionParams, resolver);
        Sort sort = Sort.parse(query.sortBy(), query.sortOrder(), CoreSchemas.USER, UserQuery.SORTABLE, "Users").orElse(null);
        UserQuery.Page page = new UserQuery(users, teams, mapper, req.baseUri(), limits.maxScan())
                .search(query.filter(), query.startIndex(), query.count(), sort);
        List<ObjectNode> resources = page.users().stream().map(u -> projection.apply(mapper.toJson(u, req.baseUri(), users, teams))).toList();
        return ScimResponse.ok(new ListResponse(page.totalResults(), query.startIndex(), resources).toJson());
    }

    private ScimResponse search(ScimRequest req) {
        JsonNode body = Json.parse(req.body());
        return list(req, ListQuery.parseSearchBody(body, limits.maxResults()), SearchBodies.projection(body));
    }

    private ScimResponse create(ScimRequest req) {
        ScimUser scim = ScimUser.fromJson(Json.parse(req.body()), mapper.mapping().catalog());
        UserModel user = store.create(scim);
        ObjectNode json = mapper.toJsonCreated(user, req.baseUri(), users, teams);
        AdminEvents.emit(session, realm, principal, ResourceType.USER, OperationType.CREATE, "users/" + user.getId(), json);
        return ScimResponse.created(json, json.get("meta").get("location").asText())
                .withHeader("ETag", json.get("meta").get("version").asText());
    }

    private ScimResponse get(ScimRequest req, String id) {
        ObjectNode json = mapper.toJson(store.get(id), req.baseUri(), users, teams);
        String etag = json.get("meta").get("version").asText();
        if (ETags.matches(req.header("if-none-match").orElse(null), etag)) {
            return new ScimResponse(304, Map.of("ETag", etag), null);
        }
        return ScimResponse.ok(AttributeProjection.parse(req.query(), resolver).apply(json)).withHeader("ETag", etag);
    }

    private ScimResponse replace(ScimRequest req, String id) {
        UserModel user = store.get(id);
        // Rendering the user to learn its version is only worth it when the client asks for the check.
        if (req.header("if-match").isPresent()) {
            ETags.checkIfMatch(req.header("if-match").get(), mapper.toJson(user, req.baseUri(), users, teams).get("meta").get("version").asText());
        }
        store.replace(user, ScimUser.fromJson(Json.parse(req.body()), mapper.mapping().catalog()));
        return written(req, user, OperationType.UPDATE);
    }

    private ScimResponse patch(ScimRequest req, String id) {
        UserModel user = store.get(id);
        if (req.header("if-match").isPresent()) {
            ETags.checkIfMatch(req.header("if-match").get(), mapper.toJson(user, req.baseUri(), users, teams).get("meta").get("version").asText());
        }
        List<PatchOperation> operations = PatchOperation.parseRequest(Json.parse(req.body()));
        ObjectNode patched = new PatchEngine(resolver).apply(mapper.toPatchBase(user, users), operations);
        if (mapper.mapping().roles().enabled() && !patched.has("roles")) {
            // The patch removed every role: absent from a PUT means "leave as is", so say "none" explicitly.
            patched.putArray("roles");
        }
        store.replace(user, ScimUser.fromJson(patched, mapper.mapping().catalog()));
        return written(req, user, OperationType.UPDATE);
    }

    private ScimResponse delete(ScimRequest req, String id) {
        UserModel user = store.get(id);
        ObjectNode json = mapper.toJson(user, req.baseUri(), users, teams);
        ETags.checkIfMatch(req.header("if-match").orElse(null), json.get("meta").get("version").asText());
        store.delete(user);
        AdminEvents.emit(session, realm, principal, ResourceType.USER, OperationType.DELETE, "users/" + id, json);
        return ScimResponse.noContent();
    }

    private ScimResponse written(ScimRequest req, UserModel user, OperationType operation) {
        ObjectNode json = mapper.toJson(user, req.baseUri(), users, teams);
        AdminEvents.emit(session, realm, principal, ResourceType.USER, operation, "users/" + user.getId(), json);
        return ScimResponse.ok(json).withHeader("ETag", json.get("meta").get("version").asText());
    }
}
