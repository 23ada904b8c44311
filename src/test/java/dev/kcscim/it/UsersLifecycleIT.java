package dev.kcscim.it;

import com.fasterxml.jackson.databind.JsonNode;
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

import static dev.kcscim.testing.ScimClient.ENTERPRISE;
import static dev.kcscim.testing.ScimClient.USER_SCHEMA;
import static dev.kcscim.testing.ScimClient.patchOps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user lifecycle as Okta and Entra drive it (okta-scim-20-reference.md and Entra's request shapes),
 * each step checked in the SCIM response and in Keycloak's own state through its admin API.
 */
class UsersLifecycleIT {

    @RegisterExtension
    static final RealmFixture fixture = RealmFixture.provisioned("users", Map.of());

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


    private JsonNode keycloakUser(String id) {
        return admin.require(admin.call("GET", "/" + realm + "/users/" + id).send(), 200).json();
    }

    private static String attribute(JsonNode keycloakUser, String name) {
        JsonNode values = keycloakUser.path("attributes").path(name);
        return values.isArray() && !values.isEmpty() ? values.get(0).asText() : null;
    }

    private Http.Result login(String username, String password, String scope) {
        String form = "grant_type=password&client_id=admin-cli&username=" + java.net.URLEncoder.encode(username, java.nio.charset.StandardCharsets.UTF_8)
                + "&password=" + java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8)
                + (scope == null ? "" : "&scope=" + scope);
        return Http.post(server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token")
                .body("application/x-www-form-urlencoded", form).send();
    }

    @Test
    void oktaAssignFindsNothingThenCreatesTheUser() {
        Http.Result lookup = scim.filter("Users", "userName eq \"test.user@okta.local\"");
        assertEquals(200, lookup.status());
        assertEquals(0, lookup.json().get("totalResults").asInt());

        Map<String, Object> body = ScimClient.oktaUser("Test.User@okta.local", "Test", "User");
        body.put("externalId", "00ujl29u0le5T6Aj10h7");
        Http.Result created = scim.post("/Users", body);
        assertEquals(201, created.status(), created::toString);
        JsonNode user = created.json();
        String id = user.get("id").asText();
        assertEquals("Test.User@okta.local", user.get("userName").asText(), "the client's spelling is kept");
        assertEquals("Test", user.get("name").get("givenName").asText());
        assertEquals("User", user.get("name").get("familyName").asText());
        assertEquals("Test User", user.get("name").get("formatted").asText());
        assertEquals("Test User", user.get("displayName").asText());
        assertEquals("en-US", user.get("locale").asText());
        assertEquals("00ujl29u0le5T6Aj10h7", user.get("externalId").asText());
        assertTrue(user.get("active").asBoolean());
        assertEquals("work", user.get("emails").get(0).get("type").asText());
        assertTrue(user.get("emails").get(0).get("primary").asBoolean());
        assertFalse(created.body().contains("password") || created.body().contains("1mz050nq"), "password is never returned");
        assertEquals(server.scimBase(realm) + "/Users/" + id, created.header("Location"));
        assertEquals(created.header("ETag"), user.get("meta").get("version").asText());
        assertEquals("User", user.get("meta").get("resourceType").asText());
        assertNotNull(user.get("meta").get("created"));
        assertNotNull(user.get("meta").get("lastModified"));

        JsonNode kc = keycloakUser(id);
        assertEquals("test.user@okta.local", kc.get("username").asText());
        assertEquals("test.user@okta.local", kc.get("email").asText());
        assertEquals("Test", kc.get("firstName").asText());
        assertEquals("User", kc.get("lastName").asText());
        assertTrue(kc.get("enabled").asBoolean());
        assertEquals("true", attribute(kc, "scimProvisioned"));
        assertEquals("okta", attribute(kc, "scimProvisionedBy"));
        assertEquals("00ujl29u0le5T6Aj10h7", attribute(kc, "scimExternalId"));
        assertEquals("Test User", attribute(kc, "displayName"));
        assertEquals(200, login("test.user@okta.local", "1mz050nq", null).status(), "the pushed password is set");

        Http.Result again = scim.filter("Users", "userName eq \"TEST.USER@OKTA.LOCAL\"");
        assertEquals(1, again.json().get("totalResults").asInt(), "lookups by userName ignore case");
        assertEquals(id, again.json().get("Resources").get(0).get("id").asText());
    }

    @Test
    void reassignMatchesTheExistingAccountAndPutUpdatesIt() {
        String id = ScimClient.id(scim.post("/Users", ScimClient.oktaUser("grace@okta.local", "Grace", "Hopper")));
        Http.Result lookup = scim.filter("Users", "userName eq \"grace@okta.local\"");
        assertEquals(1, lookup.json().get("totalResults").asInt());
        JsonNode fetched = scim.get("/Users/" + id).json();

        // Okta GETs the user, changes what changed, and PUTs the whole body back (id, meta and all).
        com.fasterxml.jackson.databind.node.ObjectNode changed = fetched.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) changed.get("name")).put("familyName", "Murray Hopper");
        changed.put("title", "Rear Admiral");
        changed.putObject(ENTERPRISE).put("department", "Navy").putObject("manager").put("value", "boss-id");
        changed.putArray("addresses").addObject().put("type", "work").put("locality", "Arlington").put("country", "USA");
        Http.Result put = scim.put("/Users/" + id, changed);
        assertEquals(200, put.status(), put::toString);
        assertEquals("Murray Hopper", put.json().get("name").get("familyName").asText());
        assertEquals("Rear Admiral", put.json().get("title").asText());
        assertEquals("Navy", put.json().get(ENTERPRISE).get("department").asText());
        assertEquals("boss-id", put.json().get(ENTERPRISE).get("manager").get("value").asText());
        assertEquals("Arlington", put.json().get("addresses").get(0).get("locality").asText());

        JsonNode kc = keycloakUser(id);
        assertEquals("Murray Hopper", kc.get("lastName").asText());
        assertEquals("Rear Admiral", attribute(kc, "title"));
        assertEquals("Navy", attribute(kc, "department"));

        // A PUT replaces: what it leaves out is cleared.
        changed.remove("title");
        assertEquals(200, scim.put("/Users/" + id, changed).status());
        assertNull(attribute(keycloakUser(id), "title"));
        assertEquals(1, scim.filter("Users", "userName eq \"grace@okta.local\"").json().get("totalResults").asInt(), "never a second account");
    }

    @Test
    void deactivateDisablesAndEndsEverySessionThenReactivateEnables() {
        String id = ScimClient.id(scim.post("/Users", ScimClient.oktaUser("alan@okta.local", "Alan", "Turing")));
        Http.Result online = login("alan@okta.local", "1mz050nq", null);
        Http.Result offline = login("alan@okta.local", "1mz050nq", "offline_access");
        assertEquals(200, online.status(), online::toString);
        assertEquals(200, offline.status(), offline::toString);
        assertFalse(admin.call("GET", "/" + realm + "/users/" + id + "/sessions").send().json().isEmpty());
        String adminCli = admin.call("GET", "/" + realm + "/clients?clientId=admin-cli").send().json().get(0).get("id").asText();
        assertFalse(admin.call("GET", "/" + realm + "/users/" + id + "/offline-sessions/" + adminCli).send().json().isEmpty());

        Http.Result deactivated = scim.patch("/Users/" + id, patchOps("replace", null, Map.of("active", false)));
        assertEquals(200, deactivated.status(), deactivated::toString);
        assertFalse(deactivated.json().get("active").asBoolean());
        assertFalse(keycloakUser(id).get("enabled").asBoolean());
        assertTrue(admin.call("GET", "/" + realm + "/users/" + id + "/sessions").send().json().isEmpty(), "online sessions ended");
        assertTrue(admin.call("GET", "/" + realm + "/users/" + id + "/offline-sessions/" + adminCli).send().json().isEmpty(), "offline sessions ended");
        String refresh = offline.json().get("refresh_token").asText();
        Http.Result refreshed = Http.post(server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token")
                .body("application/x-www-form-urlencoded", "grant_type=refresh_token&client_id=admin-cli&refresh_token=" + refresh).send();
        assertEquals(400, refreshed.status(), "the offline token no longer works: " + refreshed);
        assertEquals(400, login("alan@okta.local", "1mz050nq", null).status(), "a disabled user cannot sign in");

        Http.Result reactivated = scim.patch("/Users/" + id, patchOps("replace", null, Map.of("active", true)));
        assertEquals(200, reactivated.status());
        assertTrue(keycloakUser(id).get("enabled").asBoolean());
        assertEquals(200, login("alan@okta.local", "1mz050nq", null).status());
    }

    @Test
    void passwordSyncByPatch() {
        String id = ScimClient.id(scim.post("/Users", ScimClient.oktaUser("barbara@okta.local", "Barbara", "Liskov")));
        Http.Result synced = scim.patch("/Users/" + id, patchOps("replace", null, Map.of("password", "N3w-secret-pass")));
        assertEquals(200, synced.status(), synced::toString);
        assertFalse(synced.body().contains("N3w-secret-pass"));
        assertEquals(200, login("barbara@okta.local", "N3w-secret-pass", null).status());
        assertTrue(login("barbara@okta.local", "1mz050nq", null).status() >= 400, "the old password no longer works");
    }

    @Test
    void entraRequestShapes() {
        Map<String, Object> entraUser = Map.of(
                "schemas", List.of(USER_SCHEMA, ENTERPRISE),
                "externalId", "8b5a8d2e-entra",
                "userName", "Kay.Johnson@contoso.example",
                "active", "True",
                "displayName", "Kay Johnson",
                "emails", List.of(Map.of("primary", true, "type", "work", "value", "Kay.Johnson@contoso.example")),
                "name", Map.of("formatted", "Kay Johnson", "familyName", "Johnson", "givenName", "Kay"),
                ENTERPRISE, Map.of("employeeNumber", "1337", "department", "Research"));
        Http.Result created = scim.post("/Users", entraUser);
        assertEquals(201, created.status(), created::toString);
        String id = created.json().get("id").asText();

        Http.Result byExternalId = scim.filter("Users", "externalId eq \"8b5a8d2e-entra\"");
        assertEquals(1, byExternalId.json().get("totalResults").asInt());
        assertEquals(0, scim.filter("Users", "externalId eq \"8B5A8D2E-ENTRA\"").json().get("totalResults").asInt(), "externalId is case-exact");

        Http.Result patched = scim.patch("/Users/" + id, patchOps(
                "Replace", "name.givenName", "Katherine",
                "Add", "title", "Scientist",
                "Replace", "emails[type eq \"work\"].value", "Kay.Johnson@contoso.example",
                "Add", "phoneNumbers[type eq \"mobile\"].value", "+1 555 0100",
                "Replace", ENTERPRISE + ":department", "Flight Research",
                "Replace", ENTERPRISE + ":manager", "manager-id-42",
                "Replace", "active", "False"));
        assertEquals(200, patched.status(), patched::toString);
        JsonNode user = patched.json();
        assertEquals("Katherine", user.get("name").get("givenName").asText());
        assertEquals("Scientist", user.get("title").asText());
        assertEquals("+1 555 0100", user.get("phoneNumbers").get(0).get("value").asText());
        assertEquals("mobile", user.get("phoneNumbers").get(0).get("type").asText());
        assertEquals("Flight Research", user.get(ENTERPRISE).get("department").asText());
        assertEquals("manager-id-42", user.get(ENTERPRISE).get("manager").get("value").asText());
        assertFalse(user.get("active").asBoolean());

        JsonNode kc = keycloakUser(id);
        assertEquals("Katherine", kc.get("firstName").asText());
        assertFalse(kc.get("enabled").asBoolean());
        assertEquals("Flight Research", attribute(kc, "department"));
        assertEquals("manager-id-42", attribute(kc, "manager"));

        // Path-less values with dotted and URN keys.
        Http.Result pathless = scim.patch("/Users/" + id, patchOps("replace", null, Map.of(
                "name.familyName", "Johnson-Goble", ENTERPRISE + ":division", "Langley", "active", true)));
        assertEquals(200, pathless.status(), pathless::toString);
        assertEquals("Johnson-Goble", keycloakUser(id).get("lastName").asText());
        assertEquals("Langley", attribute(keycloakUser(id), "division"));
        assertTrue(keycloakUser(id).get("enabled").asBoolean());

        Http.Result removed = scim.patch("/Users/" + id, patchOps("Remove", "title", null,
                "remove", "phoneNumbers[type eq \"mobile\"]", null));
        assertEquals(200, removed.status(), removed::toString);
        assertNull(removed.json().get("title"));
        assertNull(removed.json().get("phoneNumbers"));
    }

    @Test
    void deleteRemovesTheUserOrOnlyDisablesIt() {
        String id = ScimClient.id(scim.post("/Users", ScimClient.oktaUser("edsger@okta.local", "Edsger", "Dijkstra")));
        assertEquals(204, scim.delete("/Users/" + id).status());
        assertEquals(404, scim.get("/Users/" + id).status());
        assertEquals(404, admin.call("GET", "/" + realm + "/users/" + id).send().status());
        assertEquals(404, scim.delete("/Users/" + id).status());

        admin.require(admin.call("PUT", "/" + realm + "/provisioning/settings").json(Map.of("deleteMode", "disable")).send(), 200);
        try {
            String kept = ScimClient.id(scim.post("/Users", ScimClient.oktaUser("donald@okta.local", "Donald", "Knuth")));
            assertEquals(204, scim.delete("/Users/" + kept).status());
            assertFalse(keycloakUser(kept).get("enabled").asBoolean(), "disable-only mode keeps the account, disabled");
            assertFalse(scim.get("/Users/" + kept).json().get("active").asBoolean());
        } finally {
            admin.require(admin.call("PUT", "/" + realm + "/provisioning/settings").json(Map.of("deleteMode", "delete")).send(), 200);
        }
    }

    @Test
    void etagsGuardConcurrentChanges() {
        Http.Result created = scim.post("/Users", ScimClient.oktaUser("leslie@okta.local", "Leslie", "Lamport"));
        String id = created.json().get("id").asText();
        String etag = created.header("ETag");
        assertTrue(etag.startsWith("W/\""), etag);

        Http.Result fetched = scim.get("/Users/" + id);
        assertEquals(etag, fetched.header("ETag"));
        assertEquals(304, scim.call("GET", "/Users/" + id).header("If-None-Match", etag).send().status());

        Http.Result changed = scim.call("PATCH", "/Users/" + id).header("If-Match", etag)
                .json(patchOps("replace", "title", "Researcher")).send();
        assertEquals(200, changed.status(), changed::toString);
        String newTag = changed.header("ETag");
        assertFalse(etag.equals(newTag));

        Http.Result stale = scim.call("PUT", "/Users/" + id).header("If-Match", etag).json(fetched.json()).send();
        assertEquals(412, stale.status(), stale::toString);
        assertEquals("Researcher", scim.get("/Users/" + id).json().get("title").asText(), "a refused PUT changes nothing");
        assertEquals(412, scim.call("DELETE", "/Users/" + id).header("If-Match", etag).send().status());
        assertEquals(204, scim.call("DELETE", "/Users/" + id).header("If-Match", newTag).send().status());
    }

    @Test
    void syncedUsersAreMarkedSearchableAndAudited() {
        admin.require(admin.call("PUT", "/" + realm).json(Map.of("adminEventsEnabled", true, "adminEventsDetailsEnabled", true)).send(), 204);
        String id = ScimClient.id(scim.post("/Users", ScimClient.oktaUser("frances@okta.local", "Frances", "Allen")));
        admin.createUser(realm, "local-only", "pw-local-1", List.of());

        JsonNode synced = admin.call("GET", "/" + realm + "/users?q=scimProvisioned:true&max=1000").send().json();
        List<String> names = java.util.stream.StreamSupport.stream(synced.spliterator(), false).map(u -> u.get("username").asText()).toList();
        assertTrue(names.contains("frances@okta.local"), names::toString);
        assertFalse(names.contains("local-only"), names::toString);

        JsonNode profile = admin.call("GET", "/" + realm + "/users/profile").send().json();
        JsonNode marker = java.util.stream.StreamSupport.stream(profile.get("attributes").spliterator(), false)
                .filter(a -> a.get("name").asText().equals("scimProvisioned")).findFirst().orElseThrow();
        assertEquals("provisioning", marker.get("group").asText());
        assertEquals(List.of("admin"), List.of(marker.get("permissions").get("edit").get(0).asText()));

        scim.patch("/Users/" + id, patchOps("replace", "title", "Fellow"));
        scim.delete("/Users/" + id);
        JsonNode events = admin.call("GET", "/" + realm + "/admin-events?resourceTypes=USER&max=100").send().json();
        List<String> seen = java.util.stream.StreamSupport.stream(events.spliterator(), false)
                .filter(e -> e.get("resourcePath").asText().equals("users/" + id))
                .map(e -> e.get("operationType").asText() + " by " + e.get("authDetails").get("clientId").asText())
                .toList();
        assertTrue(seen.contains("CREATE by scim:okta"), seen::toString);
        assertTrue(seen.contains("UPDATE by scim:okta"), seen::toString);
        assertTrue(seen.contains("DELETE by scim:okta"), seen::toString);
        assertFalse(events.toString().contains("1mz050nq"), "no password in events");
    }

    @Test
    void serviceAccountsAreNotUsers() {
        admin.require(admin.call("POST", "/" + realm + "/clients").json(Map.of(
                "clientId", "robot", "serviceAccountsEnabled", true, "publicClient", false)).send(), 201);
        String clientId = admin.call("GET", "/" + realm + "/clients?clientId=robot").send().json().get(0).get("id").asText();
        String robotUser = admin.call("GET", "/" + realm + "/clients/" + clientId + "/service-account-user").send().json().get("id").asText();

        assertEquals(404, scim.get("/Users/" + robotUser).status());
        assertEquals(0, scim.filter("Users", "userName eq \"service-account-robot\"").json().get("totalResults").asInt());
        JsonNode all = scim.get("/Users?count=200").json();
        assertFalse(all.toString().contains("service-account-robot"));
        assertEquals(all.get("Resources").size(), all.get("totalResults").asInt());
    }
}
