package dev.kcscim.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.KeycloakExtension;
import dev.kcscim.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin REST API for settings and tokens, with Keycloak's admin permissions. */
@ExtendWith(KeycloakExtension.class)
class ProvisioningAdminIT {

    private static TestServer server;
    private static AdminApi admin;
    private static String realm;

    @BeforeAll
    static void setUp(TestServer s) {
        server = s;
        admin = server.admin();
        realm = admin.createRealm("admin-api");
    }

    @AfterAll
    static void tearDown() {
        admin.deleteRealm(realm);
    }

    private Http.Call call(String method, String path) {
        return admin.call(method, "/" + realm + "/provisioning" + path);
    }

    @Test
    void newRealmIsDisabledAndSettingsCanBeChanged() {
        String fresh = admin.createRealm("settings");
        try {
            JsonNode settings = admin.require(admin.call("GET", "/" + fresh + "/provisioning/settings").send(), 200).json();
            assertFalse(settings.get("enabled").asBoolean());
            assertEquals(server.scimBase(fresh), settings.get("scimBaseUrl").asText());

            JsonNode updated = admin.require(admin.call("PUT", "/" + fresh + "/provisioning/settings")
                    .json(Map.of("enabled", true)).send(), 200).json();
            assertTrue(updated.get("enabled").asBoolean());
            assertTrue(admin.call("GET", "/" + fresh + "/provisioning/settings").send().json().get("enabled").asBoolean());

            // The read-only URL may be sent back unchanged, as a form would.
            admin.require(admin.call("PUT", "/" + fresh + "/provisioning/settings")
                    .json(Map.of("enabled", false, "scimBaseUrl", "ignored")).send(), 200);
            assertFalse(admin.call("GET", "/" + fresh + "/provisioning/settings").send().json().get("enabled").asBoolean());
        } finally {
            admin.deleteRealm(fresh);
        }
    }

    @Test
    void invalidSettingsAre400AndChangeNothing() {
        admin.setProvisioningEnabled(realm, true);
        for (String body : new String[]{"{\"enabled\": \"yes\"}", "{\"enabled\": 1}", "{\"colour\": \"blue\"}", "[]", "\"on\""}) {
            Http.Result result = call("PUT", "/settings").json(body).send();
            assertEquals(400, result.status(), body + " -> " + result);
        }
        assertTrue(call("GET", "/settings").send().json().get("enabled").asBoolean());
    }

    @Test
    void createdTokenIsShownOnceAndListedWithoutSecret() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        Http.Result created = call("POST", "/tokens").json(Map.of("name", "okta-created")).send();
        assertEquals(201, created.status(), created::toString);
        JsonNode body = created.json();
        String id = body.get("id").asText();
        String secret = body.get("token").asText();
        assertTrue(secret.startsWith("kcscim_") && secret.length() == 50, secret);
        assertEquals("okta-created", body.get("name").asText());
        Instant createdAt = Instant.parse(body.get("createdAt").asText());
        assertTrue(createdAt.isAfter(before) && createdAt.isBefore(Instant.now().plusSeconds(1)), "created now: " + createdAt);
        assertTrue(body.get("expiresAt").isNull());
        assertTrue(created.header("Location").endsWith("/provisioning/tokens/" + id), created.header("Location"));

        Http.Result list = call("GET", "/tokens").send();
        assertEquals(200, list.status());
        JsonNode listed = StreamSupport.stream(list.json().spliterator(), false)
                .filter(t -> t.get("id").asText().equals(id)).findFirst().orElseThrow();
        Set<String> fields = new java.util.HashSet<>();
        listed.fieldNames().forEachRemaining(fields::add);
        assertEquals(Set.of("id", "name", "createdAt", "expiresAt", "lastUsedAt"), fields);
        assertFalse(list.body().contains(secret));
        assertFalse(list.body().contains(sha256(secret)), "the hash is not listed either");
    }

    @Test
    void tokenRequestsAreValidated() {
        String past = Instant.now().minusSeconds(60).toString();
        for (Object body : List.of(Map.of(), Map.of("name", ""), Map.of("name", "   "), Map.of("name", 42),
                Map.of("name", "x".repeat(65)), Map.of("name", "bad-date", "expiresAt", "next tuesday"),
                Map.of("name", "past", "expiresAt", past), "[]")) {
            Http.Result result = call("POST", "/tokens").json(body).send();
            assertEquals(400, result.status(), body + " -> " + result);
            assertFalse(result.json().get("errorMessage").asText().isBlank());
        }
        admin.require(call("POST", "/tokens").json(Map.of("name", "dup", "expiresAt", "2999-01-01")).send(), 201);
        assertEquals(409, call("POST", "/tokens").json(Map.of("name", "DUP")).send().status());
    }

    @Test
    void revokeIs204ThenGoneAndUnknownIs404() {
        String id = admin.createToken(realm, "to-delete").get("id").asText();
        assertEquals(204, call("DELETE", "/tokens/" + id).send().status());
        assertFalse(call("GET", "/tokens").send().body().contains(id));
        assertEquals(404, call("DELETE", "/tokens/" + id).send().status());
        assertEquals(404, call("DELETE", "/tokens/no-such-id").send().status());
    }

    @Test
    void lastUsedIsRecordedCoarsely() {
        admin.setProvisioningEnabled(realm, true);
        JsonNode created = admin.createToken(realm, "usage");
        String id = created.get("id").asText();
        assertTrue(listed(id).get("lastUsedAt").isNull());
        Instant before = Instant.now().minusSeconds(1);
        Http.get(server.scimBase(realm) + "/ServiceProviderConfig").bearer(created.get("token").asText()).send();
        String firstUse = listed(id).get("lastUsedAt").asText();
        Instant used = Instant.parse(firstUse);
        assertTrue(used.isAfter(before) && used.isBefore(Instant.now().plusSeconds(1)), "recorded at the use: " + used);
        Http.get(server.scimBase(realm) + "/Schemas").bearer(created.get("token").asText()).send();
        assertEquals(firstUse, listed(id).get("lastUsedAt").asText(), "a second use within the interval writes nothing");
    }

    private JsonNode listed(String id) {
        return StreamSupport.stream(call("GET", "/tokens").send().json().spliterator(), false)
                .filter(t -> t.get("id").asText().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void callersWithoutRightsAreRefused() {
        String userRealm = admin.createRealm("perms");
        try {
            admin.createUser(userRealm, "nobody", "pw-nobody-1", List.of());
            admin.createUser(userRealm, "viewer", "pw-viewer-1", List.of("view-realm"));
            admin.createUser(userRealm, "manager", "pw-manager-1", List.of("manage-realm", "view-realm"));
            String base = "/" + userRealm + "/provisioning";
            AdminApi nobody = new AdminApi(server.baseUrl(), userRealm, "nobody", "pw-nobody-1");
            AdminApi viewer = new AdminApi(server.baseUrl(), userRealm, "viewer", "pw-viewer-1");
            AdminApi manager = new AdminApi(server.baseUrl(), userRealm, "manager", "pw-manager-1");

            assertEquals(401, Http.get(server.baseUrl() + "/admin/realms" + base + "/settings").send().status());
            assertEquals(401, Http.post(server.baseUrl() + "/admin/realms" + base + "/tokens").json(Map.of("name", "x")).send().status());

            assertEquals(403, nobody.call("GET", base + "/settings").send().status());
            assertEquals(403, nobody.call("GET", base + "/tokens").send().status());
            assertEquals(403, nobody.call("POST", base + "/tokens").json(Map.of("name", "x")).send().status());

            assertEquals(200, viewer.call("GET", base + "/settings").send().status());
            assertEquals(200, viewer.call("GET", base + "/tokens").send().status());
            assertEquals(403, viewer.call("PUT", base + "/settings").json(Map.of("enabled", true)).send().status());
            assertEquals(403, viewer.call("POST", base + "/tokens").json(Map.of("name", "x")).send().status());
            assertEquals(403, viewer.call("GET", base + "/configuration").send().status(), "token hashes are for realm managers only");
            assertEquals(403, viewer.call("PUT", base + "/configuration").json(Map.of("tenants", List.of())).send().status());
            assertEquals(200, manager.call("GET", base + "/configuration").send().status());

            Http.Result minted = manager.call("POST", base + "/tokens").json(Map.of("name", "by-manager")).send();
            assertEquals(201, minted.status(), minted::toString);
            String id = minted.json().get("id").asText();
            assertEquals(403, viewer.call("DELETE", base + "/tokens/" + id).send().status());
            assertEquals(200, manager.call("PUT", base + "/settings").json(Map.of("enabled", true)).send().status());
            assertEquals(204, manager.call("DELETE", base + "/tokens/" + id).send().status());

            // An admin of one realm has no say over another realm's provisioning.
            assertEquals(403, manager.call("GET", "/" + realm + "/provisioning/tokens").send().status());
        } finally {
            admin.deleteRealm(userRealm);
        }
    }

    @Test
    void storedFormHoldsNoSecretAndMovesWithTheRealmsExport() throws Exception {
        String exported = admin.createRealm("export");
        try {
            admin.setProvisioningEnabled(exported, true);
            JsonNode created = admin.createToken(exported, "okta");
            String secret = created.get("token").asText();

            Http.Result realmRep = admin.call("GET", "/" + exported).send();
            assertFalse(realmRep.body().contains(secret));
            assertFalse(realmRep.body().contains(secret.substring("kcscim_".length())));

            // The realm export carries no provisioning state; the provisioning configuration beside it carries the hash.
            Http.Result export = admin.call("POST", "/" + exported + "/partial-export").send();
            assertEquals(200, export.status(), export::toString);
            assertFalse(export.body().contains(secret));
            assertFalse(export.body().contains(sha256(secret)), "no token hash in the realm export");
            Http.Result configuration = admin.call("GET", "/" + exported + "/provisioning/configuration").send();
            assertEquals(200, configuration.status(), configuration::toString);
            assertFalse(configuration.body().contains(secret));
            assertTrue(configuration.body().contains(sha256(secret)), "the configuration carries the hash, so the token survives");

            admin.deleteRealm(exported);
            Http.Result imported = Http.post(server.baseUrl() + "/admin/realms").bearer(admin.token()).json(export.body()).send();
            assertEquals(201, imported.status(), imported::toString);
            admin.require(admin.call("PUT", "/" + exported + "/provisioning/configuration").json(configuration.json()).send(), 200);

            Http.Result scim = Http.get(server.scimBase(exported) + "/ServiceProviderConfig").bearer(secret).send();
            assertEquals(200, scim.status(), scim::toString);
            JsonNode tokens = admin.call("GET", "/" + exported + "/provisioning/tokens").send().json();
            assertEquals(1, tokens.size());
            assertEquals(created.get("id").asText(), tokens.get(0).get("id").asText());
        } finally {
            admin.deleteRealm(exported);
        }
    }

    @Test
    void changesAreAdminEvents() {
        String audited = admin.createRealm("audit");
        try {
            admin.require(admin.call("PUT", "/" + audited).json(Map.of("adminEventsEnabled", true, "adminEventsDetailsEnabled", true)).send(), 204);
            admin.setProvisioningEnabled(audited, true);
            JsonNode created = admin.createToken(audited, "okta");
            String id = created.get("id").asText();
            admin.require(admin.call("DELETE", "/" + audited + "/provisioning/tokens/" + id).send(), 204);

            Http.Result events = admin.call("GET", "/" + audited + "/admin-events").send();
            assertEquals(200, events.status());
            assertFalse(events.body().contains(created.get("token").asText()), "no secret in admin events");
            List<String> seen = StreamSupport.stream(events.json().spliterator(), false)
                    .map(e -> e.get("operationType").asText() + " " + e.get("resourcePath").asText()).toList();
            assertTrue(seen.contains("CREATE provisioning/tokens/" + id), seen::toString);
            assertTrue(seen.contains("DELETE provisioning/tokens/" + id), seen::toString);
            assertTrue(seen.contains("UPDATE provisioning/settings"), seen::toString);
        } finally {
            admin.deleteRealm(audited);
        }
    }

    static String sha256(String value) throws Exception {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }

}
