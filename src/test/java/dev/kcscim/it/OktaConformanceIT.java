package dev.kcscim.it;

import dev.kcscim.testing.RealmFixture;
import dev.kcscim.testing.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Okta's own "SCIM 2.0 SPEC Test" (a Runscope export in ../shared/conformance), run by its Node runner
 * against the real server. Like a real Okta tenant, it expects at least one complete user to exist.
 */
class OktaConformanceIT {

    @RegisterExtension
    static final RealmFixture fixture = RealmFixture.provisioned("okta-spec", Map.of("teamsParentGroup", "/teams"));

    private static final Path CONFORMANCE = Path.of(System.getProperty("kcscim.conformanceDir", "../shared/conformance"));

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
        Path suite = CONFORMANCE.resolve("okta/Okta-SCIM-20-SPEC-Test.json");
        Assumptions.assumeTrue(Files.exists(suite), "Okta's SPEC test is not at " + suite.toAbsolutePath() + " (../shared missing)");
        Path output = Path.of("target", "okta-spec-test.log");
        Process process = new ProcessBuilder("node", CONFORMANCE.resolve("runscope-runner.mjs").toString(),
                "--suite", suite.toString(), "--base", server.scimBase(realm), "--token", token, "--verbose")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the runner finished");
        String log = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println(log);
        List<String> lines = log.lines().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.get(lines.size() - 1).endsWith("12 passed, 0 failed"), log);
        assertEquals(0, process.exitValue(), log);
    }
}
