package dev.kcscim.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static dev.kcscim.testing.ScimClient.patchOps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every way of running the extension must pass, whatever starts Keycloak (a distribution of another
 * minor version, a testcontainers-keycloak container, the docker/ image): provisioning switched on and a
 * token minted over the admin API, Okta's SPEC test 12/12, and a short user and team lifecycle whose effects
 * are read back through Keycloak's own admin API.
 */
public final class SmokeChecks {

    private static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

    private SmokeChecks() {
    }

    /** A fresh realm with provisioning on, and a SCIM client for it. */
    public static ScimClient provisionedRealm(AdminApi admin, String prefix) {
        String realm = admin.createRealm(prefix);
        admin.setProvisioningEnabled(realm, true);
        String token = admin.createToken(realm, "okta").get("token").asText();
        return new ScimClient(admin.baseUrl() + "/realms/" + realm + "/provisioning/scim/v2", token);
    }

    /** Runs Okta's SPEC test and the lifecycles in a new realm of the server that {@code admin} administers. */
    public static void run(AdminApi admin, String logName) throws Exception {
        ScimClient scim = provisionedRealm(admin, "smoke");
        String realm = realmOf(scim);
        try {
            // Like a real Okta tenant, the SPEC test expects a complete user and a group to exist.
            admin.require(scim.post("/Users", ScimClient.oktaUser("ada.lovelace@example.com", "Ada", "Lovelace")), 201);
            admin.require(scim.post("/Groups", Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", "Engineering")), 201);
            OktaSpecTest.assertPasses(scim.base(), scim.token(), logName);
            userLifecycle(admin, realm, scim);
            teamLifecycle(admin, realm, scim);
        } finally {
            admin.deleteRealm(realm);
        }
    }

    /** The running Keycloak's version, from its server info. */
    public static String keycloakVersion(AdminApi admin) {
        return admin.require(Http.get(admin.baseUrl() + "/admin/serverinfo").bearer(admin.token()).send(), 200)
                .json().path("systemInfo").path("version").asText();
    }

    /** Major and minor of a version such as 26.7.3, for comparing minors. */
    public static int minor(String version) {
        String[] parts = version.split("[.-]");
        return Integer.parseInt(parts[0]) * 100 + Integer.parseInt(parts[1]);
    }

    /**
     * An organization's endpoint in a fresh realm: a user created there becomes a managed member, and teams
     * work where Keycloak has organization groups (26.6 on) or are refused with the reason (501) where it has not.
     */
    public static void organizationLifecycle(AdminApi admin) {
        String realm = admin.createRealm("smoke-org");
        try {
            organizationLifecycle(admin, realm);
        } finally {
            admin.deleteRealm(realm);
        }
    }

    private static void organizationLifecycle(AdminApi admin, String realm) {
        String organization = admin.createOrganization(realm, "Initech", "initech", "initech.example");
        ScimClient scim = admin.provisionOrganization(realm, organization, Map.of());

        String id = ScimClient.id(admin.require(scim.post("/Users", ScimClient.oktaUser("peter@initech.example", "Peter", "Gibbons")), 201));
        JsonNode members = admin.call("GET", "/" + realm + "/organizations/" + organization + "/members").send().json();
        assertEquals(List.of(id), members.findValuesAsText("id"));
        assertEquals(1, scim.get("/Users").json().get("totalResults").asInt());

        Http.Result team = scim.post("/Groups", Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", "TPS reports",
                "members", List.of(Map.of("value", id))));
        JsonNode resourceTypes = scim.get("/ResourceTypes").json();
        if (minor(keycloakVersion(admin)) >= 2606) {
            admin.require(team, 201);
            assertEquals(1, team.json().get("members").size());
            assertEquals(2, resourceTypes.get("totalResults").asInt());
        } else {
            ScimAssertions.assertScimError(team, 501);
            assertTrue(team.json().get("detail").asText().contains("organization groups"), team::toString);
            assertEquals(501, scim.get("/Groups").status());
            assertEquals(1, resourceTypes.get("totalResults").asInt(), "discovery offers no Groups: " + resourceTypes);
            assertEquals(200, scim.get("/Users/" + id).status(), "users read as members of no team");
        }
        admin.require(scim.delete("/Users/" + id), 204);
        assertEquals(404, admin.call("GET", "/" + realm + "/users/" + id).send().status(), "the organization's own account is deleted");
    }

    private static String realmOf(ScimClient scim) {
        String afterRealms = scim.base().substring(scim.base().indexOf("/realms/") + "/realms/".length());
        return afterRealms.substring(0, afterRealms.indexOf('/'));
    }

    static void userLifecycle(AdminApi admin, String realm, ScimClient scim) {
        String id = ScimClient.id(admin.require(scim.post("/Users", ScimClient.oktaUser("grace.hopper@example.com", "Grace", "Hopper")), 201));
        JsonNode user = admin.call("GET", "/" + realm + "/users/" + id).send().json();
        assertEquals("grace.hopper@example.com", user.get("username").asText());
        assertEquals("Hopper", user.get("lastName").asText());
        assertEquals(1, scim.filter("Users", "userName eq \"grace.hopper@example.com\"").json().get("totalResults").asInt());

        admin.require(scim.patch("/Users/" + id, patchOps("replace", "name.givenName", "Amazing Grace")), 200);
        assertEquals("Amazing Grace", admin.call("GET", "/" + realm + "/users/" + id).send().json().get("firstName").asText());

        admin.require(scim.patch("/Users/" + id, patchOps("replace", "active", false)), 200);
        assertFalse(admin.call("GET", "/" + realm + "/users/" + id).send().json().get("enabled").asBoolean(), "deactivated");
        admin.require(scim.patch("/Users/" + id, patchOps("replace", "active", true)), 200);
        assertTrue(admin.call("GET", "/" + realm + "/users/" + id).send().json().get("enabled").asBoolean(), "reactivated");

        admin.require(scim.delete("/Users/" + id), 204);
        assertEquals(404, admin.call("GET", "/" + realm + "/users/" + id).send().status());
        assertEquals(404, scim.get("/Users/" + id).status());
    }

    static void teamLifecycle(AdminApi admin, String realm, ScimClient scim) {
        String member = ScimClient.id(admin.require(scim.post("/Users", ScimClient.oktaUser("alan.turing@example.com", "Alan", "Turing")), 201));
        String team = ScimClient.id(admin.require(scim.post("/Groups", Map.of("schemas", List.of(GROUP_SCHEMA),
                "displayName", "Codebreakers", "members", List.of(Map.of("value", member)))), 201));
        assertEquals(List.of(member), admin.call("GET", "/" + realm + "/groups/" + team + "/members").send().json().findValuesAsText("id"));

        admin.require(scim.patch("/Groups/" + team, patchOps("remove", "members[value eq \"" + member + "\"]", null)), 204);
        assertTrue(admin.call("GET", "/" + realm + "/groups/" + team + "/members").send().json().isEmpty(), "member removed");
        admin.require(scim.patch("/Groups/" + team, patchOps("add", "members", List.of(Map.of("value", member)))), 204);
        assertEquals(1, scim.get("/Groups/" + team).json().get("members").size());

        admin.require(scim.delete("/Groups/" + team), 204);
        assertEquals(404, admin.call("GET", "/" + realm + "/groups/" + team).send().status());
        assertEquals(404, scim.get("/Groups/" + team).status());
    }
}
