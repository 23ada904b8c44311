package dev.kcscim.it;

import dev.kcscim.testing.OktaSpecTest;
import dev.kcscim.testing.RealmFixture;
import dev.kcscim.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.List;
import java.util.Map;


/**
 * Okta's own "SCIM 2.0 SPEC Test" (a Runscope export in ../shared/conformance), run by its Node runner
 * against the real server. Like a real Okta tenant, it expects at least one complete user to exist.
 */
class OktaConformanceIT {

    @RegisterExtension
    static final RealmFixture fixture = RealmFixture.provisioned("okta-spec", Map.of("teamsParentGroup", "/teams"));

    private static TestServer server;
    private static String realm;
    private static String token;

    @BeforeAll
    static void setUp() {
        server = fixture.server();
        realm = fixture.name();
        token = fixture.scim().token();
        server.admin().require(dev.kcscim.testing.Http.post(server.scimBase(realm) + "/Users").bearer(token).json(Map.of(
                "schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
                "userName", "ada.lovelace@example.com",
                "name", Map.of("givenName", "Ada", "familyName", "Lovelace"),
                "emails", List.of(Map.of("value", "ada.lovelace@example.com", "type", "work", "primary", true)),
                "active", true)).send(), 201);
        // With groups present, as the issue asks of the Groups step.
        server.admin().require(dev.kcscim.testing.Http.post(server.scimBase(realm) + "/Groups").bearer(token).json(Map.of(
                "schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"), "displayName", "Engineering")).send(), 201);
    }


    @Test
    void oktaSpecTestPassesTwelveOfTwelve() throws IOException, InterruptedException {
        OktaSpecTest.assertPasses(server.scimBase(realm), token, "okta-spec-test.log");
    }
}
