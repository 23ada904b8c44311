package dev.kcscim.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.testing.ActivityLogs;
import dev.kcscim.testing.PrometheusText;
import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.KeycloakExtension;
import dev.kcscim.testing.RealmFixture;
import dev.kcscim.testing.ScimClient;
import dev.kcscim.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static dev.kcscim.testing.ScimClient.patchOps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an admin sees of provisioning without reading server logs: the activity log, the teams overview, the
 * trust-email setting's effect, and the SCIM metrics on Keycloak's management port.
 */
class AdminVisibilityIT {

    private static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

    @RegisterExtension
    static final RealmFixture fixture = RealmFixture.provisioned("visibility", Map.of("teamsParentGroup", "/teams"));

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

    private static JsonNode activityUntil(String query, Predicate<JsonNode> ready) {
        return ActivityLogs.until(admin, realm, "/activity" + query, ready);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean has(JsonNode entries, String method, String pathStart, int status) {
        for (JsonNode e : entries) {
            if (e.get("method").asText().equals(method) && e.get("path").asText().startsWith(pathStart) && e.get("status").asInt() == status) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theActivityLogListsSuccessesAndFailuresWithoutSecretsOrBodies() {
        String tokenSecret = scim.token();
        String password = "Sup3r-secret-pw-" + System.nanoTime();
        Map<String, Object> body = ScimClient.oktaUser("activity.user@example.com", "Act", "Ivity");
        body.put("password", password);
        String id = ScimClient.id(admin.require(scim.post("/Users", body), 201));
        assertEquals(409, scim.post("/Users", body).status());
        assertEquals(401, Http.get(scim.base() + "/Users").bearer("kcscim_wrong").send().status());

        JsonNode entries = activityUntil("", e -> has(e, "POST", "/Users", 201) && has(e, "POST", "/Users", 409) && has(e, "GET", "/Users", 401));
        JsonNode created = null;
        JsonNode conflict = null;
        for (JsonNode e : entries) {
            if (e.get("status").asInt() == 201 && e.get("method").asText().equals("POST")) {
                created = e;
            }
            if (e.get("status").asInt() == 409) {
                conflict = e;
            }
        }
        assertEquals("okta", created.get("token").asText());
        assertEquals("/Users", created.get("path").asText());
        assertTrue(created.get("durationMs").asLong() >= 0);
        assertNull(created.get("detail").textValue(), "a success has no error detail");
        assertTrue(conflict.get("detail").asText().contains("already exists"), conflict::toString);
        assertTrue(Instant.parse(entries.get(0).get("time").asText()).compareTo(Instant.parse(entries.get(entries.size() - 1).get("time").asText())) >= 0,
                "newest first");
        String everything = entries.toString();
        assertFalse(everything.contains(tokenSecret), "no token secret");
        assertFalse(everything.contains(tokenSecret.substring(7, 20)), "not even part of it");
        assertFalse(everything.contains(password), "no request body");
        assertFalse(everything.contains("kcscim_wrong"), "not the refused secret either");

        scim.get("/Users/" + id);
        JsonNode reads = activityUntil("?status=2xx", e -> has(e, "GET", "/Users/" + id, 200));
        reads.forEach(e -> assertEquals(2, e.get("status").asInt() / 100, e::toString));
        JsonNode byId = null;
        for (JsonNode e : reads) {
            if (e.get("path").asText().equals("/Users/" + id)) {
                byId = e;
            }
        }
        assertEquals(id, byId.get("resourceId").asText());

        JsonNode errors = activityUntil("?status=errors", e -> has(e, "POST", "/Users", 409));
        errors.forEach(e -> assertTrue(e.get("status").asInt() >= 400, e::toString));
        assertTrue(has(errors, "GET", "/Users", 401), "unauthenticated requests are logged, without a token name");

        String second = admin.createToken(realm, "entra").get("token").asText();
        Http.get(scim.base() + "/ServiceProviderConfig").bearer(second).send();
        JsonNode entra = activityUntil("?token=entra", e -> !e.isEmpty());
        entra.forEach(e -> assertEquals("entra", e.get("token").asText()));

        // With the log off, requests are answered as before and logged nowhere.
        admin.require(admin.call("PUT", "/" + realm + "/provisioning/settings").json(Map.of("activityLog", false)).send(), 200);
        String unlogged = "/Users/unlogged-" + System.nanoTime();
        try {
            assertEquals(404, scim.get(unlogged).status());
        } finally {
            admin.require(admin.call("PUT", "/" + realm + "/provisioning/settings").json(Map.of("activityLog", true)).send(), 200);
        }
        String marker = "/Users/logged-" + System.nanoTime();
        assertEquals(404, scim.get(marker).status());
        JsonNode after = activityUntil("?status=errors", e -> e.toString().contains(marker));
        assertFalse(after.toString().contains(unlogged), "a request made while the log was off is not in it");

        assertEquals(400, admin.call("GET", "/" + realm + "/provisioning/activity?status=teapot").send().status());
        assertEquals(400, admin.call("GET", "/" + realm + "/provisioning/activity?max=0").send().status());
    }

    @Test
    void theActivityLogKeepsOnlyTheNewestEntriesOfEachTenant() {
        try (TestServer.ProvisionedRealm busy = server.provisionedRealm("busy", Map.of())) {
            int requests = KeycloakExtension.ACTIVITY_MAX_ENTRIES + 25;
            for (int i = 0; i < requests; i++) {
                busy.scim().get("/Users?count=1&startIndex=" + (i + 1));
            }
            String last = "/Users?count=1&startIndex=" + requests;
            Instant deadline = Instant.now().plusSeconds(10);
            JsonNode entries;
            do {
                entries = admin.require(admin.call("GET", "/" + busy.name() + "/provisioning/activity?max=" + KeycloakExtension.ACTIVITY_MAX_ENTRIES).send(), 200).json();
                pause();
            } while (entries.size() < KeycloakExtension.ACTIVITY_MAX_ENTRIES && Instant.now().isBefore(deadline));
            // The log keeps no query strings: the newest entry is the last request's path.
            assertEquals("/Users", entries.get(0).get("path").asText());
            assertTrue(entries.size() <= KeycloakExtension.ACTIVITY_MAX_ENTRIES, "at most the bound: " + entries.size());
            assertFalse(entries.toString().contains(last.substring(last.indexOf('?'))), "no query strings");
            // Nothing beyond the bound is kept, even when asked for.
            assertTrue(admin.require(admin.call("GET", "/" + busy.name() + "/provisioning/activity?first=" + KeycloakExtension.ACTIVITY_MAX_ENTRIES
                    + "&max=10").send(), 200).json().isEmpty());
        }
        // Another realm's requests never show in this one.
        JsonNode mine = admin.require(admin.call("GET", "/" + realm + "/provisioning/activity?max=40").send(), 200).json();
        mine.forEach(e -> assertFalse(e.get("path").asText().contains("startIndex"), e::toString));
    }

    @Test
    void theTeamsOverviewShowsMembersAndTheLastChange() {
        List<String> ids = new ArrayList<>();
        for (String email : List.of("team.one@example.com", "team.two@example.com")) {
            ids.add(ScimClient.id(admin.require(scim.post("/Users", ScimClient.oktaUser(email, "Team", "Member")), 201)));
        }
        String team = ScimClient.id(admin.require(scim.post("/Groups", Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", "Overview team",
                "members", List.of(Map.of("value", ids.get(0)), Map.of("value", ids.get(1))))), 201));
        JsonNode teams = admin.require(admin.call("GET", "/" + realm + "/provisioning/teams").send(), 200).json();
        JsonNode overview = null;
        for (JsonNode t : teams) {
            if (t.get("id").asText().equals(team)) {
                overview = t;
            }
        }
        assertEquals("Overview team", overview.get("name").asText());
        assertEquals("/teams/Overview team", overview.get("path").asText());
        assertEquals(2, overview.get("members").asLong());
        assertTrue(overview.get("provisioned").asBoolean());
        assertEquals(1, overview.get("parentIds").size(), "below /teams");
        Instant before = Instant.parse(overview.get("lastModified").asText());

        admin.require(scim.patch("/Groups/" + team, patchOps("remove", "members[value eq \"" + ids.get(1) + "\"]", null)), 204);
        for (JsonNode t : admin.call("GET", "/" + realm + "/provisioning/teams").send().json()) {
            if (t.get("id").asText().equals(team)) {
                assertEquals(1, t.get("members").asLong());
                assertFalse(Instant.parse(t.get("lastModified").asText()).isBefore(before));
            }
        }
    }

    @Test
    void trustedEmailsAreStoredVerifiedAndUntrustedOnesAreNot() {
        String trusted = ScimClient.id(admin.require(scim.post("/Users", ScimClient.oktaUser("trusted@example.com", "Tru", "Sted")), 201));
        assertTrue(user(trusted).get("emailVerified").asBoolean(), "on by default: Okta owns the address");

        // An unchanged email keeps its state: the person's own verification is not undone by a name change.
        admin.require(admin.call("PUT", "/" + realm + "/users/" + trusted).json(Map.of("emailVerified", false)).send(), 204);
        admin.require(scim.patch("/Users/" + trusted, patchOps("replace", "name.givenName", "Trudy")), 200);
        assertFalse(user(trusted).get("emailVerified").asBoolean());

        admin.require(admin.call("PUT", "/" + realm + "/provisioning/settings").json(Map.of("trustEmail", false)).send(), 200);
        try {
            assertFalse(admin.call("GET", "/" + realm + "/provisioning/settings").send().json().get("trustEmail").asBoolean());
            String untrusted = ScimClient.id(admin.require(scim.post("/Users", ScimClient.oktaUser("untrusted@example.com", "Un", "Trusted")), 201));
            assertFalse(user(untrusted).get("emailVerified").asBoolean());

            admin.require(admin.call("PUT", "/" + realm + "/users/" + untrusted).json(Map.of("emailVerified", true)).send(), 204);
            admin.require(scim.patch("/Users/" + untrusted, patchOps("replace", "userName", "untrusted.new@example.com",
                    "replace", "emails[primary eq true].value", "untrusted.new@example.com")), 200);
            assertFalse(user(untrusted).get("emailVerified").asBoolean(), "a changed email follows the setting");
        } finally {
            admin.require(admin.call("PUT", "/" + realm + "/provisioning/settings").json(Map.of("trustEmail", true)).send(), 200);
        }
        admin.require(scim.patch("/Users/" + trusted, patchOps("replace", "userName", "trusted.new@example.com",
                "replace", "emails[primary eq true].value", "trusted.new@example.com")), 200);
        assertTrue(user(trusted).get("emailVerified").asBoolean(), "a changed email is verified again when trusted");
    }

    private static JsonNode user(String id) {
        return admin.require(admin.call("GET", "/" + realm + "/users/" + id).send(), 200).json();
    }

    @Test
    void scimMetricsAreOnTheManagementPort() {
        try (TestServer.ProvisionedRealm measured = server.provisionedRealm("metrics", Map.of())) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, measured.scim().get("/Users").status());
            }
            assertEquals(404, measured.scim().get("/Users/does-not-exist").status());
            assertEquals(201, measured.scim().post("/Users", ScimClient.oktaUser("metrics@example.com", "Me", "Trics")).status());

            String metrics = Http.get(server.managementUrl() + "/metrics").send().body();
            String realmTag = "realm=\"" + measured.name() + "\"";
            assertEquals(3.0, PrometheusText.sample(metrics, "keycloak_scim_requests_total", realmTag, "method=\"GET\"", "resource=\"Users\"", "status=\"2xx\""));
            assertEquals(1.0, PrometheusText.sample(metrics, "keycloak_scim_requests_total", realmTag, "method=\"GET\"", "status=\"4xx\""));
            assertEquals(1.0, PrometheusText.sample(metrics, "keycloak_scim_requests_total", realmTag, "method=\"POST\"", "status=\"2xx\""));
            assertEquals(3.0, PrometheusText.sample(metrics, "keycloak_scim_request_duration_seconds_count", realmTag, "method=\"GET\"", "status=\"2xx\""));
            assertEquals(3.0, PrometheusText.sample(metrics, "keycloak_scim_request_duration_seconds_bucket", realmTag, "method=\"GET\"", "status=\"2xx\"", "le=\"+Inf\""));
            assertTrue(PrometheusText.sample(metrics, "keycloak_scim_request_duration_seconds_sum", realmTag, "method=\"GET\"", "status=\"2xx\"") > 0);
            assertTrue(metrics.contains("tenant=\"realm\""));
        }
    }

}
