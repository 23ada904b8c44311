package dev.kcscim.protocol.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.routing.ScimRequest;
import dev.kcscim.protocol.routing.ScimRouter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiscoveryEndpointsTest {

    private static final String BASE = "https://sso.example.com/realms/acme/provisioning/scim/v2";
    private final ScimRouter router = new ScimRouter();

    DiscoveryEndpointsTest() {
        new DiscoveryEndpoints(new ServiceProviderFeatures(true, true, 200, true, true, false, false, 0, 0, null),
                List.of(CoreSchemas.USER_RESOURCE_TYPE, CoreSchemas.GROUP_RESOURCE_TYPE)).register(router);
    }

    private JsonNode get(String path) {
        return router.dispatch(new ScimRequest("GET", path, Map.of(), Map.of(), null, BASE)).body();
    }

    @Test
    void serviceProviderConfigReflectsTheFeatures() {
        JsonNode spc = get("ServiceProviderConfig");
        assertTrue(spc.get("patch").get("supported").asBoolean());
        assertFalse(spc.get("bulk").get("supported").asBoolean());
        assertFalse(spc.get("changePassword").get("supported").asBoolean());
        assertEquals(200, spc.get("filter").get("maxResults").asInt());
        assertEquals("oauthbearertoken", spc.get("authenticationSchemes").get(0).get("type").asText());
        assertEquals(BASE + "/ServiceProviderConfig", spc.get("meta").get("location").asText());
    }

    @Test
    void resourceTypesPointAtServedSchemas() {
        JsonNode types = get("ResourceTypes");
        assertEquals(2, types.get("totalResults").asInt());
        JsonNode user = get("ResourceTypes/User");
        assertEquals("/Users", user.get("endpoint").asText());
        assertEquals(CoreSchemas.USER, user.get("schema").asText());
        assertEquals(CoreSchemas.ENTERPRISE_USER, user.get("schemaExtensions").get(0).get("schema").asText());
        assertEquals(BASE + "/ResourceTypes/User", user.get("meta").get("location").asText());
        assertEquals(3, get("Schemas").get("totalResults").asInt());
        assertEquals(CoreSchemas.GROUP, get("Schemas/" + CoreSchemas.GROUP).get("id").asText());
    }

    @Test
    void schemaAttributesFollowRfc7643Section7() {
        JsonNode user = get("Schemas/" + CoreSchemas.USER);
        JsonNode userName = find(user.get("attributes"), "userName");
        assertEquals("string", userName.get("type").asText());
        assertTrue(userName.get("required").asBoolean());
        assertEquals("server", userName.get("uniqueness").asText());
        JsonNode password = find(user.get("attributes"), "password");
        assertEquals("writeOnly", password.get("mutability").asText());
        assertEquals("never", password.get("returned").asText());
        JsonNode emails = find(user.get("attributes"), "emails");
        assertTrue(emails.get("multiValued").asBoolean());
        assertEquals("complex", emails.get("type").asText());
        assertEquals("boolean", find(emails.get("subAttributes"), "primary").get("type").asText());
        for (JsonNode attribute : user.get("attributes")) {
            for (String field : List.of("name", "type", "multiValued", "description", "required", "mutability", "returned")) {
                assertTrue(attribute.has(field), attribute.get("name") + " lacks " + field);
            }
        }
    }

    @Test
    void unknownIdsAre404() {
        assertEquals(404, assertThrows(ScimException.class, () -> get("ResourceTypes/Printer")).error().status());
        assertEquals(404, assertThrows(ScimException.class, () -> get("Schemas/urn:nope")).error().status());
    }

    private static JsonNode find(JsonNode attributes, String name) {
        for (JsonNode a : attributes) {
            if (a.get("name").asText().equals(name)) {
                return a;
            }
        }
        throw new AssertionError("no attribute " + name);
    }
}
