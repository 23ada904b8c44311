package dev.kcscim.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.Database;
import dev.kcscim.testing.KeycloakExtension;
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

import static dev.kcscim.testing.ScimAssertions.assertScimError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A realm of a few thousand users: paging is complete and stable, counts come from the database, indexed
 * filters answer directly, and a filter no index can serve is refused as tooMany past the scan bound
 * instead of reading the realm into memory. (Speed is measured by the benchmark, not here.)
 */
class UsersScaleIT {

    @RegisterExtension
    static final RealmFixture fixture = RealmFixture.provisioned("scale", Map.of());

    private static final int USERS = 3000;
    private static TestServer server;
    private static AdminApi admin;
    private static String realm;
    private static ScimClient scim;

    @BeforeAll
    static void setUp() {
        server = fixture.server();
        admin = fixture.admin();
        realm = fixture.name();
        scim = fixture.scim();
        List<Map<String, Object>> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String name = String.format("user-%05d@scale.example", i);
            users.add(Map.of("username", name, "email", name, "enabled", i % 10 != 0,
                    "firstName", "Given" + i, "lastName", "Family" + (i % 20)));
        }
        admin.require(admin.call("POST", "/" + realm + "/partialImport")
                .json(Map.of("ifResourceExists", "SKIP", "users", users)).send(), 200);
        Database.analyzeAfterBulkLoad();
    }


    @Test
    void pagingThroughEveryUserIsCompleteAndNeverRepeats() {
        List<String> seen = new ArrayList<>();
        int total = -1;
        for (int start = 1; total < 0 || start <= total; start += 100) {
            JsonNode page = scim.get("/Users?startIndex=" + start + "&count=100").json();
            total = page.get("totalResults").asInt();
            page.get("Resources").forEach(u -> seen.add(u.get("id").asText()));
        }
        assertEquals(USERS, total);
        assertEquals(USERS, seen.size());
        assertEquals(USERS, new HashSet<>(seen).size(), "no user appears twice");

        List<String> sameOrder = new ArrayList<>();
        for (int start = 1; start <= 700; start += 70) {
            scim.get("/Users?startIndex=" + start + "&count=70").json().get("Resources").forEach(u -> sameOrder.add(u.get("id").asText()));
        }
        assertEquals(seen.subList(0, 700), sameOrder, "the order does not depend on the page size");
    }

    @Test
    void indexedFiltersAnswerExactlyWithoutScanning() {
        assertEquals(1, scim.filter("Users", "userName eq \"user-01234@scale.example\"").json().get("totalResults").asInt());
        assertEquals(1, scim.filter("Users", "emails.value eq \"USER-02999@scale.example\"").json().get("totalResults").asInt());
        assertEquals(USERS / 10, scim.filter("Users", "active eq false").json().get("totalResults").asInt());
        // Family7 is every 20th user; a tenth of users are inactive, and 7 mod 10 never hits 0, so all are active.
        JsonNode family = scim.filter("Users", "name.familyName eq \"Family7\" and active eq true").json();
        assertEquals(USERS / 20, family.get("totalResults").asInt());
    }

    @Test
    void unindexedFilterOverTheBoundIsTooMany() {
        assertTrue(USERS > KeycloakExtension.MAX_SCAN);
        JsonNode error = assertScimError(scim.filter("Users", "name.givenName co \"77\""), 400);
        assertEquals("tooMany", error.get("scimType").asText());
        assertTrue(error.get("detail").asText().contains(Integer.toString(KeycloakExtension.MAX_SCAN)), error.toString());
    }

    @Test
    void unindexedFilterNarrowedByAnIndexIsAnswered() {
        // 150 users have Family3 (below the bound); among them, given names ending in 3 are those with i % 10 == 3.
        JsonNode result = scim.filter("Users", "name.familyName eq \"Family3\" and name.givenName ew \"3\"").json();
        Set<String> names = new HashSet<>();
        result.get("Resources").forEach(u -> names.add(u.get("userName").asText()));
        long expected = java.util.stream.IntStream.range(0, USERS).filter(i -> i % 20 == 3 && i % 10 == 3).count();
        assertEquals(expected, result.get("totalResults").asLong());
        assertEquals(Math.min(expected, 200), names.size());
    }
}
