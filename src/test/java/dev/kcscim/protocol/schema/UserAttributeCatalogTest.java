package dev.kcscim.protocol.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.resource.ScimUser;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalog is the one declaration: the schemas and the User's reading and writing all follow it. */
class UserAttributeCatalogTest {

    private static final AttributeResolver USERS = new AttributeResolver(CoreSchemas.USER_RESOURCE_TYPE);

    @Test
    void everyEntryIsInTheServedSchemasWithItsDefinition() {
        for (UserAttributeCatalog.Entry entry : UserAttributeCatalog.BUILT_IN.entries()) {
            ResolvedAttribute resolved = USERS.resolve(AttrPath.parse(entry.path()));
            assertEquals(entry.definition(), resolved.leaf(), entry.key());
            assertEquals(entry.place() == UserAttributeCatalog.Place.ENTERPRISE, resolved.extension(), entry.key());
        }
    }

    @Test
    void keysAndStorageNamesAreUnique() {
        Set<String> keys = new HashSet<>();
        Set<String> storage = new HashSet<>();
        for (UserAttributeCatalog.Entry entry : UserAttributeCatalog.BUILT_IN.entries()) {
            assertTrue(keys.add(entry.key()), entry.key());
            assertTrue(storage.add(entry.storage()), entry.storage());
            assertTrue(!entry.label().isBlank(), entry.key());
        }
        assertTrue(!storage.contains(UserAttributeCatalog.MANAGER_STORAGE));
    }

    @Test
    void everyEntryRoundTripsThroughTheUserRepresentation() {
        Map<String, String> values = new LinkedHashMap<>();
        UserAttributeCatalog.BUILT_IN.entries().forEach(e -> values.put(e.key(), "value of " + e.key()));
        values.put(ScimUser.MANAGER_KEY, "manager-id");
        ScimUser user = new ScimUser("u@x", null, true, values, List.of(), List.of(), List.of(), null);
        ObjectNode json = user.toJson("1", null, Json.object(), null);
        for (UserAttributeCatalog.Entry entry : UserAttributeCatalog.BUILT_IN.entries()) {
            JsonNode holder = switch (entry.place()) {
                case CORE -> json;
                case NAME -> json.get("name");
                case ENTERPRISE -> json.get(CoreSchemas.ENTERPRISE_USER);
                case EXTENSION -> json.get(CoreSchemas.KEYCLOAK_USER);
            };
            assertEquals("value of " + entry.key(), holder.get(entry.definition().name()).asText(), entry.key());
        }
        assertEquals(values, ScimUser.fromJson(json).attributes());
    }
}
