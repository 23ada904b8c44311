package dev.kcscim.protocol.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.protocol.routing.ScimResponse;
import dev.kcscim.protocol.routing.ScimRouter;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /ServiceProviderConfig advertises what the routes really take, never a literal claim. */
class ServiceProviderFeaturesTest {

    private static final String LOCATION = "https://sso.example.com/realms/acme/provisioning/scim/v2/ServiceProviderConfig";

    @Test
    void aRouterWithoutPatchOrBulkAdvertisesNeither() {
        ScimRouter router = new ScimRouter().route("GET", "Users", (req, vars) -> ScimResponse.noContent());
        JsonNode spc = ServiceProviderFeatures.wired(router, false, true, false, 200, 1000, 1024).toJson(LOCATION);
        assertFalse(spc.get("patch").get("supported").asBoolean());
        assertFalse(spc.get("bulk").get("supported").asBoolean());
        assertEquals(0, spc.get("bulk").get("maxOperations").asInt(), "no limits for a feature that is not there");
        assertTrue(spc.get("filter").get("supported").asBoolean());
        assertFalse(spc.get("sort").get("supported").asBoolean());
    }

    @Test
    void routedPatchAndBulkAreAdvertisedWithTheirLimits() {
        ScimRouter router = new ScimRouter()
                .route("GET", "Users", (req, vars) -> ScimResponse.noContent())
                .route("PATCH", "Users/{id}", (req, vars) -> ScimResponse.noContent())
                .route("POST", "Bulk", (req, vars) -> ScimResponse.noContent());
        JsonNode spc = ServiceProviderFeatures.wired(router, true, true, true, 200, 1000, 1024).toJson(LOCATION);
        assertTrue(spc.get("patch").get("supported").asBoolean());
        assertTrue(spc.get("bulk").get("supported").asBoolean());
        assertEquals(1000, spc.get("bulk").get("maxOperations").asInt());
        assertEquals(1024, spc.get("bulk").get("maxPayloadSize").asInt());
        assertTrue(spc.get("sort").get("supported").asBoolean());
        assertFalse(new ScimRouter().route("GET", "Users/{id}", (req, vars) -> ScimResponse.noContent()).handles("PATCH", "Users/{id}"));
    }
}
