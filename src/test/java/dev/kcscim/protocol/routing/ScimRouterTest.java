package dev.kcscim.protocol.routing;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.kcscim.protocol.ScimException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScimRouterTest {

    private final ScimRouter router = new ScimRouter()
            .route("GET", "Users", (r, v) -> ScimResponse.ok(TextNode.valueOf("list")))
            .route("POST", "Users", (r, v) -> ScimResponse.ok(TextNode.valueOf("create")))
            .route("GET", "Users/{id}", (r, v) -> ScimResponse.ok(TextNode.valueOf("get " + v.get("id"))))
            .route("DELETE", "Users/{id}", (r, v) -> ScimResponse.noContent());

    private static ScimRequest request(String method, String path, Map<String, List<String>> headers, String body) {
        return new ScimRequest(method, path, Map.of(), headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                "http://kc/realms/r/provisioning/scim/v2/");
    }

    private ScimResponse dispatch(String method, String path) {
        return router.dispatch(request(method, path, Map.of(), null));
    }

    @Test
    void matchesLiteralSegmentsCaseInsensitivelyAndBindsVariables() {
        assertEquals("list", dispatch("GET", "Users").body().asText());
        assertEquals("list", dispatch("get", "/users/").body().asText());
        assertEquals("get 42", dispatch("GET", "Users/42").body().asText());
        assertEquals(204, dispatch("DELETE", "USERS/42").status());
    }

    @Test
    void unknownPathIs404() {
        ScimException e = assertThrows(ScimException.class, () -> dispatch("GET", "Printers"));
        assertEquals(404, e.error().status());
        assertEquals(404, assertThrows(ScimException.class, () -> dispatch("GET", "Users/1/extra")).error().status());
        assertEquals(404, assertThrows(ScimException.class, () -> dispatch("GET", "")).error().status());
    }

    @Test
    void wrongMethodIs405NamingTheAllowedOnes() {
        ScimException e = assertThrows(ScimException.class, () -> dispatch("PUT", "Users"));
        assertEquals(405, e.error().status());
        assertEquals("GET, POST", e.headers().get("Allow"));
        assertEquals("DELETE, GET", assertThrows(ScimException.class, () -> dispatch("PATCH", "Users/1")).headers().get("Allow"));
    }

    @Test
    void bodyMustBeJson() {
        for (String type : List.of("application/scim+json", "application/json; charset=utf-8", "APPLICATION/JSON")) {
            assertEquals("create", router.dispatch(request("POST", "Users", Map.of("content-type", List.of(type)), "{}")).body().asText());
        }
        ScimException e = assertThrows(ScimException.class,
                () -> router.dispatch(request("POST", "Users", Map.of("content-type", List.of("text/plain")), "x")));
        assertEquals(415, e.error().status());
    }

    @Test
    void acceptMustAllowScimJson() {
        for (String accept : List.of("application/scim+json", "application/json", "*/*", "text/html, application/*;q=0.1")) {
            assertEquals("list", router.dispatch(request("GET", "Users", Map.of("accept", List.of(accept)), null)).body().asText());
        }
        ScimException e = assertThrows(ScimException.class,
                () -> router.dispatch(request("GET", "Users", Map.of("accept", List.of("application/xml")), null)));
        assertEquals(406, e.error().status());
    }

    @Test
    void locationsAreAbsoluteUnderTheBase() {
        assertEquals("http://kc/realms/r/provisioning/scim/v2/Users/1", request("GET", "", Map.of(), null).location("Users/1"));
    }
}
