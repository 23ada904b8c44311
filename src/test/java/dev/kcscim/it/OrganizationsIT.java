package dev.kcscim.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.Database;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.OktaSpecTest;
import dev.kcscim.testing.RealmFixture;
import dev.kcscim.testing.ScimClient;
import dev.kcscim.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.kcscim.testing.ScimAssertions.assertScimError;
import static dev.kcscim.testing.ScimClient.patchOps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keycloak Organizations as provisioning tenants: two organizations A (domain atko.com, Okta's test domain)
 * and B (beta.example) in one realm, each with its own SCIM base URL, settings and token.
 */
class OrganizationsIT {

    private static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

    @RegisterExtension
    static final RealmFixture fixture = RealmFixture.provisioned("orgs", Map.of("teamsParentGroup", "/teams"));

    private static TestServer server;
    private static AdminApi admin;
    private static String realm;
    private static String orgA;
    private static String orgB;
    private static ScimClient a;
    private static ScimClient b;

    @BeforeAll
    static void setUp() {
        server = fixture.server();
        admin = fixture.admin();
        realm = fixture.name();
        admin.require(admin.call("PUT", "/" + realm).json(Map.of("organizationsEnabled", true, "adminEventsEnabled", true,
                "adminEventsDetailsEnabled", true)).send(), 204);
        orgA = createOrganization("Alpha", "atko.com");
        orgB = createOrganization("Beta", "beta.example");
        a = provision(orgA);
        b = provision(orgB);
    }

    private static String createOrganization(String name, String domain) {
        return admin.createOrganization(realm, name + "-" + UUID.randomUUID().toString().substring(0, 6), null, domain);
    }

    private static String orgPath(String organization) {
        return "/" + realm + "/provisioning/organizations/" + organization;
    }

    private static String scimBase(String organization) {
        return server.scimBase(realm, organization);
    }

    private static ScimClient provision(String organization) {
        return admin.provisionOrganization(realm, organization, Map.of());
    }

    private static Map<String, Object> user(String email) {
        Map<String, Object> body = ScimClient.oktaUser(email, "Given", "Family");
        return body;
    }

    private static Set<String> memberIds(String organization) {
        Set<String> ids = new HashSet<>();
        admin.require(admin.call("GET", "/" + realm + "/organizations/" + organization + "/members?max=1000").send(), 200).json()
                .forEach(m -> ids.add(m.get("id").asText()));
        return ids;
    }

    @Test
    void eachOrganizationHasItsOwnSettingsAndTokensAndStartsDisabled() {
        String orgC = createOrganization("Gamma", "gamma.example");
        JsonNode settings = admin.require(admin.call("GET", orgPath(orgC) + "/settings").send(), 200).json();
        assertFalse(settings.get("enabled").asBoolean(), "provisioning is off in a new organization");
        assertTrue(settings.get("restrictEmailDomains").asBoolean());
        assertTrue(settings.get("teamsParentGroup").isNull(), "an organization's teams are its own groups");
        assertEquals(orgC, settings.get("organizationId").asText());
        assertEquals(scimBase(orgC), settings.get("scimBaseUrl").asText());
        assertEquals(400, admin.call("PUT", orgPath(orgC) + "/settings").json(Map.of("teamsParentGroup", "/x")).send().status());

        JsonNode created = admin.require(admin.call("POST", orgPath(orgC) + "/tokens").json(Map.of("name", "okta-gamma")).send(), 201).json();
        ScimClient c = new ScimClient(scimBase(orgC), created.get("token").asText());
        assertScimError(c.get("/ServiceProviderConfig"), 404);
        admin.require(admin.call("PUT", orgPath(orgC) + "/settings").json(Map.of("enabled", true)).send(), 200);
        assertEquals(200, c.get("/ServiceProviderConfig").status());
        assertEquals(0, c.get("/Users").json().get("totalResults").asInt(), "a new organization has no members");

        List<String> gammaTokens = names(admin.call("GET", orgPath(orgC) + "/tokens").send().json());
        assertEquals(List.of("okta-gamma"), gammaTokens);
        assertFalse(names(admin.call("GET", "/" + realm + "/provisioning/tokens").send().json()).contains("okta-gamma"));
        assertFalse(names(admin.call("GET", orgPath(orgA) + "/tokens").send().json()).contains("okta-gamma"));

        admin.require(admin.call("DELETE", orgPath(orgC) + "/tokens/" + created.get("id").asText()).send(), 204);
        assertScimError(c.get("/ServiceProviderConfig"), 401);

        // Deleting the organization deletes its provisioning settings and tokens with it; none was ever a realm attribute.
        admin.require(admin.call("POST", orgPath(orgC) + "/tokens").json(Map.of("name", "left-behind")).send(), 201);
        assertTrue(realmAttributeNames().stream().noneMatch(k -> k.startsWith("kcscim")), realmAttributeNames()::toString);
        Database.count("SELECT COUNT(*) FROM KCSCIM_TOKEN WHERE TENANT = '" + orgC + "'").ifPresent(n -> assertEquals(1, n));
        admin.require(admin.call("DELETE", "/" + realm + "/organizations/" + orgC).send(), 204);
        Database.count("SELECT COUNT(*) FROM KCSCIM_TOKEN WHERE TENANT = '" + orgC + "'").ifPresent(n -> assertEquals(0, n, "its tokens are gone"));
        Database.count("SELECT COUNT(*) FROM KCSCIM_TENANT WHERE TENANT = '" + orgC + "'").ifPresent(n -> assertEquals(0, n, "its settings are gone"));
        assertTrue(admin.call("GET", "/" + realm + "/provisioning/configuration").send().json().findValuesAsText("name").stream()
                .noneMatch(n -> n.equals("left-behind")), "the realm's configuration no longer holds the organization's token");
        assertEquals(404, admin.call("GET", orgPath("no-such-organization") + "/settings").send().status());
        assertScimError(Http.get(scimBase("no-such-organization") + "/ServiceProviderConfig").bearer(c.token()).send(), 404);
    }

    private static List<String> realmAttributeNames() {
        List<String> names = new ArrayList<>();
        admin.call("GET", "/" + realm).send().json().path("attributes").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> names(JsonNode tokens) {
        List<String> names = new ArrayList<>();
        tokens.forEach(t -> names.add(t.get("name").asText()));
        return names;
    }

    @Test
    void oktaSpecTestPassesAgainstAnOrganization() throws Exception {
        a.post("/Users", user("ada.lovelace@atko.com"));
        a.post("/Groups", Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", "Alpha engineering"));
        OktaSpecTest.assertPasses(a.base(), a.token(), "okta-spec-test-organization.log");
    }

    @Test
    void oktaGroupPushWorksAgainstAnotherOrganization() {
        String u1 = ScimClient.id(b.post("/Users", user("one@beta.example")));
        String u2 = ScimClient.id(b.post("/Users", user("two@beta.example")));
        String u3 = ScimClient.id(b.post("/Users", user("three@beta.example")));
        Http.Result created = b.post("/Groups", Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", "Beta engineering",
                "members", List.of(Map.of("value", u1))));
        assertEquals(201, created.status(), created::toString);
        String team = ScimClient.id(created);
        assertEquals(1, b.filter("Groups", "displayName eq \"Beta engineering\"").json().get("totalResults").asInt());

        assertEquals(204, b.patch("/Groups/" + team, patchOps("replace", null, Map.of("id", team, "displayName", "Beta platform"))).status());
        assertEquals(204, b.patch("/Groups/" + team, patchOps("remove", "members[value eq \"" + u1 + "\"]", null,
                "add", "members", List.of(Map.of("value", u2), Map.of("value", u3)))).status());
        assertEquals(204, b.patch("/Groups/" + team, patchOps("add", "members", List.of(Map.of("value", u2)))).status());
        JsonNode group = b.get("/Groups/" + team).json();
        assertEquals("Beta platform", group.get("displayName").asText());
        assertEquals(Set.of(u2, u3), values(group.get("members")));
        assertEquals(Set.of(team), values(b.get("/Users/" + u3).json().get("groups")));

        JsonNode put = ((ObjectNode) group).deepCopy();
        ((ObjectNode) put).putArray("members").addObject().put("value", u3);
        assertEquals(200, b.put("/Groups/" + team, put).status());
        assertEquals(Set.of(u3), values(b.get("/Groups/" + team).json().get("members")));

        // The team is the organization's own group: invisible through the realm's endpoint and through A.
        assertEquals(0, fixture.scim().filter("Groups", "displayName eq \"Beta platform\"").json().get("totalResults").asInt());
        assertScimError(a.get("/Groups/" + team), 404);

        // Only the organization's members can join its teams.
        String outsider = ScimClient.id(a.post("/Users", user("outsider@atko.com")));
        JsonNode refused = assertScimError(b.patch("/Groups/" + team, patchOps("add", "members", List.of(Map.of("value", outsider)))), 400, "invalidValue");
        assertTrue(refused.get("detail").asText().contains(outsider), refused.toString());

        assertEquals(204, b.delete("/Groups/" + team).status());
        assertScimError(b.get("/Groups/" + team), 404);
        assertEquals(200, b.get("/Users/" + u3).status(), "deleting a team keeps its members");
    }

    private static Set<String> values(JsonNode array) {
        Set<String> values = new HashSet<>();
        if (array != null) {
            array.forEach(v -> values.add(v.get("value").asText()));
        }
        return values;
    }

    @Test
    void tokensAndResourcesAreIsolatedBetweenTenants() {
        String userB = ScimClient.id(b.post("/Users", user("isolated@beta.example")));
        String teamB = ScimClient.id(b.post("/Groups", Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", "Isolated",
                "members", List.of(Map.of("value", userB)))));
        String userVersion = b.get("/Users/" + userB).json().get("meta").get("version").asText();
        String teamVersion = b.get("/Groups/" + teamB).json().get("meta").get("version").asText();
        ScimClient aOnB = new ScimClient(b.base(), a.token());
        ScimClient realmOnA = new ScimClient(a.base(), fixture.scim().token());
        ScimClient aOnRealm = new ScimClient(fixture.scim().base(), a.token());
        for (ScimClient wrong : List.of(aOnB, realmOnA, aOnRealm)) {
            for (String path : List.of("/Users", "/Users/" + userB, "/Groups", "/Groups/" + teamB, "/ServiceProviderConfig", "/Schemas")) {
                assertScimError(wrong.get(path), 401);
            }
            assertScimError(wrong.post("/Users", user("intruder@beta.example")), 401);
            assertScimError(wrong.put("/Users/" + userB, user("isolated@beta.example")), 401);
            assertScimError(wrong.patch("/Users/" + userB, patchOps("replace", "active", false)), 401);
            assertScimError(wrong.delete("/Users/" + userB), 401);
            assertScimError(wrong.patch("/Groups/" + teamB, patchOps("add", "members", List.of(Map.of("value", userB)))), 401);
            assertScimError(wrong.delete("/Groups/" + teamB), 401);
        }
        // B's user and team, addressed through A with A's own token, do not exist.
        assertScimError(a.get("/Users/" + userB), 404);
        assertScimError(a.put("/Users/" + userB, user("isolated@atko.com")), 404);
        assertScimError(a.patch("/Users/" + userB, patchOps("replace", "active", false)), 404);
        assertScimError(a.delete("/Users/" + userB), 404);
        assertScimError(a.get("/Groups/" + teamB), 404);
        assertScimError(a.patch("/Groups/" + teamB, patchOps("replace", "displayName", "Taken over")), 404);
        assertScimError(a.delete("/Groups/" + teamB), 404);
        assertEquals(0, a.filter("Users", "userName eq \"isolated@beta.example\"").json().get("totalResults").asInt());
        assertEquals(0, a.filter("Groups", "displayName eq \"Isolated\"").json().get("totalResults").asInt());
        a.get("/Users?count=200").json().get("Resources").forEach(r -> assertFalse(r.get("id").asText().equals(userB)));

        assertEquals(userVersion, b.get("/Users/" + userB).json().get("meta").get("version").asText(), "nothing changed");
        assertEquals(teamVersion, b.get("/Groups/" + teamB).json().get("meta").get("version").asText(), "nothing changed");
        assertEquals(Set.of(userB), values(b.get("/Groups/" + teamB).json().get("members")));
    }

    @Test
    void membersPageAlikeFromEitherEndAndExternalIdFindsOnlyMembers() {
        String orgC = createOrganization("Paging", "paging.example");
        ScimClient c = provision(orgC);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            Map<String, Object> body = user("member" + i + "@paging.example");
            body.put("externalId", "Shared-" + i);
            created.add(ScimClient.id(c.post("/Users", body)));
        }
        // The same externalId on a realm user outside the organization and on a member of another organization.
        Map<String, Object> outsider = user("outsider@paging.example");
        outsider.put("externalId", "Shared-4");
        admin.require(fixture.scim().post("/Users", outsider), 201);
        Map<String, Object> inA = user("shared.four@atko.com");
        inA.put("externalId", "Shared-4");
        String memberOfA = ScimClient.id(a.post("/Users", inA));

        assertEquals(List.of(created.get(4)), ids(c.filter("Users", "externalId eq \"Shared-4\"").json()));
        assertEquals(List.of(), ids(c.filter("Users", "externalId eq \"shared-4\"").json()), "externalId is case-exact");
        assertEquals(List.of(memberOfA), ids(a.filter("Users", "externalId eq \"Shared-4\"").json()));

        // Pages past the middle are read from the end of the member list; they join up with the first pages.
        List<String> all = ids(c.get("/Users?count=200").json());
        assertEquals(Set.copyOf(created), Set.copyOf(all));
        List<String> ascending = new ArrayList<>();
        List<String> descending = new ArrayList<>();
        for (int start = 1; start <= all.size(); start += 2) {
            ascending.addAll(ids(c.get("/Users?count=2&startIndex=" + start).json()));
            descending.addAll(ids(c.get("/Users?sortBy=userName&sortOrder=descending&count=2&startIndex=" + start).json()));
        }
        assertEquals(all, ascending);
        List<String> reversed = new ArrayList<>(all);
        java.util.Collections.reverse(reversed);
        assertEquals(reversed, descending);
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.get("Resources").forEach(u -> ids.add(u.get("id").asText()));
        return ids;
    }

    @Test
    void aRealmUserOutsideTheOrganizationIsInvisibleAndItsUserNameTaken() {
        String realmUser = ScimClient.id(fixture.scim().post("/Users", user("taken.elsewhere@atko.com")));
        assertEquals(0, a.filter("Users", "userName eq \"taken.elsewhere@atko.com\"").json().get("totalResults").asInt());
        assertScimError(a.get("/Users/" + realmUser), 404);
        JsonNode conflict = assertScimError(a.post("/Users", user("taken.elsewhere@atko.com")), 409, "uniqueness");
        String detail = conflict.get("detail").asText().toLowerCase();
        assertFalse(detail.contains("organization") || detail.contains("realm") || detail.contains(realmUser), detail);
        assertFalse(memberIds(orgA).contains(realmUser));
    }

    @Test
    void emailsOutsideTheOrganizationsDomainsAreRefusedUnlessRelaxed() {
        JsonNode refused = assertScimError(a.post("/Users", user("someone@elsewhere.example")), 400, "invalidValue");
        assertTrue(refused.get("detail").asText().contains("atko.com"), refused.toString());
        assertEquals(0, fixture.scim().filter("Users", "userName eq \"someone@elsewhere.example\"").json().get("totalResults").asInt());
        String inDomain = ScimClient.id(a.post("/Users", user("moving@atko.com")));
        assertScimError(a.patch("/Users/" + inDomain, patchOps("replace", "userName", "moving@elsewhere.example",
                "replace", "emails", List.of(Map.of("value", "moving@elsewhere.example", "primary", true)))), 400, "invalidValue");

        admin.require(admin.call("PUT", orgPath(orgA) + "/settings").json(Map.of("restrictEmailDomains", false)).send(), 200);
        try {
            assertEquals(201, a.post("/Users", user("relaxed@elsewhere.example")).status());
        } finally {
            admin.require(admin.call("PUT", orgPath(orgA) + "/settings").json(Map.of("restrictEmailDomains", true)).send(), 200);
        }
    }

    @Test
    void usersCreatedThroughAnOrganizationAreItsManagedMembers() {
        String id = ScimClient.id(b.post("/Users", user("managed@beta.example")));
        assertTrue(memberIds(orgB).contains(id));
        assertFalse(memberIds(orgA).contains(id));
        JsonNode member = admin.require(admin.call("GET", "/" + realm + "/organizations/" + orgB + "/members/" + id).send(), 200).json();
        assertEquals("MANAGED", member.path("membershipType").asText(), member.toString());

        // Members added by other means are listed too, so Okta's import sees everyone.
        String invited = admin.createUser(realm, "invited-" + UUID.randomUUID().toString().substring(0, 6), "Passw0rd!x", List.of());
        admin.require(admin.call("POST", "/" + realm + "/organizations/" + orgB + "/members").json("\"" + invited + "\"").send(), 201);
        Set<String> listed = new HashSet<>();
        b.get("/Users?count=200").json().get("Resources").forEach(r -> listed.add(r.get("id").asText()));
        assertTrue(listed.containsAll(Set.of(id, invited)), listed.toString());
        assertEquals(listed.size(), b.get("/Users?count=0").json().get("totalResults").asInt());

        // Deleting a member the organization did not create ends the membership and keeps the account.
        assertEquals(204, b.delete("/Users/" + invited).status());
        assertScimError(b.get("/Users/" + invited), 404);
        assertEquals(200, admin.call("GET", "/" + realm + "/users/" + invited).send().status());
        assertFalse(memberIds(orgB).contains(invited));

        JsonNode events = admin.call("GET", "/" + realm + "/admin-events?resourceTypes=USER&operationTypes=CREATE&max=200").send().json();
        boolean audited = false;
        for (JsonNode event : events) {
            if (event.path("resourcePath").asText().equals("users/" + id)) {
                assertEquals(orgB, event.path("details").path("organizationId").asText(), event.toString());
                audited = true;
            }
        }
        assertTrue(audited, events::toString);
    }

    @Test
    void deactivatingAnAccountOfThisOrganizationAloneDisablesIt() {
        String id = ScimClient.id(a.post("/Users", user("alone@atko.com")));
        Http.Result login = Http.post(server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token")
                .body("application/x-www-form-urlencoded", "grant_type=password&client_id=admin-cli&username=alone@atko.com&password=1mz050nq").send();
        assertEquals(200, login.status(), login::toString);
        assertFalse(admin.call("GET", "/" + realm + "/users/" + id + "/sessions").send().json().isEmpty());

        assertEquals(200, a.patch("/Users/" + id, patchOps("replace", "active", false)).status());
        assertFalse(admin.call("GET", "/" + realm + "/users/" + id).send().json().get("enabled").asBoolean());
        assertTrue(admin.call("GET", "/" + realm + "/users/" + id + "/sessions").send().json().isEmpty(), "sessions ended");
        assertFalse(a.get("/Users/" + id).json().get("active").asBoolean());

        assertEquals(200, a.patch("/Users/" + id, patchOps("replace", "active", true)).status());
        assertTrue(admin.call("GET", "/" + realm + "/users/" + id).send().json().get("enabled").asBoolean());

        assertEquals(204, a.delete("/Users/" + id).status());
        assertEquals(404, admin.call("GET", "/" + realm + "/users/" + id).send().status(), "the organization's own account is deleted");
    }

    @Test
    void anAccountSharedWithAnotherOrganizationIsDeactivatedAndDeletedHereOnly() {
        String id = ScimClient.id(a.post("/Users", user("shared@atko.com")));
        admin.require(admin.call("POST", "/" + realm + "/organizations/" + orgB + "/members").json("\"" + id + "\"").send(), 201);

        assertEquals(200, a.patch("/Users/" + id, patchOps("replace", "active", false)).status());
        assertTrue(admin.call("GET", "/" + realm + "/users/" + id).send().json().get("enabled").asBoolean(), "not locked out of B");
        assertFalse(a.get("/Users/" + id).json().get("active").asBoolean(), "A reads what it set");
        assertFalse(a.filter("Users", "userName eq \"shared@atko.com\" and active eq false").json().get("Resources").isEmpty());
        assertTrue(b.get("/Users/" + id).json().get("active").asBoolean(), "B still sees an active member");

        assertEquals(200, a.patch("/Users/" + id, patchOps("replace", "active", true)).status());
        assertTrue(a.get("/Users/" + id).json().get("active").asBoolean());

        String team = ScimClient.id(a.post("/Groups", Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"),
                "displayName", "Shared's team in A", "members", List.of(Map.of("value", id)))));
        a.patch("/Users/" + id, patchOps("replace", "active", false));

        // Keycloak deletes a managed member's account when it leaves: here only the membership of A ends.
        assertEquals(204, a.delete("/Users/" + id).status());
        assertEquals(404, a.get("/Users/" + id).status(), "no longer a member of A");
        assertEquals(0, a.filter("Users", "userName eq \"shared@atko.com\"").json().get("totalResults").asInt());
        Http.Result teamAfter = a.get("/Groups/" + team);
        assertTrue(teamAfter.json().path("members").isEmpty(), teamAfter::toString);
        assertTrue(b.get("/Users/" + id).json().get("active").asBoolean(), "the account stays an active member of B");
        JsonNode account = admin.call("GET", "/" + realm + "/users/" + id).send().json();
        assertTrue(account.get("enabled").asBoolean());
        assertFalse(account.path("attributes").has("scimInactiveIn"), "A's deactivation mark goes with the membership");
        JsonNode organizationsOfUser = admin.call("GET", "/" + realm + "/organizations/members/" + id + "/organizations").send().json();
        assertEquals(List.of(orgB), organizationsOfUser.findValuesAsText("id"));
    }

    @Test
    void eachOrganizationHasItsOwnActivityLogAndTeamsOverview() throws InterruptedException {
        String marker = "/Users/activity-" + UUID.randomUUID();
        assertEquals(404, a.get(marker).status());
        String team = ScimClient.id(b.post("/Groups", Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"),
                "displayName", "Beta overview")));
        JsonNode ofA = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            ofA = admin.require(admin.call("GET", orgPath(orgA) + "/activity?status=errors").send(), 200).json();
            if (ofA.toString().contains(marker)) {
                break;
            }
            Thread.sleep(100);
        }
        assertTrue(ofA.toString().contains(marker), "A's log has A's request: " + ofA);
        assertFalse(admin.call("GET", orgPath(orgB) + "/activity?max=1000").send().json().toString().contains(marker), "B's does not");
        assertFalse(admin.call("GET", "/" + realm + "/provisioning/activity?max=1000").send().json().toString().contains(marker), "nor the realm's");

        JsonNode teamsOfB = admin.require(admin.call("GET", orgPath(orgB) + "/teams").send(), 200).json();
        JsonNode overview = null;
        for (JsonNode t : teamsOfB) {
            if (t.get("id").asText().equals(team)) {
                overview = t;
            }
        }
        assertEquals("/Beta overview", overview.get("path").asText(), "an organization's own group, not a realm group: " + overview);
        assertTrue(overview.get("parentIds").isEmpty());
        assertEquals(0, overview.get("members").asLong());
        assertFalse(admin.call("GET", orgPath(orgA) + "/teams").send().json().findValuesAsText("id").contains(team), "A does not see B's team");
    }

    @Test
    void anOrganizationsProvisioningNeedsTheRealmAdminRoles() {
        admin.createUser(realm, "org-viewer", "pw-org-viewer-1", List.of("view-realm"));
        admin.createUser(realm, "no-rights", "pw-no-rights-1", List.of());
        AdminApi viewer = new AdminApi(server.baseUrl(), realm, "org-viewer", "pw-org-viewer-1");
        AdminApi nobody = new AdminApi(server.baseUrl(), realm, "no-rights", "pw-no-rights-1");

        JsonNode settings = viewer.require(viewer.call("GET", orgPath(orgA) + "/settings").send(), 200).json();
        assertFalse(settings.get("canManage").asBoolean());
        assertEquals(200, viewer.call("GET", orgPath(orgA) + "/tokens").send().status());
        assertEquals(403, viewer.call("PUT", orgPath(orgA) + "/settings").json(Map.of("enabled", false)).send().status());
        assertEquals(403, viewer.call("POST", orgPath(orgA) + "/tokens").json(Map.of("name", "sneaky")).send().status());
        for (String path : List.of("/settings", "/tokens")) {
            assertEquals(403, nobody.call("GET", orgPath(orgA) + path).send().status(), path);
        }
        assertTrue(admin.call("GET", orgPath(orgA) + "/settings").send().json().get("enabled").asBoolean(), "nothing changed");
        assertFalse(names(admin.call("GET", orgPath(orgA) + "/tokens").send().json()).contains("sneaky"));
    }

    /** What HardeningIT and RacesIT show on the realm's endpoint holds on an organization's, which scans differently. */
    @Test
    void theRealmEndpointsHardeningHoldsForAnOrganization() throws Exception {
        Map<String, Object> body = user("two.emails@atko.com");
        body.put("emails", List.of(Map.of("value", "two.emails@atko.com", "primary", true), Map.of("value", "Home.Two@atko.com", "type", "home")));
        String id = ScimClient.id(a.post("/Users", body));
        for (String filter : List.of("emails eq \"home.two@atko.com\"", "emails[value eq \"home.two@atko.com\"] and name.familyName eq \"Family\"")) {
            JsonNode found = a.filter("Users", filter).json();
            assertEquals(1, found.get("totalResults").asInt(), filter);
            assertEquals(id, found.get("Resources").get(0).get("id").asText(), filter);
        }
        String team = ScimClient.id(a.post("/Groups", Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", "Ordered",
                "members", List.of(Map.of("value", id)))));
        assertEquals(1, a.filter("Groups", "id eq \"" + team + "\" and members.value eq \"" + id + "\"").json().get("totalResults").asInt());
        assertEquals(1, a.filter("Groups", "members[value eq \"" + id + "\"] and displayName eq \"Ordered\"").json().get("totalResults").asInt());
        JsonNode narrowed = a.get("/Groups/" + team + "?attributes=typo").json();
        assertFalse(narrowed.has("members") || narrowed.has("displayName"), narrowed.toString());

        // Eight concurrent creates of one userName through the organization: one 201, the rest 409, never a 5xx.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Http.Result>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return a.post("/Users", user("raced@atko.com"));
                }));
            }
            start.countDown();
            int created = 0;
            for (java.util.concurrent.Future<Http.Result> future : futures) {
                Http.Result result = future.get(2, java.util.concurrent.TimeUnit.MINUTES);
                if (result.status() == 201) {
                    created++;
                } else {
                    assertScimError(result, 409, "uniqueness");
                }
            }
            assertEquals(1, created);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, a.filter("Users", "userName eq \"raced@atko.com\"").json().get("totalResults").asInt());
    }
}
