package dev.kcscim.protocol.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.schema.AttributeResolver;
import dev.kcscim.protocol.schema.CoreSchemas;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PatchEngineTest {

    private static final String ENTERPRISE = CoreSchemas.ENTERPRISE_USER;
    private final PatchEngine engine = new PatchEngine(new AttributeResolver(CoreSchemas.USER_RESOURCE_TYPE));

    private static ObjectNode user() {
        return (ObjectNode) json("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"1","userName":"kay@contoso.example",
                 "name":{"givenName":"Kay","familyName":"Johnson"},"active":true,"title":"Engineer",
                 "emails":[{"value":"kay@contoso.example","type":"work","primary":true},{"value":"kay@home.example","type":"home"}]}
                """);
    }

    private static JsonNode json(String text) {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private ObjectNode apply(String body) {
        return engine.apply(user(), PatchOperation.parseRequest(json(body)));
    }

    private static String ops(String operations) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[" + operations + "]}";
    }

    @Test
    void oktaPathlessDeactivate() {
        ObjectNode result = apply(ops("{\"op\":\"replace\",\"value\":{\"active\":false}}"));
        assertFalse(result.get("active").asBoolean());
        assertEquals("Engineer", result.get("title").asText());
    }

    @Test
    void entraCapitalisedOpsAndStringBooleans() {
        ObjectNode result = apply(ops("{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"},"
                + "{\"op\":\"Add\",\"path\":\"nickName\",\"value\":\"K\"}"));
        assertEquals("False", result.get("active").asText(), "booleans are coerced when the user is read");
        assertEquals("K", result.get("nickName").asText());
    }

    @Test
    void valuePathWithSubAttribute() {
        ObjectNode result = apply(ops("{\"op\":\"replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"k.j@contoso.example\"}"));
        assertEquals("k.j@contoso.example", result.get("emails").get(0).get("value").asText());
        assertEquals("kay@home.example", result.get("emails").get(1).get("value").asText());
    }

    @Test
    void replaceThroughAnEqualityThatMatchesNothingAddsTheValue() {
        ObjectNode result = apply(ops("{\"op\":\"replace\",\"path\":\"phoneNumbers[type eq \\\"mobile\\\"].value\",\"value\":\"+1 555\"}"));
        assertEquals("mobile", result.get("phoneNumbers").get(0).get("type").asText());
        assertEquals("+1 555", result.get("phoneNumbers").get(0).get("value").asText());
        ScimException e = assertThrows(ScimException.class,
                () -> apply(ops("{\"op\":\"replace\",\"path\":\"emails[value co \\\"zzz\\\"].type\",\"value\":\"x\"}")));
        assertEquals("noTarget", e.error().scimType().name());
    }

    @Test
    void removeByFilterAndWholeAttribute() {
        ObjectNode result = apply(ops("{\"op\":\"remove\",\"path\":\"emails[type eq \\\"home\\\"]\"},{\"op\":\"remove\",\"path\":\"title\"}"));
        assertEquals(1, result.get("emails").size());
        assertNull(result.get("title"));
        ObjectNode sub = apply(ops("{\"op\":\"remove\",\"path\":\"name.familyName\"}"));
        assertNull(sub.get("name").get("familyName"));
        assertEquals("Kay", sub.get("name").get("givenName").asText());
    }

    @Test
    void addToMultiValuedAppendsWithoutDuplicates() {
        ObjectNode result = apply(ops("{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"kay@home.example\",\"type\":\"home\"},{\"value\":\"third@x.example\",\"type\":\"other\"}]}"));
        assertEquals(3, result.get("emails").size());
        ObjectNode replaced = apply(ops("{\"op\":\"replace\",\"path\":\"emails\",\"value\":[{\"value\":\"only@x.example\",\"primary\":true}]}"));
        assertEquals(1, replaced.get("emails").size());
    }

    @Test
    void removeWithValueArrayRemovesOnlyThose() {
        ObjectNode result = apply(ops("{\"op\":\"remove\",\"path\":\"emails\",\"value\":[{\"value\":\"kay@home.example\"}]}"));
        assertEquals(1, result.get("emails").size());
        assertEquals("work", result.get("emails").get(0).get("type").asText());
    }

    @Test
    void pathlessDottedAndUrnKeysAndExtensionObjects() {
        ObjectNode result = apply(ops("{\"op\":\"replace\",\"value\":{\"name.givenName\":\"Katherine\","
                + "\"" + ENTERPRISE + ":department\":\"Research\","
                + "\"" + ENTERPRISE + "\":{\"division\":\"Langley\",\"manager\":\"42\"},"
                + "\"urn:ietf:params:scim:schemas:core:2.0:User:title\":\"Scientist\"}}"));
        assertEquals("Katherine", result.get("name").get("givenName").asText());
        assertEquals("Johnson", result.get("name").get("familyName").asText(), "complex replace merges sub-attributes");
        assertEquals("Research", result.get(ENTERPRISE).get("department").asText());
        assertEquals("Langley", result.get(ENTERPRISE).get("division").asText());
        assertEquals("42", result.get(ENTERPRISE).get("manager").asText(), "a bare manager id is kept for the mapper");
        assertEquals("Scientist", result.get("title").asText());
    }

    @Test
    void readOnlyAndUnknownPathlessKeysAreIgnored() {
        ObjectNode result = apply(ops("{\"op\":\"replace\",\"value\":{\"id\":\"other\",\"meta\":{},\"groups\":[],\"favourite\":\"x\",\"title\":\"CTO\"}}"));
        assertEquals("1", result.get("id").asText());
        assertEquals("CTO", result.get("title").asText());
        assertFalse(result.has("favourite"));
    }

    @Test
    void caseInsensitivePathsWriteCanonicalNames() {
        ObjectNode result = apply(ops("{\"op\":\"replace\",\"path\":\"NAME.GIVENNAME\",\"value\":\"K\"}"));
        assertEquals("K", result.get("name").get("givenName").asText());
        assertFalse(result.get("name").has("GIVENNAME"));
    }

    @Test
    void aFailingOperationLeavesTheInputUntouchedAndIsNamed() {
        ObjectNode original = user();
        ScimException e = assertThrows(ScimException.class, () -> engine.apply(original, PatchOperation.parseRequest(json(ops(
                "{\"op\":\"replace\",\"path\":\"title\",\"value\":\"X\"},{\"op\":\"replace\",\"path\":\"nosuch\",\"value\":1}")))));
        assertTrue(e.error().detail().startsWith("Operation 2 (replace nosuch)"), e.error().detail());
        assertEquals("invalidPath", e.error().scimType().name());
        assertEquals(user(), original);
    }

    @Test
    void requestShapeIsValidated() {
        for (String body : List.of("{}", "[]", "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"]}",
                ops(""), ops("{\"op\":\"move\",\"path\":\"title\",\"value\":1}"), ops("{\"op\":\"add\",\"path\":\"title\"}"),
                ops("{\"op\":\"remove\"}"), ops("{\"op\":\"add\",\"path\":5,\"value\":1}"), ops("7"))) {
            assertThrows(ScimException.class, () -> PatchOperation.parseRequest(json(body)), body);
        }
    }
}
