package dev.kcscim.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.RealmFixture;
import dev.kcscim.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 7644 §4 discovery endpoints on the real server. */
class DiscoveryIT {

    @RegisterExtension
    static final RealmFixture fixture = RealmFixture.provisioned("discovery", java.util.Map.of());

    private static TestServer server;
    private static String realm;
    private static String token;

    @BeforeAll
    static void setUp() {
        server = fixture.server();
        realm = fixture.name();
        token = fixture.scim().token();
    }


    private Http.Result get(String path) {
        return Http.get(server.scimBase(realm) + path).bearer(token).send();
    }

    @Test
    void serviceProviderConfigStatesWhatIsSupported() {
        Http.Result result = get("/ServiceProviderConfig");
        assertEquals(200, result.status(), result::toString);
        assertTrue(result.header("Content-Type").startsWith("application/scim+json"), result.header("Content-Type"));
        JsonNode spc = result.json();
        assertEquals("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig", spc.get("schemas").get(0).asText());
        for (String feature : new String[]{"patch", "bulk", "filter", "changePassword", "sort", "etag"}) {
            assertTrue(spc.get(feature).get("supported").isBoolean(), feature + " must state supported");
        }
        assertTrue(spc.get("filter").get("maxResults").asInt() > 0);
        assertEquals("oauthbearertoken", spc.get("authenticationSchemes").get(0).get("type").asText());
        assertEquals(server.scimBase(realm) + "/ServiceProviderConfig", spc.get("meta").get("location").asText());
        assertEquals("ServiceProviderConfig", spc.get("meta").get("resourceType").asText());
    }

    @Test
    void everyResourceTypeAndItsSchemasCanBeFetchedOneByOne() {
        JsonNode types = get("/ResourceTypes").json();
        assertEquals("urn:ietf:params:scim:api:messages:2.0:ListResponse", types.get("schemas").get(0).asText());
        assertEquals(types.get("Resources").size(), types.get("totalResults").asInt());
        JsonNode schemas = get("/Schemas").json();
        assertEquals(schemas.get("Resources").size(), schemas.get("totalResults").asInt());
        for (JsonNode type : types.get("Resources")) {
            Http.Result single = get("/ResourceTypes/" + type.get("id").asText());
            assertEquals(200, single.status(), single::toString);
            assertEquals(type, single.json());
            Http.Result schema = get("/Schemas/" + URLEncoder.encode(type.get("schema").asText(), StandardCharsets.UTF_8));
            assertEquals(200, schema.status(), schema::toString);
        }
        for (JsonNode schema : schemas.get("Resources")) {
            Http.Result single = get("/Schemas/" + schema.get("id").asText());
            assertEquals(200, single.status(), single::toString);
            assertEquals(schema, single.json());
            assertTrue(schema.get("attributes").isArray());
        }
    }

    @Test
    void unknownResourceTypeOrSchemaIsAScim404() {
        for (String path : new String[]{"/ResourceTypes/Printer", "/Schemas/urn:example:nope"}) {
            Http.Result result = get(path);
            assertEquals(404, result.status(), result::toString);
            assertEquals("urn:ietf:params:scim:api:messages:2.0:Error", result.json().get("schemas").get(0).asText());
            assertEquals("404", result.json().get("status").asText());
        }
    }
}
