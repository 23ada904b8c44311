package dev.kcscim.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.RealmFixture;
import dev.kcscim.testing.ScimClient;
import dev.kcscim.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static dev.kcscim.testing.ScimAssertions.assertScimError;
import static dev.kcscim.testing.ScimClient.USER_SCHEMA;
import static dev.kcscim.testing.ScimClient.patchOps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile and mistaken requests get a precise SCIM 4xx and change nothing. */
class UsersBadInputIT {

    @RegisterExtension
    static final RealmFixture fixture = RealmFixture.provisioned("bad-input", Map.of());

    private static TestServer server;
    private static AdminApi admin;
    private static String realm;
    private static ScimClient scim;

    @BeforeAll
    static void setUp() {
        server = fixture.server();
        admin = fixture.admin();
        realm = fixture.name();
        scim = fixture.scim();
    }


    private int userCount() {
        return admin.call("GET", "/" + realm + "/users/count").send().json().asInt();
    }

    private void assertRefused(Http.Result result, int status, String scimType) {
        JsonNode body = assertScimError(result, status);
        if (scimType != null) {
            assertEquals(scimType, body.path("scimType").asText(), result::toString);
        }
    }

    @Test
    void malformedOrMistypedBodiesAre400AndCreateNothing() {
        int before = userCount();
        assertRefused(scim.call("POST", "/Users").body("application/scim+json", "{\"userName\": ").send(), 400, "invalidSyntax");
        assertRefused(scim.call("POST", "/Users").body("application/scim+json", "[1,2]").send(), 400, "invalidSyntax");
        assertRefused(scim.post("/Users", Map.of("schemas", List.of(USER_SCHEMA), "userName", 5)), 400, "invalidValue");
        assertRefused(scim.post("/Users", Map.of("schemas", List.of(USER_SCHEMA))), 400, "invalidValue");
        assertRefused(scim.post("/Users", Map.of("schemas", List.of(USER_SCHEMA), "userName", "   ")), 400, "invalidValue");
        assertRefused(scim.post("/Users", Map.of("userName", "no-schemas@x.example")), 400, "invalidValue");
        assertRefused(scim.post("/Users", Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"), "userName", "a@x.example")), 400, "invalidValue");
        Map<String, Object> mistyped = ScimClient.oktaUser("typed@x.example", "T", "Y");
        mistyped.put("active", "maybe");
        assertRefused(scim.post("/Users", mistyped), 400, "invalidValue");
        mistyped = ScimClient.oktaUser("typed@x.example", "T", "Y");
        mistyped.put("name", "Typed Y");
        assertRefused(scim.post("/Users", mistyped), 400, "invalidValue");
        mistyped = ScimClient.oktaUser("typed@x.example", "T", "Y");
        mistyped.put("emails", List.of("typed@x.example"));
        assertRefused(scim.post("/Users", mistyped), 400, "invalidValue");
        assertEquals(before, userCount());
        assertEquals(0, scim.filter("Users", "userName eq \"typed@x.example\"").json().get("totalResults").asInt());
    }

    @Test
    void oversizedBodyIs413() {
        Map<String, Object> huge = ScimClient.oktaUser("huge@x.example", "H", "U");
        huge.put("title", "x".repeat(1024 * 1024 + 10));
        assertRefused(scim.post("/Users", huge), 413, null);
        assertEquals(0, scim.filter("Users", "userName eq \"huge@x.example\"").json().get("totalResults").asInt());
    }

    @Test
    void userNameMustBeTheEmailByDefault() {
        Map<String, Object> body = ScimClient.oktaUser("rule@x.example", "R", "U");
        body.put("emails", List.of(Map.of("value", "other@x.example", "primary", true)));
        JsonNode error = assertScimError(scim.post("/Users", body), 400);
        assertEquals("invalidValue", error.get("scimType").asText());
        assertTrue(error.get("detail").asText().contains("usernameMustBeEmail"), error.toString());

        // With no email at all, the userName becomes the email.
        Http.Result created = scim.post("/Users", Map.of("schemas", List.of(USER_SCHEMA), "userName", "only.name@x.example"));
        assertEquals(201, created.status(), created::toString);
        assertEquals("only.name@x.example", created.json().get("emails").get(0).get("value").asText());
    }

    @Test
    void duplicatesAre409Uniqueness() {
        assertEquals(201, scim.post("/Users", ScimClient.oktaUser("dup@x.example", "D", "U")).status());
        // No lookup runs before the write; the database refuses the duplicate, and the answer still names the value.
        Http.Result again = scim.post("/Users", ScimClient.oktaUser("dup@x.example", "D", "U"));
        assertRefused(again, 409, "uniqueness");
        assertEquals("A user with userName 'dup@x.example' already exists.", again.json().get("detail").asText());
        assertRefused(scim.post("/Users", ScimClient.oktaUser("DUP@x.example", "D", "U")), 409, "uniqueness");

        try (TestServer.ProvisionedRealm free = server.provisionedRealm("dup-email", Map.of("usernameMustBeEmail", false))) {
            ScimClient other = free.scim();
            Map<String, Object> first = ScimClient.oktaUser("first", "F", "U");
            first.put("emails", List.of(Map.of("value", "shared@x.example", "primary", true)));
            assertEquals(201, other.post("/Users", first).status());
            Map<String, Object> second = ScimClient.oktaUser("second", "S", "U");
            second.put("emails", List.of(Map.of("value", "shared@x.example", "primary", true)));
            Http.Result taken = other.post("/Users", second);
            assertRefused(taken, 409, "uniqueness");
            assertEquals("Another user already has the email 'shared@x.example'.", taken.json().get("detail").asText());
            assertEquals(0, other.filter("Users", "userName eq \"second\"").json().get("totalResults").asInt());
        }
    }

    @Test
    void realmEmailAsUsernameKeepsWorking() {
        try (TestServer.ProvisionedRealm provisioned = server.provisionedRealm("email-as-username", Map.of("usernameMustBeEmail", false))) {
            String emailRealm = provisioned.name();
            admin.require(admin.call("PUT", "/" + emailRealm).json(Map.of("registrationEmailAsUsername", true)).send(), 204);
            ScimClient other = provisioned.scim();
            Map<String, Object> body = ScimClient.oktaUser("jdoe", "J", "Doe");
            body.put("emails", List.of(Map.of("value", "jdoe@x.example", "primary", true)));
            Http.Result created = other.post("/Users", body);
            assertEquals(201, created.status(), created::toString);
            JsonNode kc = admin.call("GET", "/" + emailRealm + "/users/" + created.json().get("id").asText()).send().json();
            assertEquals("jdoe@x.example", kc.get("username").asText());
        }
    }

    @Test
    void passwordPolicyRefusalIs400AndCreatesNothing() {
        try (TestServer.ProvisionedRealm provisioned = server.provisionedRealm("password-policy", Map.of())) {
            String strict = provisioned.name();
            admin.require(admin.call("PUT", "/" + strict).json(Map.of("passwordPolicy", "length(12)")).send(), 204);
            ScimClient other = provisioned.scim();
            JsonNode error = assertScimError(other.post("/Users", ScimClient.oktaUser("weak@x.example", "W", "P")), 400);
            assertEquals("invalidValue", error.get("scimType").asText());
            assertTrue(error.get("detail").asText().contains("12"), error.toString());
            assertEquals(0, other.filter("Users", "userName eq \"weak@x.example\"").json().get("totalResults").asInt());
            assertEquals(0, admin.call("GET", "/" + strict + "/users/count").send().json().asInt());
        }
    }

    @Test
    void userProfileRequirementsAre400NamingTheAttribute() {
        try (TestServer.ProvisionedRealm provisioned = server.provisionedRealm("user-profile", Map.of())) {
            String demanding = provisioned.name();
            ObjectNode profile = (ObjectNode) admin.call("GET", "/" + demanding + "/users/profile").send().json();
            for (JsonNode attribute : profile.get("attributes")) {
                if (attribute.get("name").asText().equals("department")) {
                    ((ObjectNode) attribute).putObject("required").putArray("roles").add("admin").add("user");
                }
            }
            admin.require(admin.call("PUT", "/" + demanding + "/users/profile").json(profile).send(), 200);
            ScimClient other = provisioned.scim();
            JsonNode error = assertScimError(other.post("/Users", ScimClient.oktaUser("nodept@x.example", "N", "D")), 400);
            assertTrue(error.get("detail").asText().contains("department"), error.toString());
            assertEquals(0, admin.call("GET", "/" + demanding + "/users/count").send().json().asInt(), "nothing half-written");

            Map<String, Object> complete = ScimClient.oktaUser("dept@x.example", "W", "D");
            complete.put(ScimClient.ENTERPRISE, Map.of("department", "Sales"));
            assertEquals(201, other.post("/Users", complete).status());
        }
    }

    @Test
    void badFiltersAre400InvalidFilter() {
        for (String filter : List.of("userName eq", "nosuch eq \"x\"", "userName xx \"a\"", "(userName eq \"a\"",
                "userName eq \"a\" and", "emails[type eq \"work\"", "userName eq unquoted", "active gt true",
                "userName eq \"" + "a".repeat(5000) + "\"", "(".repeat(40) + "userName eq \"a\"" + ")".repeat(40))) {
            assertRefused(scim.filter("Users", filter), 400, "invalidFilter");
        }
        assertRefused(scim.get("/Users?startIndex=abc"), 400, "invalidValue");
    }

    @Test
    void patchIsAtomicAndNamesTheFailingOperation() {
        String id = ScimClient.id(scim.post("/Users", ScimClient.oktaUser("atomic@x.example", "A", "T")));
        JsonNode before = scim.get("/Users/" + id).json();
        JsonNode error = assertScimError(scim.patch("/Users/" + id, patchOps(
                "replace", "title", "Changed",
                "replace", "favouriteColour", "blue")), 400);
        assertEquals("invalidPath", error.get("scimType").asText());
        assertTrue(error.get("detail").asText().startsWith("Operation 2"), error.toString());
        assertEquals(before, scim.get("/Users/" + id).json(), "nothing changed");

        assertRefused(scim.patch("/Users/" + id, patchOps("frobnicate", "title", "x")), 400, "invalidValue");
        assertRefused(scim.patch("/Users/" + id, Map.of("Operations", List.of(Map.of("op", "replace", "path", "title", "value", "x")))), 400, "invalidValue");
        assertRefused(scim.patch("/Users/" + id, patchOps("remove", null, null)), 400, "noTarget");
        assertRefused(scim.patch("/Users/" + id, patchOps("replace", "emails[value co \"nothing\"].type", "home")), 400, "noTarget");
        assertRefused(scim.patch("/Users/" + id, patchOps("replace", "emails[type eq ", "x")), 400, "invalidPath");
        assertRefused(scim.patch("/Users/" + id, patchOps("replace", "userName", "someone.else@x.example")), 400, "invalidValue");
        assertRefused(scim.patch("/Users/" + id, patchOps("remove", "userName", null)), 400, "invalidValue");
        assertEquals(before, scim.get("/Users/" + id).json(), "still nothing changed");
    }

    @Test
    void readOnlyAttributesAreIgnoredNotRefused() {
        Map<String, Object> body = ScimClient.oktaUser("readonly@x.example", "R", "O");
        body.put("id", "client-chosen-id");
        body.put("meta", Map.of("resourceType", "User", "created", "2001-01-01T00:00:00Z"));
        body.put("groups", List.of(Map.of("value", "g1")));
        Http.Result created = scim.post("/Users", body);
        assertEquals(201, created.status(), created::toString);
        String id = created.json().get("id").asText();
        assertTrue(!id.equals("client-chosen-id"));
        assertEquals(200, scim.patch("/Users/" + id, patchOps("replace", null, Map.of("id", "other", "meta", Map.of(), "title", "ok"))).status());
        assertEquals(id, scim.get("/Users/" + id).json().get("id").asText());
    }

    @Test
    void unknownUserIs404Everywhere() {
        for (Http.Result result : List.of(scim.get("/Users/nope"), scim.put("/Users/nope", ScimClient.oktaUser("n@x.example", "N", "O")),
                scim.patch("/Users/nope", patchOps("replace", "title", "x")), scim.delete("/Users/nope"))) {
            assertRefused(result, 404, null);
        }
    }
}
