package dev.kcscim.it;

import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.BigTeamChecks;
import dev.kcscim.testing.Database;
import dev.kcscim.testing.RealmFixture;
import dev.kcscim.testing.ScimClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.kcscim.testing.ScimClient.patchOps;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An organization's team of 10,000 members behaves as a realm's does (see GroupsScaleIT): it is built the way
 * Okta's Group Push builds it, listed whole or without members, and patched member by member; a replace that
 * names all 10,000 changes only the membership that differs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrganizationTeamScaleIT {

    @RegisterExtension
    static final RealmFixture fixture = RealmFixture.provisioned("big-org", Map.of());

    /** {@code -Dkcscim.orgTeamMembers=N} changes the size (CI's second, PostgreSQL, pass runs a smaller team). */
    private static final int MEMBERS = Integer.getInteger("kcscim.orgTeamMembers", 10_000);
    private static BigTeamChecks checks;

    @BeforeAll
    static void setUp() throws Exception {
        AdminApi admin = fixture.admin();
        String realm = fixture.name();
        String organization = admin.createOrganization(realm, "Big customer", "big-customer", "big.example");
        ScimClient scim = admin.provisionOrganization(realm, organization, Map.of());

        for (int batch = 0; batch < MEMBERS; batch += 1000) {
            List<Map<String, Object>> users = new ArrayList<>();
            for (int i = batch; i < batch + 1000; i++) {
                String name = String.format("member-%05d@big.example", i);
                users.add(Map.of("username", name, "email", name, "enabled", true, "firstName", "M", "lastName", "N" + i));
            }
            admin.require(admin.call("POST", "/" + realm + "/partialImport").json(Map.of("ifResourceExists", "SKIP", "users", users)).send(), 200);
        }
        Database.analyzeAfterBulkLoad();
        // Keycloak adds organization members one at a time; four at once keep the set-up short.
        List<String> ids = new ArrayList<>();
        for (int first = 0; first < MEMBERS; first += 1000) {
            admin.call("GET", "/" + realm + "/users?briefRepresentation=true&first=" + first + "&max=1000").send().json()
                    .forEach(u -> ids.add(u.get("id").asText()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> joins = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int worker = w;
                joins.add(pool.submit(() -> {
                    for (int i = worker; i < ids.size(); i += 4) {
                        admin.require(admin.call("POST", "/" + realm + "/organizations/" + organization + "/members")
                                .json("\"" + ids.get(i) + "\"").send(), 201);
                    }
                }));
            }
            for (Future<?> join : joins) {
                join.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        Database.analyzeAfterBulkLoad();
        assertEquals(MEMBERS, scim.get("/Users?count=0").json().get("totalResults").asInt());

        // Built as Okta's Group Push builds a team: membership PATCHes of a few hundred ids each.
        String teamId = ScimClient.id(admin.require(scim.post("/Groups", Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"),
                "displayName", "Everyone")), 201));
        long started = System.nanoTime();
        for (int first = 0; first < MEMBERS; first += 500) {
            List<Map<String, String>> batch = ids.subList(first, Math.min(MEMBERS, first + 500)).stream().map(id -> Map.of("value", id)).toList();
            admin.require(scim.patch("/Groups/" + teamId, patchOps("add", "members", batch)), 204);
        }
        System.out.printf("OrganizationTeamScaleIT: %d members added in PATCHes of 500 in %.1f s%n", MEMBERS, (System.nanoTime() - started) / 1e9);
        String outsider = ScimClient.id(scim.post("/Users", ScimClient.oktaUser("outsider@big.example", "Out", "Sider")));
        // Events are stored from here on, so that the checks count only the events of their own changes.
        admin.require(admin.call("PUT", "/" + realm).json(Map.of("adminEventsEnabled", true)).send(), 204);
        checks = new BigTeamChecks(admin, realm, scim, teamId, MEMBERS, outsider, ids.get(42));
    }

    @Test
    @Order(1)
    void theWholeTeamCanBeListedOrLeftOut() {
        checks.theWholeTeamCanBeListedOrLeftOut();
    }

    @Test
    @Order(2)
    void patchTouchesOnlyTheNamedMembers() {
        checks.patchTouchesOnlyTheNamedMembers();
    }
}
