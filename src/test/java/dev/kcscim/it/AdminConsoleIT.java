package dev.kcscim.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.Browser;
import dev.kcscim.testing.IdentityProviderStandIn;
import dev.kcscim.testing.KeycloakExtension;
import dev.kcscim.testing.ScimClient;
import dev.kcscim.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Provisioning page in a real headless Chromium (src/test/e2e/provisioning-page.mjs, playwright-core):
 * a realm admin turns provisioning on, creates a token, uses it, revokes it; a view-only admin cannot.
 * The manage run writes target/provisioning-page.png, the screenshot in the README.
 */
@ExtendWith(KeycloakExtension.class)
class AdminConsoleIT {

    private static TestServer server;
    private static AdminApi admin;
    private static String realm;

    @BeforeAll
    static void setUp(TestServer s) throws Exception {
        Browser.require();
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

    private static String run(String scenario, String loginRealm, String user, String password, String screenshot) throws Exception {
        return run(scenario, realm, loginRealm, user, password, screenshot, List.of());
    }

    private static String run(String scenario, String targetRealm, String loginRealm, String user, String password, String screenshot,
                              List<String> more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--base", server.baseUrl(), "--realm", targetRealm,
                "--scenario", scenario, "--login-realm", loginRealm, "--user", user, "--password", password));
        args.addAll(more);
        if (screenshot != null) {
            args.addAll(List.of("--screenshot", Path.of("target", screenshot).toAbsolutePath().toString()));
        }
        Browser.Run run = Browser.run("provisioning-page.mjs", args, scenario);
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("e2e: passed"), run.output());
        return run.output();
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
    void realmAdminTurnsLinkingOnAndLinksAccountsPushedBefore() throws Exception {
        try (TestServer.ProvisionedRealm linked = server.provisionedRealm("console-links", Map.of())) {
            admin.require(admin.call("PUT", "/" + linked.name()).json(Map.of("adminTheme", AdminApi.ADMIN_THEME)).send(), 204);
            IdentityProviderStandIn.addUnreachableProvider(admin, linked.name(), "okta");
            String withId = ScimClient.id(admin.require(linked.scim().post("/Users", ScimClient.oktaUser("ann@acme.example", "Ann", "Able")), 201));
            admin.require(linked.scim().post("/Users", ScimClient.oktaUser("ben@acme.example", "Ben", "Baker")), 201);
            String withoutId = ScimClient.id(admin.require(linked.scim().post("/Users", ScimClient.oktaPerson("cal@acme.example", "Cal", "Cole", null)), 201));
            String output = run("sign-in", linked.name(), "master", "admin", "admin", "provisioning-sign-in.png",
                    List.of("--linked", withId, "--unlinked", withoutId));
            assertTrue(output.contains("ok - linking to okta is saved from the page"), output);
            assertTrue(output.contains("ok - the card says what linking now does"), output);
            assertTrue(output.contains("ok - Link provisioned accounts links the two with an externalId and reports the one without"), output);
            assertTrue(output.contains("ok - the unlinked user's page says why it has no link"), output);
            assertTrue(output.contains("ok - a linked user's page says which identity provider it signs in through"), output);
            assertTrue(output.contains("ok - the request limits card shows the server's defaults"), output);
            assertTrue(output.contains("ok - request limits are saved from the page"), output);
            JsonNode settings = admin.call("GET", "/" + linked.name() + "/provisioning/settings").send().json();
            assertEquals("okta", settings.get("identityProviderAlias").asText());
            assertEquals(30, settings.get("requestsPerSecond").asInt());
            assertEquals(60, settings.get("burst").asInt());
            assertTrue(settings.get("maxConcurrentRequests").isNull(), "a field left empty keeps the default");
            assertEquals(1, admin.call("GET", "/" + linked.name() + "/users/" + withId + "/federated-identity").send().json().size());
        }
    }

    @Test
    void realmAdminChoosesAnOrganizationAndCreatesItsToken() throws Exception {
        try (TestServer.ProvisionedRealm orgs = server.provisionedRealm("console-orgs", Map.of())) {
            String organization = admin.createOrganization(orgs.name(), "Customer One", "customer-one", "customer-one.example");
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
