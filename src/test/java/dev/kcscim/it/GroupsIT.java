package dev.kcscim.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.RealmFixture;
import dev.kcscim.testing.ScimClient;
import dev.kcscim.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

import static dev.kcscim.testing.ScimAssertions.assertScimError;
import static dev.kcscim.testing.ScimClient.patchOps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Okta's Group Push sequence (okta-scim-20-reference.md) and Entra's group requests, each step checked in
 * the SCIM answer and in Keycloak's groups and memberships.
 */
class GroupsIT {

    @RegisterExtension
    static final RealmFixture fixture = RealmFixture.provisioned("groups", Map.of("teamsParentGroup", "/teams"));

    private static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private static TestServer server;
    private static AdminApi admin;
    private static String realm;
    private static ScimClient scim;
    private static String u1;
    private static String u2;
    private static String u3;

    @BeforeAll
    static void setUp() {
        server = fixture.server();
        admin = fixture.admin();
        realm = fixture.name();
        scim = fixture.scim();
        u1 = ScimClient.id(scim.post("/Users", ScimClient.oktaUser("one@okta.local", "One", "User")));
        u2 = ScimClient.id(scim.post("/Users", ScimClient.oktaUser("two@okta.local", "Two", "User")));
        u3 = ScimClient.id(scim.post("/Users", ScimClient.oktaUser("three@okta.local", "Three", "User")));
    }


    private Set<String> keycloakMembers(String groupId) {
        JsonNode members = admin.require(admin.call("GET", "/" + realm + "/groups/" + groupId + "/members?max=10000").send(), 200).json();
        Set<String> ids = new TreeSet<>();
        members.forEach(m -> ids.add(m.get("id").asText()));
        return ids;
    }

    private JsonNode keycloakGroup(String groupId) {
        return admin.require(admin.call("GET", "/" + realm + "/groups/" + groupId).send(), 200).json();
    }

    private String createTeam(String name) {
        Http.Result created = scim.post("/Groups", Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", name, "members", List.of()));
        assertEquals(201, created.status(), created::toString);
        return created.json().get("id").asText();
    }

    @Test
    void oktaGroupPushSequence() {
        // Create
        Http.Result created = scim.post("/Groups", Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", "Test SCIMv2", "members", List.of()));
        assertEquals(201, created.status(), created::toString);
        String id = created.json().get("id").asText();
        assertEquals("Test SCIMv2", created.json().get("displayName").asText());
        assertEquals("Group", created.json().get("meta").get("resourceType").asText());
        assertEquals(server.scimBase(realm) + "/Groups/" + id, created.header("Location"));
        JsonNode group = keycloakGroup(id);
        assertEquals("/teams/Test SCIMv2", group.get("path").asText());
        assertEquals("true", group.get("attributes").get("scimProvisioned").get(0).asText());

        // Find by name, as Okta does when it does not know the id
        Http.Result found = scim.get("/Groups?filter=" + java.net.URLEncoder.encode("displayName eq \"Test SCIMv2\"", java.nio.charset.StandardCharsets.UTF_8) + "&startIndex=1&count=100");
        assertEquals(1, found.json().get("totalResults").asInt());
        assertEquals(id, found.json().get("Resources").get(0).get("id").asText());

        // Rename, path-less with the id repeated
        Http.Result renamed = scim.patch("/Groups/" + id, patchOps("replace", null, Map.of("id", id, "displayName", "Test SCIMv20")));
        assertEquals(204, renamed.status(), renamed::toString);
        assertEquals("Test SCIMv20", keycloakGroup(id).get("name").asText());

        // Remove one and add another in one PATCH
        Http.Result membership = scim.patch("/Groups/" + id, patchOps(
                "remove", "members[value eq \"" + u3 + "\"]", null,
                "add", "members", List.of(Map.of("value", u1, "display", "one@okta.local"), Map.of("value", u2))));
        assertEquals(204, membership.status(), membership::toString);
        assertEquals(new TreeSet<>(Set.of(u1, u2)), keycloakMembers(id));
        assertEquals(204, scim.patch("/Groups/" + id, patchOps("add", "members", List.of(Map.of("value", u1)))).status(), "adding a member again is fine");
        Http.Result swap = scim.patch("/Groups/" + id, patchOps(
                "remove", "members[value eq \"" + u1 + "\"]", null,
                "add", "members", List.of(Map.of("value", u3))));
        assertEquals(204, swap.status());
        assertEquals(new TreeSet<>(Set.of(u2, u3)), keycloakMembers(id));

        // Replace all members
        assertEquals(204, scim.patch("/Groups/" + id, patchOps("replace", "members", List.of(Map.of("value", u1), Map.of("value", u3)))).status());
        assertEquals(new TreeSet<>(Set.of(u1, u3)), keycloakMembers(id));

        // PUT with members (the App Integration Wizard's way) replaces the membership
        Http.Result put = scim.put("/Groups/" + id, Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", "Test SCIMv2",
                "members", List.of(Map.of("value", u2, "display", "two@okta.local"))));
        assertEquals(200, put.status(), put::toString);
        assertEquals("Test SCIMv2", put.json().get("displayName").asText());
        assertEquals(new TreeSet<>(Set.of(u2)), keycloakMembers(id));

        // The team lists its members fully, and a member's user shows the team
        JsonNode fetched = scim.get("/Groups/" + id).json();
        JsonNode member = fetched.get("members").get(0);
        assertEquals(u2, member.get("value").asText());
        assertEquals("Two User", member.get("display").asText());
        assertEquals("User", member.get("type").asText());
        assertEquals(server.scimBase(realm) + "/Users/" + u2, member.get("$ref").asText());
        JsonNode userGroups = scim.get("/Users/" + u2).json().get("groups");
        JsonNode team = StreamSupport.stream(userGroups.spliterator(), false).filter(g -> g.get("value").asText().equals(id)).findFirst().orElseThrow();
        assertEquals("Test SCIMv2", team.get("display").asText());
        assertEquals(server.scimBase(realm) + "/Groups/" + id, team.get("$ref").asText());

        // Delete (unlink with delete in Okta): the team and its memberships go, the users stay
        assertEquals(204, scim.delete("/Groups/" + id).status());
        assertEquals(404, scim.get("/Groups/" + id).status());
        assertEquals(404, admin.call("GET", "/" + realm + "/groups/" + id).send().status());
        assertEquals(200, scim.get("/Users/" + u2).status());
        assertFalse(scim.get("/Users/" + u2).body().contains(id), "the deleted team is gone from the user's groups");
    }

    @Test
    void entraGroupShapes() {
        Http.Result created = scim.post("/Groups", Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", "Entra Team", "externalId", "e-123"));
        assertEquals(201, created.status(), created::toString);
        String id = created.json().get("id").asText();

        Http.Result listed = scim.get("/Groups?excludedAttributes=members&filter=" + java.net.URLEncoder.encode("externalId eq \"e-123\"", java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(1, listed.json().get("totalResults").asInt());
        assertFalse(listed.json().get("Resources").get(0).has("members"));

        assertEquals(204, scim.patch("/Groups/" + id, patchOps("Add", "members", List.of(Map.of("value", u1), Map.of("value", u2), Map.of("value", u3)))).status());
        assertEquals(new TreeSet<>(Set.of(u1, u2, u3)), keycloakMembers(id));
        assertEquals(204, scim.patch("/Groups/" + id, patchOps("Remove", "members", List.of(Map.of("value", u1), Map.of("value", u3)))).status());
        assertEquals(new TreeSet<>(Set.of(u2)), keycloakMembers(id));
        Http.Result renamed = scim.patch("/Groups/" + id + "?excludedAttributes=members", patchOps("Replace", "displayName", "Entra Team 2"));
        assertEquals(200, renamed.status(), renamed::toString);
        assertEquals("Entra Team 2", renamed.json().get("displayName").asText());
        assertFalse(renamed.json().has("members"));

        Http.Result byMember = scim.filter("Groups", "members.value eq \"" + u2 + "\"");
        assertEquals(List.of(id), ids(byMember.json()));
        assertEquals(List.of(id), ids(scim.filter("Groups", "members[value eq \"" + u2 + "\"]").json()));
        assertEquals(List.of(), ids(scim.filter("Groups", "members.value eq \"" + u1 + "\"").json()));
        assertEquals(List.of(id), ids(scim.filter("Groups", "id eq \"" + id + "\"").json()));
        assertEquals(List.of(id), ids(scim.filter("Groups", "displayName sw \"Entra Team\"").json()));
    }

    private static List<String> ids(JsonNode list) {
        return StreamSupport.stream(list.get("Resources").spliterator(), false).map(g -> g.get("id").asText()).toList();
    }

    @Test
    void groupsOutsideTheScopeAreInvisibleAndUntouchable() {
        admin.require(admin.call("POST", "/" + realm + "/groups").json(Map.of("name", "realm-admins")).send(), 201);
        String adminsId = admin.call("GET", "/" + realm + "/groups?search=realm-admins&exact=true").send().json().get(0).get("id").asText();
        admin.require(admin.call("PUT", "/" + realm + "/users/" + u1 + "/groups/" + adminsId).send(), 204);

        assertFalse(scim.get("/Groups?count=200").body().contains(adminsId));
        assertEquals(0, scim.filter("Groups", "displayName eq \"realm-admins\"").json().get("totalResults").asInt());
        assertEquals(0, scim.filter("Groups", "id eq \"" + adminsId + "\"").json().get("totalResults").asInt());
        assertScimError(scim.get("/Groups/" + adminsId), 404);
        assertScimError(scim.patch("/Groups/" + adminsId, patchOps("add", "members", List.of(Map.of("value", u2)))), 404);
        assertScimError(scim.put("/Groups/" + adminsId, Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", "pwned")), 404);
        assertScimError(scim.delete("/Groups/" + adminsId), 404);
        assertEquals("realm-admins", keycloakGroup(adminsId).get("name").asText());
        assertEquals(new TreeSet<>(Set.of(u1)), keycloakMembers(adminsId));
        assertFalse(scim.get("/Users/" + u1).body().contains(adminsId), "a user's groups show only teams");
        // The parent group itself is not a team either.
        String teamsId = admin.call("GET", "/" + realm + "/groups?search=teams&exact=true").send().json().get(0).get("id").asText();
        assertScimError(scim.get("/Groups/" + teamsId), 404);
    }

    @Test
    void withoutParentTopLevelGroupsAreTheTeams() {
        String flat = admin.createRealm("groups-flat");
        try {
            admin.setProvisioningEnabled(flat, true);
            ScimClient other = new ScimClient(server.scimBase(flat), admin.createToken(flat, "okta").get("token").asText());
            Http.Result created = other.post("/Groups", Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", "Top"));
            assertEquals(201, created.status(), created::toString);
            JsonNode group = admin.call("GET", "/" + flat + "/groups/" + created.json().get("id").asText()).send().json();
            assertEquals("/Top", group.get("path").asText());
            assertEquals(1, other.get("/Groups").json().get("totalResults").asInt());
        } finally {
            admin.deleteRealm(flat);
        }
    }

    @Test
    void badGroupInputChangesNothing() {
        String id = createTeam("Careful");
        assertEquals(204, scim.patch("/Groups/" + id, patchOps("add", "members", List.of(Map.of("value", u1)))).status());

        JsonNode unknown = assertScimError(scim.patch("/Groups/" + id, patchOps(
                "replace", "displayName", "Renamed",
                "add", "members", List.of(Map.of("value", u2), Map.of("value", "no-such-user-1"), Map.of("value", "no-such-user-2")))), 400);
        assertEquals("invalidValue", unknown.get("scimType").asText());
        assertTrue(unknown.get("detail").asText().contains("no-such-user-1") && unknown.get("detail").asText().contains("no-such-user-2"), unknown.toString());
        assertEquals("Careful", keycloakGroup(id).get("name").asText(), "the rename in the same request did not happen");
        assertEquals(new TreeSet<>(Set.of(u1)), keycloakMembers(id));

        createTeam("Taken");
        assertEquals("uniqueness", assertScimError(scim.post("/Groups", Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", "Taken")), 409).get("scimType").asText());
        assertEquals("uniqueness", assertScimError(scim.patch("/Groups/" + id, patchOps("replace", "displayName", "Taken")), 409).get("scimType").asText());
        assertEquals("Careful", keycloakGroup(id).get("name").asText());

        assertScimError(scim.post("/Groups", Map.of("schemas", List.of(GROUP_SCHEMA))), 400);
        assertScimError(scim.post("/Groups", Map.of("displayName", "No schemas")), 400);
        assertScimError(scim.post("/Groups", Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", "Nested", "members", List.of(Map.of("value", id, "type", "Group")))), 400);
        assertScimError(scim.call("POST", "/Groups").body("application/scim+json", "{\"displayName\":").send(), 400);
        assertScimError(scim.patch("/Groups/" + id, patchOps("replace", "members[value eq \"" + u1 + "\"]", Map.of("value", u2))), 400);
        assertScimError(scim.patch("/Groups/" + id, patchOps("add", "colour", "blue")), 400);
        assertScimError(scim.patch("/Groups/" + id, patchOps("remove", "displayName", null)), 400);
        assertScimError(scim.filter("Groups", "members co \"x\""), 400);
        assertEquals(0, scim.filter("Groups", "displayName eq \"Nested\" or displayName eq \"No schemas\"").json().get("totalResults").asInt());
        assertEquals(new TreeSet<>(Set.of(u1)), keycloakMembers(id));
        assertEquals(204, scim.patch("/Groups/" + id, patchOps("remove", "members[value eq \"" + u3 + "\"]", null)).status(), "removing a non-member is fine");
    }

    @Test
    void etagsAndAudit() {
        admin.require(admin.call("PUT", "/" + realm).json(Map.of("adminEventsEnabled", true, "adminEventsDetailsEnabled", true)).send(), 204);
        Http.Result created = scim.post("/Groups", Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", "Audited"));
        String id = created.json().get("id").asText();
        String etag = created.header("ETag");
        assertEquals(304, scim.call("GET", "/Groups/" + id).header("If-None-Match", etag).send().status());
        Http.Result changed = scim.call("PATCH", "/Groups/" + id).header("If-Match", etag).json(patchOps("add", "members", List.of(Map.of("value", u3)))).send();
        assertEquals(204, changed.status(), changed::toString);
        assertFalse(etag.equals(changed.header("ETag")));
        assertEquals(412, scim.call("PATCH", "/Groups/" + id).header("If-Match", etag).json(patchOps("replace", "displayName", "X")).send().status());
        assertEquals(204, scim.delete("/Groups/" + id).status());

        JsonNode events = admin.call("GET", "/" + realm + "/admin-events?max=500").send().json();
        List<String> seen = StreamSupport.stream(events.spliterator(), false)
                .filter(e -> e.get("resourcePath").asText().contains(id))
                .map(e -> e.get("resourceType").asText() + " " + e.get("operationType").asText() + " " + e.get("resourcePath").asText())
                .toList();
        assertTrue(seen.contains("GROUP CREATE groups/" + id), seen::toString);
        assertTrue(seen.contains("GROUP UPDATE groups/" + id), seen::toString);
        assertTrue(seen.contains("GROUP DELETE groups/" + id), seen::toString);
        assertTrue(seen.contains("GROUP_MEMBERSHIP CREATE users/" + u3 + "/groups/" + id), seen::toString);
    }
}
