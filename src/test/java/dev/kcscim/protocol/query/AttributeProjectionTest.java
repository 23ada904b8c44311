package dev.kcscim.protocol.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.schema.AttributeResolver;
import dev.kcscim.protocol.schema.CoreSchemas;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttributeProjectionTest {

    private static final AttributeResolver USERS = new AttributeResolver(CoreSchemas.USER_RESOURCE_TYPE);
    private static final AttributeResolver GROUPS = new AttributeResolver(CoreSchemas.GROUP_RESOURCE_TYPE);

    private static ObjectNode user() {
        return (ObjectNode) Json.parse(("{\"schemas\":[\"" + CoreSchemas.USER + "\",\"" + CoreSchemas.ENTERPRISE_USER + "\"],\"id\":\"1\","
                + "\"userName\":\"a@x\",\"name\":{\"givenName\":\"A\",\"familyName\":\"B\"},\"title\":\"T\","
                + "\"emails\":[{\"value\":\"a@x\",\"type\":\"work\",\"primary\":true}],"
                + "\"" + CoreSchemas.ENTERPRISE_USER + "\":{\"department\":\"D\",\"costCenter\":\"C\"},"
                + "\"meta\":{\"resourceType\":\"User\",\"version\":\"W/\\\"1\\\"\"}}").getBytes(StandardCharsets.UTF_8));
    }

    private static Set<String> names(ObjectNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static AttributeProjection parse(String name, String value, AttributeResolver resolver) {
        return AttributeProjection.parse(Map.of(name, value), resolver);
    }

    @Test
    void withoutParametersTheResourceIsUntouched() {
        ObjectNode user = user();
        assertSame(user, AttributeProjection.parse(Map.of(), USERS).apply(user));
        assertSame(user, parse("attributes", " ", USERS).apply(user));
        assertTrue(AttributeProjection.ALL.wants("members"));
    }

    @Test
    void attributesKeepWhatIsAskedPlusIdAndSchemas() {
        ObjectNode out = parse("attributes", "userName,name.givenName," + CoreSchemas.ENTERPRISE_USER + ":department", USERS).apply(user());
        assertEquals(Set.of("schemas", "id", "userName", "name", CoreSchemas.ENTERPRISE_USER), names(out));
        assertEquals(Set.of("givenName"), names((ObjectNode) out.get("name")));
        assertEquals(Set.of("department"), names((ObjectNode) out.get(CoreSchemas.ENTERPRISE_USER)));
    }

    @Test
    void unknownNamesNeverWidenTheAnswer() {
        AttributeProjection typo = parse("attributes", "typo", GROUPS);
        assertFalse(typo.wants("members"), "a team's members are not read for a typo");
        assertFalse(typo.wants("displayName"));
        assertEquals(Set.of("schemas", "id"), names(parse("attributes", "typo", USERS).apply(user())));
        assertEquals(Set.of("schemas", "id", "title"), names(parse("attributes", "typo,title", USERS).apply(user())));
        // Unknown names in excludedAttributes exclude nothing.
        assertEquals(names(user()), names(parse("excludedAttributes", "typo", USERS).apply(user())));
    }

    @Test
    void excludedAttributesDropButNeverWhatIsAlwaysReturned() {
        ObjectNode out = parse("excludedAttributes", "emails,id,name.familyName", USERS).apply(user());
        assertFalse(out.has("emails"));
        assertTrue(out.has("id"));
        assertEquals(Set.of("givenName"), names((ObjectNode) out.get("name")));
        assertFalse(parse("excludedAttributes", "members", GROUPS).wants("members"));
        assertTrue(parse("excludedAttributes", "members.display", GROUPS).wants("members"));
    }

    @Test
    void entraValuePathsNameTheirAttribute() {
        assertEquals(Set.of("schemas", "id", "emails"), names(parse("attributes", "emails[type eq \"work\"]", USERS).apply(user())));
    }

    @Test
    void malformedNamesAreInvalidValue() {
        ScimException e = assertThrows(ScimException.class, () -> parse("attributes", "1bad", USERS));
        assertEquals(400, e.error().status());
        assertEquals("invalidValue", e.error().scimType().name());
    }
}
