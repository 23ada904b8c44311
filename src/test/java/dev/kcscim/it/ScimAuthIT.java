package dev.kcscim.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.KeycloakExtension;
import dev.kcscim.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Only a valid, unrevoked, unexpired token of the realm itself gets through; every other caller gets a SCIM 401. */
@ExtendWith(KeycloakExtension.class)
class ScimAuthIT {

    private static TestServer server;
    private static String realm;
    private static String otherRealm;
    private static String token;

    @BeforeAll
    static void setUp(TestServer s) {
        server = s;
        realm = server.admin().createRealm("auth");
        otherRealm = server.admin().createRealm("auth-other");
        server.admin().setProvisioningEnabled(realm, true);
        server.admin().setProvisioningEnabled(otherRealm, true);
        token = server.admin().createToken(realm, "okta").get("token").asText();
    }

    @AfterAll
    static void tearDown() {
        server.admin().deleteRealm(realm);
        server.admin().deleteRealm(otherRealm);
    }

    private String spc(String r) {
        return server.scimBase(r) + "/ServiceProviderConfig";
    }

    private static void assertUnauthorized(Http.Result result) {
        assertEquals(401, result.status(), result::toString);
        assertTrue(result.header("WWW-Authenticate").startsWith("Bearer"), result.header("WWW-Authenticate"));
        assertTrue(result.header("Content-Type").startsWith("application/scim+json"));
        JsonNode body = result.json();
        assertEquals("urn:ietf:params:scim:api:messages:2.0:Error", body.get("schemas").get(0).asText());
        assertEquals("401", body.get("status").asText());
        assertFalse(body.get("detail").asText().isBlank());
    }

    @Test
    void validTokenGetsThrough() {
        assertEquals(200, Http.get(spc(realm)).bearer(token).send().status());
    }

    @Test
    void missingTokenIs401() {
        assertUnauthorized(Http.get(spc(realm)).send());
    }

    @Test
    void malformedAuthorizationIs401() {
        assertUnauthorized(Http.get(spc(realm)).header("Authorization", "Basic YWRtaW46YWRtaW4=").send());
        assertUnauthorized(Http.get(spc(realm)).header("Authorization", "Bearer").send());
        assertUnauthorized(Http.get(spc(realm)).bearer("not-a-token").send());
        assertUnauthorized(Http.get(spc(realm)).bearer(token + "x").send());
    }

    @Test
    void wrongTokenOfTheRightShapeIs401() {
        String forged = "kcscim_" + "A".repeat(43);
        assertUnauthorized(Http.get(spc(realm)).bearer(forged).send());
    }

    @Test
    void keycloakAccessTokenIsNotAProvisioningToken() {
        assertUnauthorized(Http.get(spc(realm)).bearer(server.admin().token()).send());
    }

    @Test
    void revokedTokenStopsWorkingAtOnce() {
        JsonNode created = server.admin().createToken(realm, "to-revoke");
        String secret = created.get("token").asText();
        assertEquals(200, Http.get(spc(realm)).bearer(secret).send().status());
        server.admin().require(server.admin().call("DELETE", "/" + realm + "/provisioning/tokens/" + created.get("id").asText()).send(), 204);
        assertUnauthorized(Http.get(spc(realm)).bearer(secret).send());
    }

    @Test
    void expiredTokenIs401() throws InterruptedException {
        Instant expiry = Instant.now().plusSeconds(3);
        JsonNode created = server.admin().require(server.admin().call("POST", "/" + realm + "/provisioning/tokens")
                .json(Map.of("name", "short-lived", "expiresAt", expiry.toString())).send(), 201).json();
        assertEquals(expiry.toString().substring(0, 19), created.get("expiresAt").asText().substring(0, 19));
        String secret = created.get("token").asText();
        assertEquals(200, Http.get(spc(realm)).bearer(secret).send().status());
        while (!Instant.now().isAfter(expiry.plusMillis(200))) {
            Thread.sleep(250);
        }
        assertUnauthorized(Http.get(spc(realm)).bearer(secret).send());
    }

    @Test
    void anotherRealmsTokenIs401() {
        String otherToken = server.admin().createToken(otherRealm, "okta").get("token").asText();
        assertEquals(200, Http.get(spc(otherRealm)).bearer(otherToken).send().status());
        assertUnauthorized(Http.get(spc(realm)).bearer(otherToken).send());
        assertUnauthorized(Http.get(spc(otherRealm)).bearer(token).send());
    }

    @Test
    void disabledRealmAnswers404RevealingNothing() {
        String disabled = server.admin().createRealm("auth-disabled");
        try {
            String secret = server.admin().createToken(disabled, "okta").get("token").asText();
            for (Http.Result result : new Http.Result[]{
                    Http.get(spc(disabled)).bearer(secret).send(),
                    Http.get(spc(disabled)).send(),
                    Http.get(server.scimBase(disabled) + "/Users").send()}) {
                assertEquals(404, result.status(), result::toString);
                assertEquals("404", result.json().get("status").asText());
                assertNotNull(result.json().get("detail"));
                assertEquals(null, result.header("WWW-Authenticate"));
            }
            server.admin().setProvisioningEnabled(disabled, true);
            assertEquals(200, Http.get(spc(disabled)).bearer(secret).send().status());
        } finally {
            server.admin().deleteRealm(disabled);
        }
    }

    @Test
    void everyDiscoveryEndpointRequiresTheToken() {
        for (String path : new String[]{"/ServiceProviderConfig", "/ResourceTypes", "/Schemas", "/Users", "/nope"}) {
            assertUnauthorized(Http.get(server.scimBase(realm) + path).send());
        }
    }
}
