package dev.kcscim.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.RealmFixture;
import dev.kcscim.testing.ScimClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import static dev.kcscim.testing.ScimAssertions.assertScimError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Roles and Okta entitlements on the real server: the provisionable set (none by default, marked realm roles,
 * a client's roles), {@code /Roles} as Okta's entitlement discovery reads it, granting and revoking through
 * POST, PUT and every PATCH form, refusals, admin events, teams carrying roles, and an organization.
 */
class RolesIT {

    static final String ROLE_SCHEMA = "urn:okta:scim:schemas:core:1.0:Role";

    @RegisterExtension
    static final RealmFixture fixture = RealmFixture.provisioned("roles", Map.of("teamsParentGroup", "/teams"));

    private static AdminApi admin;
    private static String realm;
    private static ScimClient scim;
    private static String settings;

    @BeforeAll
    static void setUp() {
        admin = fixture.admin();
        realm = fixture.name();
        scim = fixture.scim();
        settings = "/" + realm + "/provisioning/settings";
        admin.require(admin.call("PUT", "/" + realm).json(Map.of("adminEventsEnabled", true, "adminEventsDetailsEnabled", true)).send(), 204);
        for (String role : List.of("viewer", "editor", "billing")) {
            createRealmRole(role, "Can " + role, true);
        }
        createRealmRole("secret-admin", "Not for the IdP", false);
        createRealmRole("team-member", "Every team member", false);
        admin.require(admin.call("POST", "/" + realm + "/clients").json(Map.of("clientId", "roles-app", "publicClient", true,
                "directAccessGrantsEnabled", true, "fullScopeAllowed", true)).send(), 201);
    }

    static void createRealmRole(String name, String description, boolean provisionable) {
        Map<String, Object> role = new HashMap<>(Map.of("name", name, "description", description));
        if (provisionable) {
            role.put("attributes", Map.of("scimProvisionable", List.of("true")));
        }
        admin.require(admin.call("POST", "/" + realm + "/roles").json(role).send(), 201);
        if (provisionable) {
            // Keycloak's create does not take attributes on every version: set them with an update as well.
            admin.require(admin.call("PUT", "/" + realm + "/roles/" + name).json(role).send(), 204);
        }
    }

    private static Map<String, Object> user(String email, List<String> roles) {
        Map<String, Object> body = ScimClient.oktaUser(email, "Role", "Holder");
        body.remove("password");
        if (roles != null) {
            body.put("roles", roles.stream().map(r -> Map.of("value", r)).toList());
        }
        return body;
    }

    private static TreeSet<String> realmRolesOf(String userId) {
        TreeSet<String> names = new TreeSet<>();
        admin.require(admin.call("GET", "/" + realm + "/users/" + userId + "/role-mappings/realm").send(), 200).json()
                .forEach(r -> names.add(r.get("name").asText()));
        names.removeIf(n -> n.startsWith("default-roles-"));
        return names;
    }

    private static TreeSet<String> scimRoles(String userId) {
        TreeSet<String> names = new TreeSet<>();
        scim.get("/Users/" + userId).json().path("roles").forEach(r -> names.add(r.get("value").asText()));
        return names;
    }

    private static void rolesSource(String source, String client) {
        Map<String, Object> body = new HashMap<>();
        body.put("rolesSource", source);
        body.put("rolesClient", client);
        admin.require(admin.call("PUT", settings).json(body).send(), 200);
    }

    @Test
    void nothingIsProvisionableByDefault() {
        try (var fresh = fixture.server().provisionedRealm("noroles", Map.of())) {
            JsonNode roles = admin.require(fresh.scim().get("/Roles"), 200).json();
            assertEquals(0, roles.get("totalResults").asInt());
            assertFalse(fresh.scim().get("/ResourceTypes").body().contains("/Roles"));
            assertFalse(fresh.scim().get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User").body().contains("\"roles\""));
            JsonNode error = assertScimError(fresh.scim().post("/Users", user("nobody@roles.example", List.of("viewer"))), 400, "invalidValue");
            assertTrue(error.get("detail").asText().contains("'viewer'"), error.toString());
            assertEquals(0, fresh.scim().filter("Users", "userName eq \"nobody@roles.example\"").json().get("totalResults").asInt(),
                    "the refused user was not created");
        }
    }

    @Test
    void oktaEntitlementDiscoveryThenGrantingAndRevokingInEveryForm() {
        rolesSource("realm", null);
        // 1. Okta reads the resource types and finds Role with its own schema URN and endpoint.
        JsonNode types = admin.require(scim.get("/ResourceTypes"), 200).json();
        JsonNode role = null;
        for (JsonNode type : types.get("Resources")) {
            if (type.get("id").asText().equals("Role")) {
                role = type;
            }
        }
        assertTrue(role != null, types.toString());
        assertEquals(ROLE_SCHEMA, role.get("schema").asText());
        assertEquals("/Roles", role.get("endpoint").asText());
        // 2. /Schemas describes it, and the User's roles.
        assertEquals(200, scim.get("/Schemas/" + ROLE_SCHEMA).status());
        assertTrue(scim.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User").body().contains("\"roles\""));
        // 3. Okta lists the endpoint page by page.
        JsonNode first = admin.require(scim.get("/Roles?startIndex=1&count=2"), 200).json();
        assertEquals(3, first.get("totalResults").asInt(), "only the marked roles: " + first);
        assertEquals(2, first.get("itemsPerPage").asInt());
        assertEquals(List.of("billing", "editor"), ids(first));
        JsonNode second = scim.get("/Roles?startIndex=3&count=2").json();
        assertEquals(List.of("viewer"), ids(second));
        JsonNode viewer = first.get("Resources").get(0);
        assertEquals(ROLE_SCHEMA, viewer.get("schemas").get(0).asText());
        assertEquals("Can billing", viewer.get("displayName").asText());
        assertEquals("billing", viewer.get("value").asText());
        assertEquals("realm", viewer.get("type").asText());
        assertEquals("Can viewer", scim.get("/Roles/viewer").json().get("displayName").asText());
        assertScimError(scim.get("/Roles/secret-admin"), 404);
        assertEquals(List.of("editor"), ids(scim.filter("Roles", "displayName eq \"can editor\"").json()));
        assertEquals(405, scim.post("/Roles", Map.of("displayName", "x")).status());

        // Grant at creation.
        Http.Result created = admin.require(scim.post("/Users", user("ada@roles.example", List.of("viewer"))), 201);
        String id = ScimClient.id(created);
        assertEquals(new TreeSet<>(List.of("viewer")), realmRolesOf(id));
        assertEquals("Can viewer", created.json().get("roles").get(0).get("display").asText());
        // PATCH add, remove by value filter, replace, pathless replace, remove all.
        admin.require(scim.patch("/Users/" + id, ScimClient.patchOps("add", "roles", List.of(Map.of("value", "editor")))), 200);
        assertEquals(new TreeSet<>(List.of("editor", "viewer")), realmRolesOf(id));
        admin.require(scim.patch("/Users/" + id, ScimClient.patchOps("remove", "roles[value eq \"viewer\"]", null)), 200);
        assertEquals(new TreeSet<>(List.of("editor")), realmRolesOf(id));
        admin.require(scim.patch("/Users/" + id, ScimClient.patchOps("replace", "roles", List.of(Map.of("value", "billing")))), 200);
        assertEquals(new TreeSet<>(List.of("billing")), realmRolesOf(id));
        admin.require(scim.patch("/Users/" + id, ScimClient.patchOps("replace", null, Map.of("roles",
                List.of(Map.of("value", "viewer"), Map.of("value", "editor"))))), 200);
        assertEquals(new TreeSet<>(List.of("editor", "viewer")), realmRolesOf(id));
        assertEquals(new TreeSet<>(List.of("editor", "viewer")), scimRoles(id));
        assertEquals(List.of("ada@roles.example"), userNames(scim.filter("Users", "roles.value eq \"editor\" and userName sw \"ada\"")));
        admin.require(scim.patch("/Users/" + id, ScimClient.patchOps("remove", "roles", null)), 200);
        assertEquals(new TreeSet<>(), realmRolesOf(id));

        // PUT: without roles they stay as they are; with a list they become that list.
        admin.require(scim.patch("/Users/" + id, ScimClient.patchOps("add", "roles", List.of(Map.of("value", "viewer")))), 200);
        admin.require(scim.put("/Users/" + id, user("ada@roles.example", null)), 200);
        assertEquals(new TreeSet<>(List.of("viewer")), realmRolesOf(id));
        admin.require(scim.put("/Users/" + id, user("ada@roles.example", List.of("billing"))), 200);
        assertEquals(new TreeSet<>(List.of("billing")), realmRolesOf(id));

        // Refusals name the role and grant nothing; roles the IdP does not own are never touched.
        JsonNode refused = assertScimError(scim.patch("/Users/" + id, ScimClient.patchOps("add", "roles",
                List.of(Map.of("value", "editor"), Map.of("value", "secret-admin")))), 400, "invalidValue");
        assertTrue(refused.get("detail").asText().contains("'secret-admin'"), refused.toString());
        assertEquals(new TreeSet<>(List.of("billing")), realmRolesOf(id), "not even the allowed role of a refused request");
        JsonNode teamMember = admin.call("GET", "/" + realm + "/roles/team-member").send().json();
        admin.require(admin.call("POST", "/" + realm + "/users/" + id + "/role-mappings/realm").json(List.of(teamMember)).send(), 204);
        admin.require(scim.patch("/Users/" + id, ScimClient.patchOps("remove", "roles", null)), 200);
        assertEquals(new TreeSet<>(List.of("team-member")), realmRolesOf(id), "a role outside the set stays");

        // Each grant and revocation is an admin event, as Keycloak's role-mapping API files it.
        JsonNode events = admin.call("GET", "/" + realm + "/admin-events?resourceTypes=REALM_ROLE_MAPPING&max=200").send().json();
        long grants = 0;
        long revocations = 0;
        for (JsonNode event : events) {
            if (event.get("resourcePath").asText().equals("users/" + id + "/role-mappings/realm")
                    && event.path("authDetails").path("clientId").asText().startsWith("scim:")) {
                grants += event.get("operationType").asText().equals("CREATE") ? 1 : 0;
                revocations += event.get("operationType").asText().equals("DELETE") ? 1 : 0;
            }
        }
        assertTrue(grants >= 6 && revocations >= 6, "grants " + grants + ", revocations " + revocations + ": " + events);
    }

    @Test
    void aClientsRolesAndTeamsThatCarryRoles() {
        String client = "app-" + UUID.randomUUID().toString().substring(0, 6);
        admin.require(admin.call("POST", "/" + realm + "/clients").json(Map.of("clientId", client)).send(), 201);
        String clientUuid = admin.call("GET", "/" + realm + "/clients?clientId=" + client).send().json().get(0).get("id").asText();
        for (String role : List.of("reader", "writer")) {
            admin.require(admin.call("POST", "/" + realm + "/clients/" + clientUuid + "/roles").json(Map.of("name", role)).send(), 201);
        }
        assertEquals(400, admin.call("PUT", settings).json(Map.of("rolesSource", "client")).send().status(), "a client is required");
        assertEquals(400, admin.call("PUT", settings).json(Map.of("rolesSource", "client", "rolesClient", "no-such-client")).send().status());
        assertEquals(400, admin.call("PUT", settings).json(Map.of("teamRoles", List.of(Map.of("role", "no-such-role")))).send().status());
        rolesSource("client", client);
        try {
            JsonNode roles = scim.get("/Roles").json();
            assertEquals(List.of("reader", "writer"), ids(roles));
            assertEquals(client, roles.get("Resources").get(0).get("type").asText());
            String id = ScimClient.id(admin.require(scim.post("/Users", user("cy@roles.example", List.of("writer"))), 201));
            JsonNode mapped = admin.call("GET", "/" + realm + "/users/" + id + "/role-mappings/clients/" + clientUuid).send().json();
            assertEquals("writer", mapped.get(0).get("name").asText());
            assertScimError(scim.patch("/Users/" + id, ScimClient.patchOps("add", "roles", List.of(Map.of("value", "viewer")))), 400, "invalidValue");

            // Teams: every team carries team-member; a member holds it through the team, and loses it with the setting.
            admin.require(admin.call("PUT", settings).json(Map.of("teamRoles", List.of(Map.of("role", "team-member"),
                    Map.of("client", client, "role", "reader")))).send(), 200);
            String team = ScimClient.id(admin.require(scim.post("/Groups", Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"),
                    "displayName", "Roled team", "members", List.of(Map.of("value", id)))), 201));
            JsonNode groupRoles = admin.call("GET", "/" + realm + "/groups/" + team + "/role-mappings").send().json();
            assertTrue(groupRoles.toString().contains("team-member") && groupRoles.toString().contains("reader"), groupRoles.toString());
            JsonNode effective = admin.call("GET", "/" + realm + "/users/" + id + "/role-mappings/realm/composite").send().json();
            assertTrue(effective.toString().contains("team-member"), effective.toString());
            assertTrue(tokenRealmRoles(id, "cy@roles.example").contains("team-member"), "the member's token carries the team's role");
            assertEquals(List.of("writer"), scimRolesList(id), "roles through a team are not the user's own SCIM roles");
            admin.require(admin.call("PUT", settings).json(Map.of("teamRoles", List.of())).send(), 200);
            JsonNode after = admin.call("GET", "/" + realm + "/groups/" + team + "/role-mappings").send().json();
            assertFalse(after.toString().contains("team-member"), after.toString());
        } finally {
            rolesSource("realm", null);
        }
    }

    @Test
    void anOrganizationProvisionsRolesWithItsOwnSetting() {
        String orgId = admin.createOrganization(realm, "roled-" + UUID.randomUUID().toString().substring(0, 6), null, "roled.example");
        String base = "/" + realm + "/provisioning/organizations/" + orgId;
        ScimClient orgScim = admin.provisionOrganization(realm, orgId, Map.of());
        assertEquals(0, orgScim.get("/Roles").json().get("totalResults").asInt(), "the realm's setting is not the organization's");
        admin.require(admin.call("PUT", base + "/settings").json(Map.of("rolesSource", "realm")).send(), 200);
        assertEquals(List.of("billing", "editor", "viewer"), ids(orgScim.get("/Roles").json()));
        String id = ScimClient.id(admin.require(orgScim.post("/Users", user("dee@roled.example", List.of("editor"))), 201));
        assertEquals(new TreeSet<>(List.of("editor")), realmRolesOf(id));
        admin.require(orgScim.patch("/Users/" + id, ScimClient.patchOps("remove", "roles[value eq \"editor\"]", null)), 200);
        assertEquals(new TreeSet<>(), realmRolesOf(id));

        // Keycloak 26.7 keeps an organization group's role mappings out of its members' tokens, so an organization's
        // teams cannot carry roles: the setting is refused rather than accepted and ineffective.
        Http.Result refused = admin.call("PUT", base + "/settings").json(Map.of("teamRoles", List.of(Map.of("role", "team-member")))).send();
        assertEquals(400, refused.status());
        assertTrue(refused.body().contains("organization"), refused.body());
        assertTrue(admin.call("GET", base + "/settings").send().json().get("teamRoles").isNull());
    }

    /** The realm roles in an access token the user gets by signing in: what an application sees. */
    private static List<String> tokenRealmRoles(String userId, String username) {
        admin.require(admin.call("PUT", "/" + realm + "/users/" + userId + "/reset-password")
                .json(Map.of("type", "password", "value", "Pw-roles-1234", "temporary", false)).send(), 204);
        Http.Result token = Http.post(fixture.server().baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token")
                .body("application/x-www-form-urlencoded", "grant_type=password&client_id=roles-app&username="
                        + java.net.URLEncoder.encode(username, java.nio.charset.StandardCharsets.UTF_8) + "&password=Pw-roles-1234").send();
        admin.require(token, 200);
        String payload = token.json().get("access_token").asText().split("\\.")[1];
        JsonNode claims;
        try {
            claims = Http.JSON.readTree(java.util.Base64.getUrlDecoder().decode(payload));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        List<String> roles = new ArrayList<>();
        claims.path("realm_access").path("roles").forEach(r -> roles.add(r.asText()));
        return roles;
    }

    private static List<String> scimRolesList(String id) {
        return new ArrayList<>(scimRoles(id));
    }

    private static List<String> ids(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.get("Resources").forEach(r -> out.add(r.get("id").asText()));
        return out;
    }

    private static List<String> userNames(Http.Result result) {
        List<String> out = new ArrayList<>();
        admin.require(result, 200).json().get("Resources").forEach(r -> out.add(r.get("userName").asText()));
        return out;
    }
}
