package dev.kcscim.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.RealmFixture;
import dev.kcscim.testing.ScimClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.kcscim.testing.ScimAssertions.assertScimError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Custom attribute mapping on the real server: User Profile attributes mapped on the settings, served in
 * /Schemas, written, read, filtered and patched through SCIM, visible to the admin, refused when bad, and kept
 * apart per tenant (realm and organization).
 */
class AttributeMappingIT {

    static final String KC = "urn:ietf:params:scim:schemas:extension:keycloak:2.0:User";

    @RegisterExtension
    static final RealmFixture fixture = RealmFixture.provisioned("attrmap", Map.of());

    private static AdminApi admin;
    private static String realm;
    private static ScimClient scim;

    @BeforeAll
    static void setUp() {
        admin = fixture.admin();
        realm = fixture.name();
        scim = fixture.scim();
        addProfileAttributes(realm,
                upAttribute("githubHandle", "GitHub handle", false, true, null, null),
                upAttribute("skills", "Skills", true, true, null, null),
                upAttribute("badgeNumber", "Badge number", false, true, "integer", null),
                upAttribute("hrCode", "HR code", false, true, null, null),
                upAttribute("jobTitle", "Job title", false, true, null, null),
                upAttribute("jobCode", "Job code", false, true, null, KC + ":jobCode"),
                upAttribute("clearance", "Clearance", false, true, null, null));
    }

    static void addProfileAttributes(String realmName, ObjectNode... added) {
        ObjectNode profile = (ObjectNode) admin.require(admin.call("GET", "/" + realmName + "/users/profile").send(), 200).json();
        ArrayNode attributes = (ArrayNode) profile.get("attributes");
        for (ObjectNode attribute : added) {
            attributes.add(attribute);
        }
        admin.require(admin.call("PUT", "/" + realmName + "/users/profile").json(profile).send(), 200);
    }

    /** A User Profile attribute; {@code adminEdit} false makes it read-only for administrators. */
    static ObjectNode upAttribute(String name, String label, boolean multivalued, boolean adminEdit, String validator, String scimAnnotation) {
        ObjectNode attribute = Http.JSON.createObjectNode();
        attribute.put("name", name).put("displayName", label).put("multivalued", multivalued);
        ObjectNode permissions = attribute.putObject("permissions");
        permissions.putArray("view").add("admin");
        ArrayNode edit = permissions.putArray("edit");
        if (adminEdit) {
            edit.add("admin");
        }
        if (validator != null) {
            attribute.putObject("validations").putObject(validator);
        }
        if (scimAnnotation != null) {
            attribute.putObject("annotations").put("kc.scim.schema.attribute", scimAnnotation);
        }
        return attribute;
    }

    static List<Map<String, Object>> mappings(String... triples) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < triples.length; i += 3) {
            out.add(Map.of("attribute", triples[i], "scimPath", triples[i + 1], "direction", triples[i + 2]));
        }
        return out;
    }

    private static JsonNode saveMappings(String settingsPath, List<Map<String, Object>> mappings) {
        return admin.require(admin.call("PUT", settingsPath).json(Map.of("attributeMappings", mappings)).send(), 200).json();
    }

    private static JsonNode schemaAttribute(ScimClient client, String name) {
        JsonNode schema = client.get("/Schemas/" + KC).json();
        for (JsonNode attribute : schema.get("attributes")) {
            if (attribute.get("name").asText().equals(name)) {
                return attribute;
            }
        }
        throw new AssertionError(name + " not in " + schema);
    }

    private static Map<String, Object> userWith(String email, Map<String, Object> extension) {
        Map<String, Object> body = ScimClient.oktaUser(email, "Ada", "Lovelace");
        body.remove("password");
        body.put("schemas", List.of(ScimClient.USER_SCHEMA, KC));
        body.put(KC, extension);
        return body;
    }

    @Test
    void aMappedAttributeEndToEnd() {
        JsonNode saved = saveMappings("/" + realm + "/provisioning/settings", mappings(
                "githubHandle", KC + ":githubHandle", "both",
                "skills", KC + ":skills", "both",
                "badgeNumber", KC + ":badge", "both",
                "hrCode", KC + ":hrCode", "fromKeycloak",
                "jobTitle", "title", "both",
                "clearance", KC + ":clearance", "toKeycloak"));
        assertEquals(6, saved.get("attributeMappings").size());
        assertTrue(saved.get("skippedAnnotations").isEmpty(), saved.toString());
        assertTrue(saved.get("mappedAttributes").toString().contains(KC + ":jobCode"), "the annotated attribute is adopted: " + saved);

        // Discovery, as Okta and Entra read it.
        JsonNode userType = scim.get("/ResourceTypes/User").json();
        assertTrue(userType.get("schemaExtensions").toString().contains(KC), userType.toString());
        JsonNode badge = schemaAttribute(scim, "badge");
        assertEquals("integer", badge.get("type").asText());
        assertEquals("readWrite", badge.get("mutability").asText());
        assertTrue(schemaAttribute(scim, "skills").get("multiValued").asBoolean());
        assertEquals("readOnly", schemaAttribute(scim, "hrCode").get("mutability").asText());
        assertEquals("string", schemaAttribute(scim, "jobCode").get("type").asText());

        // Create with the mapped attributes.
        Map<String, Object> extension = new LinkedHashMap<>();
        extension.put("githubHandle", "ada-gh");
        extension.put("skills", List.of("math", "engines"));
        extension.put("badge", 1815);
        extension.put("hrCode", "sent-but-read-only");
        extension.put("jobCode", "ENG-1");
        extension.put("clearance", "secret");
        Map<String, Object> body = userWith("ada@attr.example", extension);
        body.put("title", "Countess");
        Http.Result created = admin.require(scim.post("/Users", body), 201);
        String id = ScimClient.id(created);
        JsonNode ext = created.json().get(KC);
        assertEquals("ada-gh", ext.get("githubHandle").asText());
        assertEquals(1815, ext.get("badge").asInt());
        assertTrue(ext.get("badge").isNumber());
        assertEquals(2, ext.get("skills").size());
        assertFalse(ext.has("hrCode"), "a read-only mapping ignores the client's value");
        assertFalse(ext.has("clearance"), "a write-only mapping is never returned");
        assertEquals("writeOnly", schemaAttribute(scim, "clearance").get("mutability").asText());
        assertEquals("Countess", created.json().get("title").asText());

        // What the admin console shows: the Keycloak user's attributes.
        JsonNode kcUser = admin.require(admin.call("GET", "/" + realm + "/users/" + id).send(), 200).json();
        assertEquals("ada-gh", kcUser.get("attributes").get("githubHandle").get(0).asText());
        assertEquals("1815", kcUser.get("attributes").get("badgeNumber").get(0).asText());
        assertEquals(2, kcUser.get("attributes").get("skills").size());
        assertEquals("Countess", kcUser.get("attributes").get("jobTitle").get(0).asText(), "title now lives in jobTitle");
        assertFalse(kcUser.get("attributes").has("title"));
        assertEquals("ENG-1", kcUser.get("attributes").get("jobCode").get(0).asText());

        // Keycloak owns hrCode: an admin sets it, SCIM returns it and cannot change it.
        ObjectNode edited = kcUser.deepCopy();
        ((ObjectNode) edited.get("attributes")).putArray("hrCode").add("HR-9");
        admin.require(admin.call("PUT", "/" + realm + "/users/" + id).json(edited).send(), 204);
        assertEquals("HR-9", scim.get("/Users/" + id).json().get(KC).get("hrCode").asText());
        admin.require(scim.patch("/Users/" + id, ScimClient.patchOps("replace", KC + ":hrCode", "HR-0")), 200);
        assertEquals("HR-9", scim.get("/Users/" + id).json().get(KC).get("hrCode").asText());

        // Filters: equality goes through Keycloak's attribute search, the rest within the scan bound.
        admin.require(scim.post("/Users", userWith("bob@attr.example", Map.of("githubHandle", "bob-gh", "badge", 7))), 201);
        assertEquals(List.of("ada@attr.example"), userNames(scim.filter("Users", KC + ":githubHandle eq \"ADA-GH\"")));
        assertEquals(List.of("ada@attr.example"), userNames(scim.filter("Users", KC + ":skills co \"engine\"")));
        assertEquals(List.of("ada@attr.example"), userNames(scim.filter("Users", KC + ":badge gt 100")));
        assertEquals(List.of("bob@attr.example"), userNames(scim.filter("Users", KC + ":badge eq 7")));
        assertEquals(List.of("ada@attr.example"), userNames(scim.filter("Users", "title eq \"countess\"")));

        // PATCH in every form.
        admin.require(scim.patch("/Users/" + id, ScimClient.patchOps(
                "replace", KC + ":githubHandle", "ada2",
                "add", KC + ":skills", List.of("poetry"),
                "remove", KC + ":badge", null)), 200);
        JsonNode patched = scim.get("/Users/" + id).json().get(KC);
        assertEquals("ada2", patched.get("githubHandle").asText());
        assertEquals(3, patched.get("skills").size());
        assertFalse(patched.has("badge"));
        admin.require(scim.patch("/Users/" + id, ScimClient.patchOps("replace", null, Map.of(KC + ":githubHandle", "ada3"))), 200);
        admin.require(scim.patch("/Users/" + id, ScimClient.patchOps("add", null, Map.of(KC, Map.of("badge", "42")))), 200);
        JsonNode pathless = scim.get("/Users/" + id).json().get(KC);
        assertEquals("ada3", pathless.get("githubHandle").asText());
        assertEquals(42, pathless.get("badge").asInt());
        JsonNode afterPatch = admin.call("GET", "/" + realm + "/users/" + id).send().json().get("attributes");
        assertEquals("secret", afterPatch.get("clearance").get(0).asText(), "PATCHes that do not name a write-only attribute keep it");
        admin.require(scim.patch("/Users/" + id, ScimClient.patchOps("replace", KC + ":clearance", "top")), 200);
        assertEquals("top", admin.call("GET", "/" + realm + "/users/" + id).send().json().get("attributes").get("clearance").get(0).asText());
        assertEquals("ada3", afterPatch.get("githubHandle").get(0).asText());
        assertEquals("42", afterPatch.get("badgeNumber").get(0).asText());

        // A value of the wrong type is a 400 and changes nothing.
        assertScimError(scim.patch("/Users/" + id, ScimClient.patchOps("replace", KC + ":badge", "many")), 400, "invalidValue");
        assertEquals(42, scim.get("/Users/" + id).json().get(KC).get("badge").asInt());
    }

    private static List<String> userNames(Http.Result result) {
        JsonNode page = admin.require(result, 200).json();
        List<String> out = new ArrayList<>();
        page.get("Resources").forEach(r -> out.add(r.get("userName").asText()));
        return out;
    }

    @Test
    void badMappingsAreRefusedWhenSavedAndChangeNothing() {
        try (var other = fixture.server().provisionedRealm("attrbad", Map.of())) {
            String settings = "/" + other.name() + "/provisioning/settings";
            addProfileAttributes(other.name(), upAttribute("hrLocked", "HR lock", false, false, null, null));
            assertEquals(400, admin.call("PUT", settings).json(Map.of("attributeMappings", mappings("nope", KC + ":nope", "both"))).send().status());
            Http.Result unknown = admin.call("PUT", settings).json(Map.of("attributeMappings", mappings("nope", KC + ":nope", "both"))).send();
            assertTrue(unknown.body().contains("has no attribute 'nope'"), unknown.body());
            Http.Result clash = admin.call("PUT", settings).json(Map.of("attributeMappings", mappings(
                    "firstName", KC + ":given", "both"))).send();
            assertEquals(400, clash.status());
            assertTrue(clash.body().contains("would back both"), clash.body());
            Http.Result path = admin.call("PUT", settings).json(Map.of("attributeMappings", mappings("lastName", "emails", "both"))).send();
            assertEquals(400, path.status());
            assertTrue(path.body().contains("not a simple string attribute"), path.body());
            Http.Result readOnly = admin.call("PUT", settings).json(Map.of("attributeMappings", mappings("hrLocked", KC + ":lock", "both"))).send();
            assertEquals(400, readOnly.status());
            assertTrue(readOnly.body().contains("read-only"), readOnly.body());
            Http.Result direction = admin.call("PUT", settings).json(Map.of("attributeMappings",
                    List.of(Map.of("attribute", "lastName", "scimPath", KC + ":x", "direction", "sideways")))).send();
            assertEquals(400, direction.status());
            JsonNode after = admin.require(admin.call("GET", settings).send(), 200).json();
            assertTrue(after.get("attributeMappings").isEmpty(), "nothing was saved: " + after);
            assertFalse(other.scim().get("/ResourceTypes/User").json().get("schemaExtensions").toString().contains(KC));
            // Keycloak's read-only attribute is fine to read from.
            admin.require(admin.call("PUT", settings).json(Map.of("attributeMappings", mappings("hrLocked", KC + ":lock", "fromKeycloak"))).send(), 200);
            assertTrue(other.scim().get("/ResourceTypes/User").json().get("schemaExtensions").toString().contains(KC));
        }
    }

    @Test
    void eachOrganizationHasItsOwnMapping() {
        String orgId = admin.createOrganization(realm, "mapped-" + UUID.randomUUID().toString().substring(0, 6), null, "mapped.example");
        ScimClient orgScim = admin.provisionOrganization(realm, orgId, Map.of("attributeMappings", mappings("githubHandle", KC + ":github", "both")));

        assertEquals("string", schemaAttribute(orgScim, "github").get("type").asText());
        Http.Result created = admin.require(orgScim.post("/Users", userWith("grace@mapped.example", Map.of("github", "grace-gh"))), 201);
        assertEquals("grace-gh", created.json().get(KC).get("github").asText());
        assertEquals(List.of("grace@mapped.example"), userNames(orgScim.filter("Users", KC + ":github eq \"grace-gh\"")));
        // The realm's endpoint has its own mapping: the organization's "github" is not part of it.
        JsonNode viaRealm = scim.filter("Users", "userName eq \"grace@mapped.example\"").json().get("Resources").get(0);
        assertFalse(viaRealm.path(KC).has("github"), viaRealm.toString());
        String id = viaRealm.get("id").asText();
        assertEquals("grace-gh", admin.call("GET", "/" + realm + "/users/" + id).send().json().get("attributes").get("githubHandle").get(0).asText());
        assertScimError(orgScim.filter("Users", KC + ":githubHandle eq \"x\""), 400, "invalidFilter");
    }
}
