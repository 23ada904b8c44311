package dev.kcscim.it;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.KeycloakExtension;
import dev.kcscim.testing.ScimClient;
import dev.kcscim.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Provisioning page in a real headless Chromium (src/test/e2e/provisioning-page.mjs, playwright-core):
 * a realm admin turns provisioning on, creates a token, uses it, revokes it; a view-only admin cannot.
 * The manage run writes target/provisioning-page.png, the screenshot in the README.
 */
@ExtendWith(KeycloakExtension.class)
class AdminConsoleIT {

    private static final Path E2E = Path.of("src/test/e2e");
    private static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");

    private static TestServer server;
    private static AdminApi admin;
    private static String realm;

    @BeforeAll
    static void setUp(TestServer s) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(CHROMIUM)),
                "Chromium is not installed at " + CHROMIUM + " (apt-get install chromium; .ci/run does)");
        installPlaywright();
        server = s;
        admin = server.admin();
        realm = admin.createRealm("console");
        for (String r : new String[]{"master", realm}) {
            admin.require(admin.call("PUT", "/" + r).json(Map.of("adminTheme", AdminApi.ADMIN_THEME)).send(), 204);
        }
    }

    @AfterAll
    static void tearDown() {
        if (realm != null) {
            admin.deleteRealm(realm);
        }
    }

    /** playwright-core comes from npm (its own browser download is not used: Debian's Chromium is). */
    private static void installPlaywright() throws IOException, InterruptedException {
        if (Files.isDirectory(E2E.resolve("node_modules/playwright-core"))) {
            return;
        }
        // Output goes to a file: a child writing to this JVM's own stdout corrupts the test runner's channel.
        Path log = Path.of("target", "e2e-npm-ci.log");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(E2E.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        assertTrue(npm.waitFor(5, TimeUnit.MINUTES) && npm.exitValue() == 0, "npm ci in src/test/e2e: " + Files.readString(log));
    }

    private static String run(String scenario, String loginRealm, String user, String password, String screenshot) throws Exception {
        return run(scenario, realm, loginRealm, user, password, screenshot, List.of());
    }

    private static String run(String scenario, String targetRealm, String loginRealm, String user, String password, String screenshot,
                              List<String> more) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "provisioning-page.mjs", "--base", server.baseUrl(), "--realm", targetRealm,
                "--scenario", scenario, "--login-realm", loginRealm, "--user", user, "--password", password));
        command.addAll(more);
        if (screenshot != null) {
            command.addAll(List.of("--screenshot", Path.of("target", screenshot).toAbsolutePath().toString()));
        }
        Path log = Path.of("target", "e2e-" + scenario + ".log");
        Process process = new ProcessBuilder(command).directory(E2E.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the browser test finished");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("e2e: passed"), output);
        return output;
    }

    @Test
    void realmAdminEnablesProvisioningCreatesUsesAndRevokesAToken() throws Exception {
        String output = run("manage", "master", "admin", "admin", "provisioning-page.png");
        assertTrue(output.contains("ok - GET /Users with the token from the page answers 200"), output);
        assertTrue(output.contains("ok - GET /Users with the revoked token answers 401"), output);
        assertTrue(Files.size(Path.of("target", "provisioning-page.png")) > 10_000);
    }

    @Test
    void viewOnlyAdminCannotCreateTokens() throws Exception {
        admin.createToken(realm, "existing");
        admin.createUser(realm, "auditor", "pw-auditor-1", List.of("view-realm", "view-users"));
        String output = run("view-only", realm, "auditor", "pw-auditor-1", null);
        assertTrue(output.contains("ok - a view-only admin is offered no Create SCIM token"), output);
        assertTrue(output.contains("ok - a view-only admin is offered no Revoke"), output);
    }

    @Test
    void adminOfAnotherRealmDoesNotSeeThePage() throws Exception {
        String other = admin.createRealm("console-other");
        try {
            // A master user who administers only the other realm (roles of master's "<realm>-realm" client).
            String userId = admin.createUser("master", "other-admin-" + other, "pw-other-1", List.of());
            String clientId = admin.call("GET", "/master/clients?clientId=" + other + "-realm").send().json().get(0).get("id").asText();
            var roles = List.of(admin.call("GET", "/master/clients/" + clientId + "/roles/view-realm").send().json(),
                    admin.call("GET", "/master/clients/" + clientId + "/roles/view-users").send().json());
            admin.require(admin.call("POST", "/master/users/" + userId + "/role-mappings/clients/" + clientId).json(roles).send(), 204);
            String output = run("no-access", "master", "other-admin-" + other, "pw-other-1", null);
            assertTrue(output.contains("ok - an admin without rights on the realm gets no Provisioning entry"), output);
        } finally {
            admin.deleteRealm(other);
        }
    }

    @Test
    void syncedUsersCarryABadgeAndThePageShowsActivityAndTeams() throws Exception {
        try (TestServer.ProvisionedRealm visible = server.provisionedRealm("console-visibility", Map.of("teamsParentGroup", "/teams"))) {
            admin.require(admin.call("PUT", "/" + visible.name()).json(Map.of("adminTheme", AdminApi.ADMIN_THEME)).send(), 204);
            List<Map<String, Object>> members = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                String email = String.format("user-%02d@example.com", i);
                if (i % 2 == 0) {
                    String id = ScimClient.id(admin.require(visible.scim().post("/Users", ScimClient.oktaUser(email, "Synced", "User" + i)), 201));
                    if (members.size() < 3) {
                        members.add(Map.of("value", id));
                    }
                } else {
                    admin.require(admin.call("POST", "/" + visible.name() + "/users").json(Map.of("username", email, "email", email,
                            "enabled", true, "firstName", "Manual", "lastName", "User" + i)).send(), 201);
                }
            }
            admin.require(visible.scim().post("/Groups", Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"),
                    "displayName", "Visibility team", "members", members)), 201);
            assertEquals(409, visible.scim().post("/Users", ScimClient.oktaUser("user-00@example.com", "Again", "Again")).status());

            String output = run("visibility", visible.name(), "master", "admin", "admin", "provisioning-activity.png", List.of());
            assertTrue(output.contains("ok - page 1 of the Users list: a SCIM badge on each synced user"), output);
            assertTrue(output.contains("ok - page 2 cost one more call (2)"), output);
            assertTrue(output.contains("ok - back on page 1, the badges cost no call (2)"), output);
            assertTrue(output.contains("ok - the activity log shows a request that succeeded and one that failed"), output);
            assertTrue(output.contains("ok - the teams overview shows the team and its members"), output);
            assertTrue(Files.size(Path.of("target", "provisioning-activity-users.png")) > 10_000);
        }
    }

    @Test
    void realmAdminMapsAUserProfileAttributeOnThePage() throws Exception {
        try (TestServer.ProvisionedRealm mapped = server.provisionedRealm("console-mapping", Map.of())) {
            admin.require(admin.call("PUT", "/" + mapped.name()).json(Map.of("adminTheme", AdminApi.ADMIN_THEME)).send(), 204);
            var profile = (com.fasterxml.jackson.databind.node.ObjectNode) admin.call("GET", "/" + mapped.name() + "/users/profile").send().json();
            var attribute = ((com.fasterxml.jackson.databind.node.ArrayNode) profile.get("attributes")).addObject();
            attribute.put("name", "costCenterCode").put("displayName", "Cost center code");
            var permissions = attribute.putObject("permissions");
            permissions.putArray("view").add("admin");
            permissions.putArray("edit").add("admin");
            admin.require(admin.call("PUT", "/" + mapped.name() + "/users/profile").json(profile).send(), 200);
            String output = run("mapping", mapped.name(), "master", "admin", "admin", "provisioning-mapping.png",
                    List.of("--token", mapped.scim().token()));
            assertTrue(output.contains("ok - the mapping is saved from the page"), output);
            assertTrue(output.contains("ok - /Schemas now describes costCenterCode"), output);
            assertTrue(output.contains("ok - the user's page in the console shows the value the identity provider sent"), output);
            JsonNode settings = admin.call("GET", "/" + mapped.name() + "/provisioning/settings").send().json();
            assertEquals("costCenterCode", settings.get("attributeMappings").get(0).get("attribute").asText());
        }
    }

    @Test
    void realmAdminChoosesAnOrganizationAndCreatesItsToken() throws Exception {
        try (TestServer.ProvisionedRealm orgs = server.provisionedRealm("console-orgs", Map.of())) {
            admin.require(admin.call("PUT", "/" + orgs.name()).json(Map.of("organizationsEnabled", true)).send(), 204);
            Http.Result created = admin.call("POST", "/" + orgs.name() + "/organizations").json(Map.of("name", "Customer One", "alias", "customer-one",
                    "domains", List.of(Map.of("name", "customer-one.example")))).send();
            admin.require(created, 201);
            String organization = created.header("Location").substring(created.header("Location").lastIndexOf('/') + 1);
            String output = run("organization", orgs.name(), "master", "admin", "admin", "provisioning-organization.png",
                    List.of("--organization", organization));
            assertTrue(output.contains("ok - the organization's page in the console links to its provisioning"), output);
            assertTrue(output.contains("ok - GET /Users of the organization with its token answers 200"), output);
            assertTrue(output.contains("ok - the organization's token does not work at the realm's URL"), output);
            assertEquals(List.of("okta-customer"), admin.call("GET", "/" + orgs.name() + "/provisioning/organizations/" + organization + "/tokens")
                    .send().json().findValuesAsText("name"));
        }
    }
}
