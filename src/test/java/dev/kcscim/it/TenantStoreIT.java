package dev.kcscim.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.Database;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.KeycloakExtension;
import dev.kcscim.testing.ScimClient;
import dev.kcscim.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where tenant state lives: tables of its own, not the realm. Hundreds of organizations leave the realm representation
 * as it was; each token works at its own tenant's URL only; what an earlier version kept in realm attributes moves
 * into the tables by itself with nothing lost; and the configuration moves with a realm to another server.
 */
@ExtendWith(KeycloakExtension.class)
class TenantStoreIT {

    private static TestServer server;
    private static AdminApi admin;

    @BeforeAll
    static void setUp(TestServer s) {
        server = s;
        admin = server.admin();
    }

    private static String createOrganization(String realm, String alias) {
        return admin.createOrganization(realm, alias, alias, alias + ".example");
    }

    private static String scimBase(String realm, String organization) {
        return server.baseUrl() + "/realms/" + realm + "/provisioning" + (organization == null ? "" : "/organizations/" + organization) + "/scim/v2";
    }

    private static List<String> provisioningAttributes(String realm) {
        List<String> names = new ArrayList<>();
        admin.call("GET", "/" + realm).send().json().path("attributes").fieldNames().forEachRemaining(n -> {
            if (n.startsWith("kcscim")) {
                names.add(n);
            }
        });
        return names;
    }

    @Test
    void threeHundredOrganizationsLeaveTheRealmRepresentationAsItWasAndEachTokenWorksAtItsOwnUrlOnly() {
        try (TestServer.ProvisionedRealm realm = server.provisionedRealm("tenants", Map.of())) {
            int before = admin.call("GET", "/" + realm.name()).send().body().length();
            List<String> organizations = new ArrayList<>();
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String organization = createOrganization(realm.name(), "tenant-" + i);
                String path = "/" + realm.name() + "/provisioning/organizations/" + organization;
                admin.require(admin.call("PUT", path + "/settings").json(Map.of("enabled", true, "deleteMode", i % 2 == 0 ? "delete" : "disable")).send(), 200);
                tokens.add(admin.require(admin.call("POST", path + "/tokens").json(Map.of("name", "okta")).send(), 201).json().get("token").asText());
                organizations.add(organization);
            }
            String representation = admin.call("GET", "/" + realm.name()).send().body();
            assertEquals(List.of(), provisioningAttributes(realm.name()), "no provisioning attribute in the realm");
            assertFalse(representation.contains("kcscim_") || representation.contains("\"hash\""), "no token or hash in the realm representation");
            // The organizations themselves are not in the representation either: its size does not follow the tenants.
            assertTrue(representation.length() < before + 2_000, "the realm representation grew from " + before + " to " + representation.length());

            for (int i = 0; i < organizations.size(); i++) {
                String own = organizations.get(i);
                String next = organizations.get((i + 1) % organizations.size());
                assertEquals(200, Http.get(scimBase(realm.name(), own) + "/Users?count=1").bearer(tokens.get(i)).send().status());
                assertEquals(401, Http.get(scimBase(realm.name(), next) + "/Users?count=1").bearer(tokens.get(i)).send().status());
                if (i % 30 == 0) {
                    assertEquals(401, Http.get(scimBase(realm.name(), null) + "/Users?count=1").bearer(tokens.get(i)).send().status());
                    assertEquals(401, Http.get(scimBase(realm.name(), own) + "/Users?count=1").bearer(realm.scim().token()).send().status());
                }
            }
            JsonNode settings = admin.call("GET", "/" + realm.name() + "/provisioning/organizations/" + organizations.get(7) + "/settings").send().json();
            assertEquals("disable", settings.get("deleteMode").asText(), "each organization keeps its own settings");
            Database.count("SELECT COUNT(*) FROM KCSCIM_TENANT WHERE TENANT <> 'realm' AND REALM_ID = (SELECT ID FROM REALM WHERE NAME = '"
                    + realm.name() + "')").ifPresent(n -> assertEquals(300, n));
        }
    }

    /** A token as this version makes them: kcscim_ and 256 random bits. */
    private static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return "kcscim_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(String secret) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void whatAnEarlierVersionKeptInRealmAttributesMovesIntoTheTablesWithNothingLost() throws Exception {
        String realm = admin.createRealm("upgrade");
        try {
            String organization = createOrganization(realm, "upgraded-" + UUID.randomUUID().toString().substring(0, 6));
            String realmSecret = newSecret();
            String orgSecret = newSecret();
            String realmTokenId = UUID.randomUUID().toString();
            String orgTokenId = UUID.randomUUID().toString();
            // The layout of this JAR's earlier versions, as they wrote it.
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("kcscim.enabled", "true");
            attributes.put("kcscim.deleteMode", "disable");
            attributes.put("kcscim.teamsParentGroup", "/teams");
            attributes.put("kcscim.trustEmail", "false");
            attributes.put("kcscim.token." + realmTokenId, "{\"name\":\"okta\",\"hash\":\"" + hash(realmSecret) + "\",\"createdAt\":\"2026-10-01T08:00:00Z\"}");
            attributes.put("kcscim.tokenLastUsed." + realmTokenId, "2026-11-30T09:15:00Z");
            String org = "kcscim.org." + organization + ".";
            attributes.put(org + "enabled", "true");
            attributes.put(org + "restrictEmailDomains", "false");
            attributes.put(org + "token." + orgTokenId, "{\"name\":\"okta-customer\",\"hash\":\"" + hash(orgSecret)
                    + "\",\"createdAt\":\"2026-10-02T08:00:00Z\",\"expiresAt\":\"2036-01-01T00:00:00Z\"}");
            admin.require(admin.call("PUT", "/" + realm).json(Map.of("attributes", attributes)).send(), 204);
            assertEquals(9, provisioningAttributes(realm).size(), "the old layout is in place");

            // The tokens Okta holds keep working, at their own tenant's URL only.
            assertEquals(200, Http.get(scimBase(realm, null) + "/Users").bearer(realmSecret).send().status());
            assertEquals(200, Http.get(scimBase(realm, organization) + "/Users").bearer(orgSecret).send().status());
            assertEquals(401, Http.get(scimBase(realm, organization) + "/Users").bearer(realmSecret).send().status());
            assertEquals(List.of(), provisioningAttributes(realm), "once moved, the attributes are removed");

            JsonNode settings = admin.call("GET", "/" + realm + "/provisioning/settings").send().json();
            assertEquals("disable", settings.get("deleteMode").asText());
            assertEquals("/teams", settings.get("teamsParentGroup").asText());
            assertFalse(settings.get("trustEmail").asBoolean());
            JsonNode token = admin.call("GET", "/" + realm + "/provisioning/tokens").send().json().get(0);
            assertEquals(realmTokenId, token.get("id").asText());
            assertEquals("okta", token.get("name").asText());
            assertEquals("2026-10-01T08:00:00Z", token.get("createdAt").asText());
            JsonNode orgSettings = admin.call("GET", "/" + realm + "/provisioning/organizations/" + organization + "/settings").send().json();
            assertTrue(orgSettings.get("enabled").asBoolean());
            assertFalse(orgSettings.get("restrictEmailDomains").asBoolean());
            JsonNode orgToken = admin.call("GET", "/" + realm + "/provisioning/organizations/" + organization + "/tokens").send().json().get(0);
            assertEquals("2036-01-01T00:00:00Z", orgToken.get("expiresAt").asText());
            // A revoked moved token stops working.
            admin.require(admin.call("DELETE", "/" + realm + "/provisioning/tokens/" + realmTokenId).send(), 204);
            assertEquals(401, Http.get(scimBase(realm, null) + "/Users").bearer(realmSecret).send().status());
        } finally {
            admin.deleteRealm(realm);
        }
    }

    @Test
    void theConfigurationMovesWithTheRealm() {
        String alias = "moving-" + UUID.randomUUID().toString().substring(0, 6);
        String source = admin.createRealm("move-from");
        JsonNode document;
        String realmToken;
        String orgToken;
        try {
            String organization = createOrganization(source, alias);
            admin.require(admin.call("PUT", "/" + source + "/provisioning/settings").json(Map.of("enabled", true, "deleteMode", "disable")).send(), 200);
            realmToken = admin.createToken(source, "okta").get("token").asText();
            String orgPath = "/" + source + "/provisioning/organizations/" + organization;
            admin.require(admin.call("PUT", orgPath + "/settings").json(Map.of("enabled", true)).send(), 200);
            orgToken = admin.require(admin.call("POST", orgPath + "/tokens").json(Map.of("name", "customer")).send(), 201).json().get("token").asText();
            document = admin.require(admin.call("GET", "/" + source + "/provisioning/configuration").send(), 200).json();
            assertFalse(document.toString().contains(realmToken) || document.toString().contains(orgToken), "hashes, never secrets");
            assertEquals(2, document.get("tenants").size(), document.toString());
        } finally {
            admin.deleteRealm(source);
        }
        // The realm and its organization as a realm import recreates them, then the provisioning configuration.
        String target = admin.createRealm("move-to");
        try {
            String organization = createOrganization(target, alias);
            JsonNode imported = admin.require(admin.call("PUT", "/" + target + "/provisioning/configuration").json(document).send(), 200).json();
            assertEquals(2, imported.get("tenants").asInt());
            assertEquals(200, new ScimClient(scimBase(target, null), realmToken).get("/Users").status(), "the realm's token works after the move");
            assertEquals(200, new ScimClient(scimBase(target, organization), orgToken).get("/Users").status());
            assertEquals(401, new ScimClient(scimBase(target, organization), realmToken).get("/Users").status());
            assertEquals("disable", admin.call("GET", "/" + target + "/provisioning/settings").send().json().get("deleteMode").asText());
            Map<String, Object> unknown = Map.of("tenants", List.of(Map.of("organization", "no-such-alias", "settings", Map.of(), "tokens", List.of())));
            Http.Result refused = admin.call("PUT", "/" + target + "/provisioning/configuration").json(unknown).send();
            assertEquals(400, refused.status());
            assertTrue(refused.body().contains("no-such-alias"), refused.body());
        } finally {
            admin.deleteRealm(target);
        }
    }
}
