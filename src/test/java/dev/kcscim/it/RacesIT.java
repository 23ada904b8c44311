package dev.kcscim.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.RealmFixture;
import dev.kcscim.testing.ScimClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import static dev.kcscim.testing.ScimAssertions.assertScimError;
import static dev.kcscim.testing.ScimClient.patchOps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Concurrent requests that contend for one unique value or one team, as an IdP's parallel workers and
 * retries produce. Every outcome is a 2xx or a SCIM 409, never a 5xx, and what is stored afterwards is what
 * the successful requests say. Runs on whatever database the test server uses (H2, and PostgreSQL in CI).
 */
class RacesIT {

    private static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

    /** Keycloak's default realm forbids duplicate emails; userName and email are independent here. */
    @RegisterExtension
    static final RealmFixture realm = RealmFixture.provisioned("races", Map.of("usernameMustBeEmail", false, "teamsParentGroup", "/teams"));

    /** Runs {@code n} requests at once (released together) and returns their results in order. */
    private static List<Http.Result> atOnce(int n, IntFunction<Http.Result> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Http.Result>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<Http.Result> call = () -> {
                    start.await();
                    return request.apply(index);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<Http.Result> results = new ArrayList<>();
            for (Future<Http.Result> future : futures) {
                results.add(future.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, Object> user(String userName, String email) {
        Map<String, Object> body = ScimClient.oktaUser(email, "Race", "Runner");
        body.put("userName", userName);
        body.remove("password");
        return body;
    }

    /** Every result is the expected success or a SCIM 409 uniqueness; returns how many succeeded. */
    private static long successesAndConflicts(List<Http.Result> results, int success) {
        long ok = 0;
        for (Http.Result result : results) {
            if (result.status() == success) {
                ok++;
            } else {
                assertScimError(result, 409, "uniqueness");
            }
        }
        return ok;
    }

    /** At most one request won, the others are 409s, and exactly the winners hold the value. */
    private static void assertAtMostOneOwner(List<Http.Result> results, int success, String ownerFilter) {
        long won = successesAndConflicts(results, success);
        assertTrue(won <= 1, results::toString);
        assertEquals(won, total("Users", ownerFilter));
    }

    private static int total(String resource, String filter) {
        return realm.scim().filter(resource, filter).json().get("totalResults").asInt();
    }

    @Test
    void thirtyTwoCreatesOfOneUserNameGiveOneUser() throws Exception {
        List<Http.Result> results = atOnce(32, i -> realm.scim().post("/Users", user("same.name", "same.name." + i + "@race.example")));
        assertEquals(1, successesAndConflicts(results, 201), results::toString);
        assertEquals(1, total("Users", "userName eq \"same.name\""));
    }

    @Test
    void sixteenCreatesSharingOneEmailGiveAtMostOneUser() throws Exception {
        List<Http.Result> results = atOnce(16, i -> realm.scim().post("/Users", user("email.racer." + i, "shared@race.example")));
        assertAtMostOneOwner(results, 201, "emails eq \"shared@race.example\"");
    }

    @Test
    void racingChangesToOneEmailOrUserNameLeaveOneOwner() throws Exception {
        List<String> ids = IntStream.range(0, 8).mapToObj(i -> ScimClient.id(realm.scim().post("/Users",
                user("changer." + i, "changer." + i + "@race.example")))).toList();
        List<Http.Result> emails = atOnce(8, i -> realm.scim().patch("/Users/" + ids.get(i),
                patchOps("replace", "emails", List.of(Map.of("value", "wanted@race.example", "primary", true)))));
        assertAtMostOneOwner(emails, 200, "emails eq \"wanted@race.example\"");

        List<Http.Result> names = atOnce(8, i -> {
            JsonNode current = realm.scim().get("/Users/" + ids.get(i)).json();
            ((com.fasterxml.jackson.databind.node.ObjectNode) current).put("userName", "wanted.name");
            return realm.scim().put("/Users/" + ids.get(i), current);
        });
        assertAtMostOneOwner(names, 200, "userName eq \"wanted.name\"");
    }

    @Test
    void eightWorkersAddingFortyMembersLeaveFortyMembers() throws Exception {
        List<String> users = IntStream.range(0, 40).mapToObj(i -> ScimClient.id(realm.scim().post("/Users",
                user("member." + i, "member." + i + "@race.example")))).toList();
        String team = ScimClient.id(realm.scim().post("/Groups", Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", "Racing team")));

        List<Http.Result> adds = atOnce(8, worker -> realm.scim().patch("/Groups/" + team, patchOps("add", "members",
                users.subList(worker * 5, worker * 5 + 5).stream().map(id -> Map.of("value", id)).toList())));
        adds.forEach(r -> assertEquals(204, r.status(), r::toString));
        assertEquals(Set.copyOf(users), members(team));

        // Half of the team leaves, five at a time from eight workers, some of them naming the same people twice.
        List<String> leaving = users.subList(0, 20);
        List<Http.Result> removes = atOnce(8, worker -> realm.scim().patch("/Groups/" + team, patchOps("remove",
                "members[value eq \"" + leaving.get((worker * 3) % 20) + "\" or value eq \"" + leaving.get((worker * 3 + 1) % 20)
                        + "\" or value eq \"" + leaving.get((worker * 3 + 2) % 20) + "\"]", null)));
        removes.forEach(r -> assertEquals(204, r.status(), r::toString));
        Set<String> removedOnce = new HashSet<>();
        for (int worker = 0; worker < 8; worker++) {
            for (int k = 0; k < 3; k++) {
                removedOnce.add(leaving.get((worker * 3 + k) % 20));
            }
        }
        Set<String> expected = new HashSet<>(users);
        expected.removeAll(removedOnce);
        assertEquals(expected, members(team));
        assertEquals(Set.copyOf(users.subList(20, 40)), expected, "the workers removed exactly the first half");
    }

    private static Set<String> members(String team) {
        Set<String> ids = new HashSet<>();
        realm.scim().get("/Groups/" + team).json().path("members").forEach(m -> ids.add(m.get("value").asText()));
        return ids;
    }
}
