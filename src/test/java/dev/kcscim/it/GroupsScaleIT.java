package dev.kcscim.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.Database;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.RealmFixture;
import dev.kcscim.testing.ScimClient;
import dev.kcscim.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import static dev.kcscim.testing.ScimClient.patchOps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A team of 10,000 members. It can be listed whole, listed without members, and patched; a PATCH touches
 * only the memberships it names, which the admin events show (one membership event per change, not one per
 * member of the team).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GroupsScaleIT {

    @RegisterExtension
    static final RealmFixture fixture = RealmFixture.provisioned("big-team", Map.of("teamsParentGroup", "/teams"));

    private static final int MEMBERS = 10_000;
    private static TestServer server;
    private static AdminApi admin;
    private static String realm;
    private static ScimClient scim;
    private static String teamId;
    private static String outsider;

    @BeforeAll
    static void setUp() {
        server = fixture.server();
        admin = fixture.admin();
        realm = fixture.name();
        scim = fixture.scim();
        teamId = scim.post("/Groups", Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"), "displayName", "Everyone")).json().get("id").asText();
        for (int batch = 0; batch < MEMBERS; batch += 2500) {
            List<Map<String, Object>> users = new ArrayList<>();
            for (int i = batch; i < batch + 2500; i++) {
                String name = String.format("member-%05d@big.example", i);
                users.add(Map.of("username", name, "email", name, "enabled", true, "firstName", "M", "lastName", "N" + i,
                        "groups", List.of("/teams/Everyone")));
            }
            admin.require(admin.call("POST", "/" + realm + "/partialImport").json(Map.of("ifResourceExists", "SKIP", "users", users)).send(), 200);
        }
        Database.analyzeAfterBulkLoad();
        outsider = ScimClient.id(scim.post("/Users", ScimClient.oktaUser("outsider@big.example", "Out", "Sider")));
        admin.require(admin.call("PUT", "/" + realm).json(Map.of("adminEventsEnabled", true)).send(), 204);
    }


    private int memberCount() {
        JsonNode team = scim.get("/Groups/" + teamId + "?attributes=members").json();
        Set<String> ids = new HashSet<>();
        team.get("members").forEach(m -> ids.add(m.get("value").asText()));
        assertEquals(team.get("members").size(), ids.size(), "no member listed twice");
        return ids.size();
    }

    private List<JsonNode> membershipEvents() {
        JsonNode events = admin.call("GET", "/" + realm + "/admin-events?resourceTypes=GROUP_MEMBERSHIP&max=100000").send().json();
        return StreamSupport.stream(events.spliterator(), false).toList();
    }

    @Test
    @Order(1)
    void theWholeTeamCanBeListedOrLeftOut() {
        assertEquals(MEMBERS, memberCount());
        Http.Result list = scim.get("/Groups?excludedAttributes=members");
        assertEquals(200, list.status());
        assertFalse(list.json().get("Resources").get(0).has("members"));
        assertTrue(list.body().length() < 2000, "no member data when members are excluded");
    }

    @Test
    @Order(2)
    void patchTouchesOnlyTheNamedMembers() {
        int eventsBefore = membershipEvents().size();
        String leaving = scim.get("/Users?filter=" + java.net.URLEncoder.encode("userName eq \"member-00042@big.example\"",
                java.nio.charset.StandardCharsets.UTF_8)).json().get("Resources").get(0).get("id").asText();

        Http.Result patched = scim.patch("/Groups/" + teamId, patchOps(
                "add", "members", List.of(Map.of("value", outsider)),
                "remove", "members[value eq \"" + leaving + "\"]", null));
        assertEquals(204, patched.status(), patched::toString);
        assertEquals(MEMBERS, memberCount());
        JsonNode team = scim.get("/Groups/" + teamId).json();
        assertTrue(team.toString().contains(outsider));
        assertFalse(team.toString().contains(leaving));

        List<JsonNode> events = membershipEvents();
        assertEquals(eventsBefore + 2, events.size(), "exactly one membership event per changed member");

        // A replace that differs by one member also changes exactly one membership.
        List<Map<String, String>> everyoneButOutsider = new ArrayList<>();
        team.get("members").forEach(m -> {
            if (!m.get("value").asText().equals(outsider)) {
                everyoneButOutsider.add(Map.of("value", m.get("value").asText()));
            }
        });
        assertEquals(204, scim.patch("/Groups/" + teamId, patchOps("replace", "members", everyoneButOutsider)).status());
        assertEquals(MEMBERS - 1, memberCount());
        assertEquals(eventsBefore + 3, membershipEvents().size());
    }
}
