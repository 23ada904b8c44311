package dev.kcscim.it;

import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.BigTeamChecks;
import dev.kcscim.testing.Database;
import dev.kcscim.testing.RealmFixture;
import dev.kcscim.testing.ScimClient;
import dev.kcscim.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;


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
            // Setting up, not measuring: a batch of 2,500 can take over a minute on a busy 2-core machine.
            admin.require(admin.call("POST", "/" + realm + "/partialImport").json(Map.of("ifResourceExists", "SKIP", "users", users))
                    .timeout(java.time.Duration.ofMinutes(5)).send(), 200);
        }
        Database.analyzeAfterBulkLoad();
        outsider = ScimClient.id(scim.post("/Users", ScimClient.oktaUser("outsider@big.example", "Out", "Sider")));
        admin.require(admin.call("PUT", "/" + realm).json(Map.of("adminEventsEnabled", true)).send(), 204);
    }


    private static BigTeamChecks checks() {
        String leaving = scim.filter("Users", "userName eq \"member-00042@big.example\"").json().get("Resources").get(0).get("id").asText();
        return new BigTeamChecks(admin, realm, scim, teamId, MEMBERS, outsider, leaving);
    }

    @Test
    @Order(1)
    void theWholeTeamCanBeListedOrLeftOut() {
        checks().theWholeTeamCanBeListedOrLeftOut();
    }

    @Test
    @Order(2)
    void patchTouchesOnlyTheNamedMembers() {
        checks().patchTouchesOnlyTheNamedMembers();
    }
}
