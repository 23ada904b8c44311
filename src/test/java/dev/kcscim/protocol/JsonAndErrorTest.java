package dev.kcscim.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonAndErrorTest {

    @Test
    void errorBodyFollowsRfc7644Section312() {
        JsonNode json = new ScimError(409, ScimType.uniqueness, "userName is taken").toJson();
        assertEquals("urn:ietf:params:scim:api:messages:2.0:Error", json.get("schemas").get(0).asText());
        assertEquals("409", json.get("status").asText());
        assertEquals(true, json.get("status").isTextual());
        assertEquals("uniqueness", json.get("scimType").asText());
        assertEquals("userName is taken", json.get("detail").asText());
        assertFalse(new ScimError(404, null, "x").toJson().has("scimType"));
    }

    @Test
    void malformedJsonIsInvalidSyntax() {
        for (String body : new String[]{"{", "{\"a\":1} trailing", "", "nul"}) {
            ScimException e = assertThrows(ScimException.class, () -> Json.parse(body.getBytes(StandardCharsets.UTF_8)));
            assertEquals(400, e.error().status(), body);
            assertEquals(ScimType.invalidSyntax, e.error().scimType(), body);
        }
    }

    @Test
    void hostileNestingIsRefusedCheaply() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        ScimException e = assertThrows(ScimException.class, () -> Json.parse(deep.getBytes(StandardCharsets.UTF_8)));
        assertEquals(ScimType.invalidSyntax, e.error().scimType());
    }
}
