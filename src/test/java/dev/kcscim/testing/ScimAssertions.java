package dev.kcscim.testing;

import com.fasterxml.jackson.databind.JsonNode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on SCIM answers that every integration test shares. */
public final class ScimAssertions {

    public static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

    private ScimAssertions() {
    }

    /** The answer has this status and a SCIM error body with a detail a person can act on. */
    public static JsonNode assertScimError(Http.Result result, int status) {
        assertEquals(status, result.status(), result::toString);
        assertIsScimError(result);
        return result.json();
    }

    /** The answer has this status and, where given, this {@code scimType}. */
    public static JsonNode assertScimError(Http.Result result, int status, String scimType) {
        JsonNode body = assertScimError(result, status);
        if (scimType != null) {
            assertEquals(scimType, body.path("scimType").asText(), result::toString);
        }
        return body;
    }

    /** Whatever its status, the body is a SCIM error: media type, schema, status as a string, a detail. */
    public static void assertIsScimError(Http.Result result) {
        String type = result.header("Content-Type");
        assertTrue(type != null && type.startsWith("application/scim+json"), "Content-Type of " + result + ": " + type);
        JsonNode body = result.json();
        assertEquals(ERROR_SCHEMA, body.path("schemas").path(0).asText(), result::toString);
        assertEquals(Integer.toString(result.status()), body.path("status").asText(), result::toString);
        assertFalse(body.path("detail").asText().isBlank(), "detail must say what is wrong: " + result);
    }
}
