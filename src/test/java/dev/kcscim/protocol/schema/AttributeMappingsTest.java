package dev.kcscim.protocol.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.filter.FilterEvaluator;
import dev.kcscim.protocol.filter.FilterParser;
import dev.kcscim.protocol.patch.PatchEngine;
import dev.kcscim.protocol.patch.PatchOperation;
import dev.kcscim.protocol.resource.ScimUser;
import dev.kcscim.protocol.schema.AttributeDefinition.Type;
import dev.kcscim.protocol.schema.AttributeMapping.Direction;
import dev.kcscim.protocol.schema.AttributeMappings.ProfileAttribute;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mapping definitions: the catalog, the /Schemas they produce, the rules that refuse bad ones, and their use. */
class AttributeMappingsTest {

    private static final String KC = CoreSchemas.KEYCLOAK_USER;

    /** A User Profile with a few attributes of every shape. */
    private static final Map<String, ProfileAttribute> PROFILE = Map.of(
            "githubHandle", new ProfileAttribute("githubHandle", "GitHub handle", false, true, Type.STRING),
            "badgeNumber", new ProfileAttribute("badgeNumber", "Badge number", false, true, Type.INTEGER),
            "skills", new ProfileAttribute("skills", "Skills", true, true, Type.STRING),
            "hrId", new ProfileAttribute("hrId", "HR id", false, false, Type.STRING),
            "jobTitle", new ProfileAttribute("jobTitle", "Job title", false, true, Type.STRING),
            "title", new ProfileAttribute("title", "Title", false, true, Type.STRING),
            "department", new ProfileAttribute("department", "Department", false, true, Type.STRING));

    private static final AttributeMappings RULES = new AttributeMappings(name -> Optional.ofNullable(PROFILE.get(name)),
            Set.of("username", "email", "manager"));

    private static UserAttributeCatalog catalog(AttributeMapping... mappings) {
        return RULES.resolve(List.of(mappings), Map.of()).catalog();
    }

    private static List<String> problems(AttributeMapping... mappings) {
        return assertThrows(AttributeMappings.MappingException.class, () -> RULES.resolve(List.of(mappings), Map.of())).problems();
    }

    private static JsonNode json(String text) {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode attributeJson(ResourceTypeDefinition type, String schemaId, String name) {
        SchemaDefinition schema = type.allSchemas().filter(s -> s.id().equals(schemaId)).findFirst().orElseThrow();
        for (JsonNode attribute : schema.toJson("x").get("attributes")) {
            if (attribute.get("name").asText().equals(name)) {
                return attribute;
            }
        }
        throw new AssertionError(name + " is not in " + schemaId);
    }

    @Test
    void withoutMappingsTheCatalogIsTheBuiltInOneAndTheKeycloakExtensionIsNotServed() {
        assertEquals(UserAttributeCatalog.BUILT_IN, catalog());
        ResourceTypeDefinition type = CoreSchemas.userResourceType(catalog(), false);
        assertEquals(List.of(CoreSchemas.ENTERPRISE_USER), type.extensions().stream().map(SchemaDefinition::id).toList());
        assertTrue(type.schema().attribute("roles").isEmpty(), "roles are described only when some are provisionable");
        assertTrue(CoreSchemas.userResourceType(catalog(), true).schema().attribute("roles").isPresent());
    }

    @Test
    void extensionAttributesAppearInSchemasWithTypeMultiValuednessAndMutability() {
        UserAttributeCatalog catalog = catalog(
                new AttributeMapping("githubHandle", KC + ":githubHandle", Direction.BOTH),
                new AttributeMapping("badgeNumber", KC + ":badge", Direction.TO_KEYCLOAK),
                new AttributeMapping("skills", KC + ":skills", Direction.BOTH),
                new AttributeMapping("hrId", KC + ":hrId", Direction.FROM_KEYCLOAK));
        ResourceTypeDefinition type = CoreSchemas.userResourceType(catalog, false);
        assertEquals(List.of(CoreSchemas.ENTERPRISE_USER, KC), type.extensions().stream().map(SchemaDefinition::id).toList());

        JsonNode github = attributeJson(type, KC, "githubHandle");
        assertEquals("string", github.get("type").asText());
        assertFalse(github.get("multiValued").asBoolean());
        assertEquals("readWrite", github.get("mutability").asText());
        JsonNode badge = attributeJson(type, KC, "badge");
        assertEquals("integer", badge.get("type").asText());
        assertEquals("writeOnly", badge.get("mutability").asText());
        assertEquals("never", badge.get("returned").asText());
        assertTrue(attributeJson(type, KC, "skills").get("multiValued").asBoolean());
        assertEquals("readOnly", attributeJson(type, KC, "hrId").get("mutability").asText());

        UserAttributeCatalog.Entry entry = catalog.byKey("keycloak.githubHandle").orElseThrow();
        assertEquals("githubHandle", entry.storage());
        assertEquals(KC + ":githubHandle", entry.path());
    }

    @Test
    void aBuiltInPathCanBeTakenOverByAnotherProfileAttribute() {
        UserAttributeCatalog catalog = catalog(new AttributeMapping("jobTitle", "title", Direction.BOTH),
                new AttributeMapping("department", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", Direction.FROM_KEYCLOAK));
        assertEquals("jobTitle", catalog.byKey("title").orElseThrow().storage());
        assertEquals(UserAttributeCatalog.BUILT_IN.entries().size(), catalog.entries().size(), "taken over, not added");
        JsonNode department = attributeJson(CoreSchemas.userResourceType(catalog, false), CoreSchemas.ENTERPRISE_USER, "department");
        assertEquals("readOnly", department.get("mutability").asText());
    }

    @Test
    void badMappingsAreRefusedWithAClearReason() {
        assertTrue(problems(new AttributeMapping("nope", KC + ":nope", Direction.BOTH)).get(0)
                .contains("has no attribute 'nope'"));
        assertTrue(problems(new AttributeMapping("githubHandle", KC + ":gh", Direction.BOTH),
                new AttributeMapping("jobTitle", KC + ":gh", Direction.BOTH)).get(0).contains("mapped twice"));
        assertTrue(problems(new AttributeMapping("githubHandle", KC + ":gh", Direction.BOTH),
                new AttributeMapping("jobTitle", KC + ":GH", Direction.BOTH)).get(0).contains("mapped twice"), "SCIM names ignore case");
        assertTrue(problems(new AttributeMapping("title", KC + ":title2", Direction.BOTH)).get(0)
                .contains("would back both 'title'"), "title already backs the built-in title");
        assertTrue(problems(new AttributeMapping("hrId", KC + ":hrId", Direction.BOTH)).get(0).contains("read-only"));
        assertTrue(problems(new AttributeMapping("skills", "nickName", Direction.BOTH)).get(0).contains("multi-valued"));
        assertTrue(problems(new AttributeMapping("githubHandle", "emails", Direction.BOTH)).get(0)
                .contains("not a simple string attribute"));
        assertTrue(problems(new AttributeMapping("githubHandle", "urn:example:other:2.0:User:x", Direction.BOTH)).get(0)
                .contains("the schema must be"));
        assertTrue(problems(new AttributeMapping("email", KC + ":mail", Direction.BOTH)).get(0).contains("kept by the SCIM server"));
        assertTrue(problems(new AttributeMapping("scimExternalId", KC + ":ext", Direction.BOTH)).get(0).contains("kept by the SCIM server"));
        assertTrue(problems(new AttributeMapping("githubHandle", "not a path", Direction.BOTH)).get(0).contains("not a SCIM attribute path"));
        List<String> two = problems(new AttributeMapping("nope", KC + ":a", Direction.BOTH), new AttributeMapping("hrId", KC + ":b", Direction.BOTH));
        assertEquals(2, two.size(), "every problem is named at once: " + two);
    }

    @Test
    void annotatedAttributesAreAdoptedUnlessExplicitOrBroken() {
        AttributeMappings.Result result = RULES.resolve(List.of(new AttributeMapping("jobTitle", KC + ":jobTitle", Direction.BOTH)),
                Map.of("githubHandle", KC + ":github", "jobTitle", "title", "skills", "nickName"));
        assertEquals("githubHandle", result.catalog().byKey("keycloak.github").orElseThrow().storage());
        assertEquals("title", result.catalog().byKey("title").orElseThrow().storage(), "the explicit mapping of jobTitle wins");
        assertEquals(1, result.skippedAnnotations().size(), result.skippedAnnotations().toString());
        assertTrue(result.skippedAnnotations().get(0).startsWith("skills:"));
    }

    @Test
    void mappedValuesRoundTripFilterAndPatch() {
        UserAttributeCatalog catalog = catalog(new AttributeMapping("githubHandle", KC + ":githubHandle", Direction.BOTH),
                new AttributeMapping("badgeNumber", KC + ":badge", Direction.BOTH),
                new AttributeMapping("skills", KC + ":skills", Direction.BOTH),
                new AttributeMapping("hrId", KC + ":hrId", Direction.FROM_KEYCLOAK));
        ScimUser user = ScimUser.fromJson(json("{\"schemas\":[\"" + CoreSchemas.USER + "\",\"" + KC + "\"],\"userName\":\"kay@x.example\","
                + "\"" + KC + "\":{\"githubHandle\":\"kay-gh\",\"badge\":\"0042\",\"skills\":[\"go\",\"java\"],\"hrId\":\"ignored\"}}"), catalog);
        assertEquals("kay-gh", user.attribute("keycloak.githubHandle"));
        assertEquals("42", user.attribute("keycloak.badge"), "an integer is stored in canonical form");
        assertEquals(List.of("go", "java"), user.list("keycloak.skills"));
        assertEquals(null, user.attribute("keycloak.hrId"), "a read-only mapping ignores what the client sends");

        ObjectNode rendered = user.toJson(catalog, "1", null, Json.object(), null);
        assertTrue(rendered.get("schemas").toString().contains(KC));
        assertEquals(42, rendered.get(KC).get("badge").asInt());
        assertTrue(rendered.get(KC).get("badge").isNumber());
        ScimUser reread = ScimUser.fromJson(rendered, catalog);
        assertEquals(user.attributes(), reread.attributes());
        assertEquals(user.lists(), reread.lists());

        ScimException bad = assertThrows(ScimException.class, () -> ScimUser.fromJson(json("{\"schemas\":[\"" + CoreSchemas.USER
                + "\"],\"userName\":\"a\",\"" + KC + "\":{\"badge\":\"twelve\"}}"), catalog));
        assertEquals(400, bad.error().status());
        assertTrue(bad.error().detail().contains("'badge' must be an integer"), bad.error().detail());

        AttributeResolver resolver = new AttributeResolver(CoreSchemas.userResourceType(catalog, false));
        FilterEvaluator evaluator = new FilterEvaluator(resolver);
        assertTrue(evaluator.matches(FilterParser.parse(KC + ":githubHandle eq \"KAY-GH\""), rendered));
        assertTrue(evaluator.matches(FilterParser.parse(KC + ":skills co \"jav\""), rendered));
        assertTrue(evaluator.matches(FilterParser.parse(KC + ":badge gt 40"), rendered));
        assertFalse(evaluator.matches(FilterParser.parse(KC + ":badge lt 40"), rendered));

        PatchEngine engine = new PatchEngine(resolver);
        ObjectNode patched = engine.apply(rendered, PatchOperation.parseRequest(json("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"" + KC + ":githubHandle\",\"value\":\"kay2\"},"
                + "{\"op\":\"add\",\"path\":\"" + KC + ":skills\",\"value\":[\"rust\"]},"
                + "{\"op\":\"remove\",\"path\":\"" + KC + ":badge\"}]}")));
        ScimUser after = ScimUser.fromJson(patched, catalog);
        assertEquals("kay2", after.attribute("keycloak.githubHandle"));
        assertEquals(List.of("go", "java", "rust"), after.list("keycloak.skills"));
        assertEquals(null, after.attribute("keycloak.badge"));
        // A value filter needs sub-attributes: one value of a multi-valued string is not picked out by filter, and
        // the refusal says why (clients replace the whole list, as Okta and Entra do).
        ScimException byFilter = assertThrows(ScimException.class, () -> engine.apply(rendered, PatchOperation.parseRequest(json(
                "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"remove\",\"path\":\""
                        + KC + ":skills[value eq \\\"go\\\"]\"}]}"))));
        assertEquals(400, byFilter.error().status());
        assertEquals(dev.kcscim.protocol.ScimType.invalidPath, byFilter.error().scimType());
        assertTrue(byFilter.error().detail().contains("has no sub-attribute 'value'"), byFilter.error().detail());
        ObjectNode pathless = engine.apply(rendered, PatchOperation.parseRequest(json("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"" + KC + ":githubHandle\":\"kay3\"}}]}")));
        assertEquals("kay3", ScimUser.fromJson(pathless, catalog).attribute("keycloak.githubHandle"));
    }
}
