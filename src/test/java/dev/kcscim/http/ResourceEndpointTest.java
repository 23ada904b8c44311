package dev.kcscim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.protocol.ETags;
import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.filter.Filter;
import dev.kcscim.protocol.filter.FilterEvaluator;
import dev.kcscim.protocol.query.AttributeProjection;
import dev.kcscim.protocol.query.Paging;
import dev.kcscim.protocol.query.Sort;
import dev.kcscim.protocol.routing.ScimRequest;
import dev.kcscim.protocol.routing.ScimResponse;
import dev.kcscim.protocol.routing.ScimRouter;
import dev.kcscim.protocol.schema.AttributeResolver;
import dev.kcscim.protocol.schema.CoreSchemas;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.events.admin.ResourceType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generic resource endpoint over an in-memory handler, as SCIMple tests its resource base class: routes,
 * errors, versions and preconditions, projection, paging, the PATCH engine and the audit, with no Keycloak running.
 */
class ResourceEndpointTest {

    private static final String BASE = "https://sso.example.com/realms/acme/scim/v2";

    private final List<String> audited = new ArrayList<>();
    private Things things;
    private ScimRouter router;

    @BeforeEach
    void setUp() {
        things = new Things(true);
        router = new ScimRouter();
        new ResourceEndpoint<>(things, ScimLimits.DEFAULTS, (type, operation, path, json) -> audited.add(operation + " " + path)).register(router);
    }

    @Test
    void createAnswers201WithLocationAndVersionAndIsAudited() {
        ScimResponse created = call("POST", "Things", Map.of(), Map.of(), "{\"displayName\":\"Blue\"}");
        assertEquals(201, created.status());
        String id = created.body().get("id").asText();
        assertEquals(BASE + "/Things/" + id, created.headers().get("Location"));
        assertEquals(created.body().at("/meta/version").asText(), created.headers().get("ETag"));
        assertEquals(List.of("CREATE things/" + id), audited);
    }

    @Test
    void anUnknownIdIsA404ScimError() {
        ScimResponse answer = answer("GET", "Things/nope", Map.of(), Map.of(), null);
        assertEquals(404, answer.status());
        assertEquals("No thing 'nope'.", answer.body().get("detail").asText());
        assertTrue(answer.body().get("schemas").toString().contains("urn:ietf:params:scim:api:messages:2.0:Error"));
    }

    @Test
    void ifNoneMatchWithTheCurrentVersionIs304AndAnOldOneGetsTheResource() {
        String id = create("Blue");
        String etag = call("GET", "Things/" + id, Map.of(), Map.of(), null).headers().get("ETag");
        ScimResponse unchanged = call("GET", "Things/" + id, Map.of(), Map.of("if-none-match", etag), null);
        assertEquals(304, unchanged.status());
        assertNull(unchanged.body());
        assertEquals(etag, unchanged.headers().get("ETag"));
        ScimResponse changed = call("GET", "Things/" + id, Map.of(), Map.of("if-none-match", "W/\"old\""), null);
        assertEquals(200, changed.status());
        assertEquals("Blue", changed.body().get("displayName").asText());
    }

    @Test
    void aStaleIfMatchIs412AndChangesNothing() {
        String id = create("Blue");
        audited.clear();
        for (String method : List.of("PUT", "PATCH", "DELETE")) {
            String body = method.equals("PUT") ? "{\"displayName\":\"Red\"}"
                    : method.equals("PATCH") ? patch("replace", "displayName", "\"Red\"") : null;
            ScimResponse refused = answer(method, "Things/" + id, Map.of(), Map.of("if-match", "W/\"stale\""), body);
            assertEquals(412, refused.status(), method);
        }
        assertEquals("Blue", things.stored.get(id).get("displayName").asText());
        assertEquals(List.of(), audited);
    }

    @Test
    void putWithTheCurrentVersionReplacesAndAnswersTheNewVersion() {
        String id = create("Blue");
        String etag = things.version(id);
        ScimResponse replaced = call("PUT", "Things/" + id, Map.of(), Map.of("if-match", etag), "{\"displayName\":\"Red\"}");
        assertEquals(200, replaced.status());
        assertEquals("Red", replaced.body().get("displayName").asText());
        assertNotEquals(etag, replaced.headers().get("ETag"));
        assertEquals(things.version(id), replaced.headers().get("ETag"));
        assertEquals("UPDATE things/" + id, audited.get(audited.size() - 1));
    }

    @Test
    void patchGoesThroughThePatchEngine() {
        String id = create("Blue");
        ScimResponse patched = call("PATCH", "Things/" + id, Map.of(), Map.of(),
                patch("add", "externalId", "\"ext-1\""));
        assertEquals(200, patched.status());
        assertEquals("ext-1", things.stored.get(id).get("externalId").asText());
        assertEquals("Blue", things.stored.get(id).get("displayName").asText(), "what the PATCH does not name is kept");
        ScimException invalid = assertThrows(ScimException.class, () -> call("PATCH", "Things/" + id, Map.of(), Map.of(),
                patch("replace", "nosuch", "1")));
        assertEquals(400, invalid.error().status());
    }

    @Test
    void aHandlerMayAnswerAWriteWith204AndStillGiveTheVersion() {
        things.answerWrites = false;
        String id = create("Blue");
        ScimResponse patched = call("PATCH", "Things/" + id, Map.of(), Map.of(), patch("replace", "displayName", "\"Red\""));
        assertEquals(204, patched.status());
        assertNull(patched.body());
        assertEquals(things.version(id), patched.headers().get("ETag"));
    }

    @Test
    void deleteAnswers204AndTheResourceIsGone() {
        String id = create("Blue");
        assertEquals(204, call("DELETE", "Things/" + id, Map.of(), Map.of("if-match", things.version(id)), null).status());
        assertFalse(things.stored.containsKey(id));
        assertEquals("DELETE things/" + id, audited.get(audited.size() - 1));
        assertEquals(404, answer("GET", "Things/" + id, Map.of(), Map.of(), null).status());
    }

    @Test
    void listFiltersSortsPagesAndProjects() {
        for (String name : List.of("Delta", "alpha", "Charlie", "bravo")) {
            create(name);
        }
        JsonNode page = call("GET", "Things", Map.of("sortBy", "displayName", "startIndex", "2", "count", "2",
                "attributes", "displayName"), Map.of(), null).body();
        assertEquals(4, page.get("totalResults").asInt());
        assertEquals(2, page.get("startIndex").asInt());
        assertEquals(2, page.get("itemsPerPage").asInt());
        assertEquals("bravo", page.at("/Resources/0/displayName").asText());
        assertEquals("Charlie", page.at("/Resources/1/displayName").asText());
        assertTrue(page.at("/Resources/0/id").isTextual(), "id is always returned");
        assertTrue(page.at("/Resources/0/meta").isMissingNode(), "attributes=displayName leaves meta out");

        JsonNode filtered = call("GET", "Things", Map.of("filter", "displayName sw \"c\""), Map.of(), null).body();
        assertEquals(1, filtered.get("totalResults").asInt());
        assertEquals("Charlie", filtered.at("/Resources/0/displayName").asText());

        JsonNode searched = call("POST", "Things/.search", Map.of(), Map.of(),
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],\"filter\":\"displayName eq \\\"Delta\\\"\","
                        + "\"excludedAttributes\":[\"meta\"]}").body();
        assertEquals(1, searched.get("totalResults").asInt());
        assertTrue(searched.at("/Resources/0/meta").isMissingNode());
        assertEquals("Delta", searched.at("/Resources/0/displayName").asText());
    }

    @Test
    void anUnknownSortAttributeIs400NamingWhatCanBeSorted() {
        ScimResponse refused = answer("GET", "Things", Map.of("sortBy", "externalId"), Map.of(), null);
        assertEquals(400, refused.status());
        assertEquals("invalidValue", refused.body().get("scimType").asText());
        assertTrue(refused.body().get("detail").asText().contains("displayName"), refused.body().toString());
    }

    @Test
    void aReadOnlyTypeAnswersWritesWith405AllowingGet() {
        ScimRouter readOnly = new ScimRouter();
        new ResourceEndpoint<>(new Things(false), ScimLimits.DEFAULTS, Audit.NONE).register(readOnly);
        router = readOnly;
        ScimResponse refused = answer("POST", "Things", Map.of(), Map.of(), "{\"displayName\":\"x\"}");
        assertEquals(405, refused.status());
        assertEquals("GET", refused.headers().get("Allow"));
        assertEquals(200, call("GET", "Things", Map.of(), Map.of(), null).status());
    }

    private String create(String name) {
        return call("POST", "Things", Map.of(), Map.of(), "{\"displayName\":\"" + name + "\"}").body().get("id").asText();
    }

    private static String patch(String op, String path, String value) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"" + op
                + "\",\"path\":\"" + path + "\",\"value\":" + value + "}]}";
    }

    private ScimResponse call(String method, String path, Map<String, String> query, Map<String, String> headers, String body) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        headers.forEach((k, v) -> all.put(k, List.of(v)));
        if (body != null) {
            all.put("content-type", List.of("application/scim+json"));
        }
        return router.dispatch(new ScimRequest(method, path, query, all, body == null ? null : body.getBytes(StandardCharsets.UTF_8), BASE));
    }

    /** What the SCIM boundary answers, errors included. */
    private ScimResponse answer(String method, String path, Map<String, String> query, Map<String, String> headers, String body) {
        try {
            return call(method, path, query, headers, body);
        } catch (RuntimeException e) {
            return ScimErrors.answer(e, path, "test " + method + " " + path);
        }
    }

    /** Groups-shaped things kept in a map; their version is a hash of what they hold. */
    private static final class Things implements ResourceHandler<String> {

        private static final AttributeResolver RESOLVER = new AttributeResolver(CoreSchemas.GROUP_RESOURCE_TYPE);
        private static final Description DESCRIPTION = new Description("Things", RESOLVER, CoreSchemas.GROUP, List.of("displayName"),
                ResourceType.GROUP, "things");

        final Map<String, ObjectNode> stored = new LinkedHashMap<>();
        final boolean writable;
        boolean answerWrites = true;
        private int next = 1;

        Things(boolean writable) {
            this.writable = writable;
        }

        String version(String id) {
            return render(id, BASE, AttributeProjection.ALL).at("/meta/version").asText();
        }


        @Override
        public Description description() {
            return DESCRIPTION;
        }

        @Override
        public boolean writable() {
            return writable;
        }



        @Override
        public Page<String> search(Filter filter, int startIndex, int count, Sort sort, String baseUri) {
            FilterEvaluator evaluator = new FilterEvaluator(RESOLVER);
            List<String> ids = new ArrayList<>(stored.keySet().stream()
                    .filter(id -> filter == null || evaluator.matches(filter, render(id, baseUri, AttributeProjection.ALL))).toList());
            if (sort != null) {
                ids.sort(Comparator.comparing(id -> stored.get(id).get("displayName").asText(), String.CASE_INSENSITIVE_ORDER));
            }
            return new Page<>(ids.size(), Paging.slice(ids, startIndex, count));
        }

        @Override
        public String get(String id) {
            if (!stored.containsKey(id)) {
                throw ScimException.notFound("No thing '" + id + "'.");
            }
            return id;
        }

        @Override
        public String id(String resource) {
            return resource;
        }

        @Override
        public ObjectNode render(String id, String baseUri, AttributeProjection wanted) {
            ObjectNode json = stored.get(id).deepCopy();
            json.putArray("schemas").add(CoreSchemas.GROUP);
            json.put("id", id);
            ObjectNode meta = json.putObject("meta");
            meta.put("resourceType", "Group");
            meta.put("location", baseUri + "/Things/" + id);
            ETags.stamp(json);
            return json;
        }

        @Override
        public AttributeProjection answerAfterWrite(Map<String, String> query, boolean patch) {
            return answerWrites ? AttributeProjection.ALL : null;
        }



        @Override
        public String create(JsonNode body) {
            String id = "t" + next++;
            replace(id, body);
            return id;
        }

        @Override
        public void replace(String id, JsonNode body) {
            ObjectNode kept = Json.object();
            for (String field : List.of("displayName", "externalId")) {
                if (body.hasNonNull(field)) {
                    kept.set(field, body.get(field));
                }
            }
            stored.put(id, kept);
        }

        @Override
        public ObjectNode patchBase(String id) {
            return stored.get(id).deepCopy();
        }

        @Override
        public void delete(String id) {
            stored.remove(id);
        }
    }
}
