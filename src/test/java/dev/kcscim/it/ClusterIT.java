package dev.kcscim.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.testing.AdmissionOff;
import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.KeycloakDistribution;
import dev.kcscim.testing.ScimClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static dev.kcscim.testing.ScimClient.patchOps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Keycloak nodes in production mode on one PostgreSQL database, clustered with
 * {@code --cache=ispn --cache-stack=jdbc-ping}, as behind a load balancer: what one node changes, the other
 * enforces at once. Needs the local PostgreSQL (psql on 127.0.0.1:5432); skipped, with the reason, without it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    private static final Path BASE = Path.of("target", "cluster").toAbsolutePath();
    private static final List<KeycloakDistribution> NODES = new ArrayList<>();
    private static String database;
    private static AdminApi adminOne;
    private static AdminApi adminTwo;
    private static String realm;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        Assumptions.assumeTrue(System.getProperty("kcscim.it.extraArgs", "").isBlank(),
                "ClusterIT brings its own database; it runs in the default (H2) pass only");
        Assumptions.assumeTrue(psql("SELECT 1") == 0, "no PostgreSQL reachable with psql -h 127.0.0.1 -U postgres");
        database = "kcscim_cluster_" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(0, psql("CREATE DATABASE " + database));
        for (int node = 1; node <= 2; node++) {
            Path home = BASE.resolve("node" + node).resolve("keycloak");
            int clusterPort = KeycloakDistribution.freePort();
            KeycloakDistribution.Options options = new KeycloakDistribution.Options(
                    Path.of(System.getProperty("kcscim.keycloakDist")), home, Path.of(System.getProperty("kcscim.providerJar")),
                    KeycloakDistribution.freePort(), KeycloakDistribution.freePort(), true,
                    AdmissionOff.with("--db=postgres", "--db-url=jdbc:postgresql://127.0.0.1:5432/" + database, "--db-username=postgres",
                            "--db-password=unused", "--cache=ispn", "--cache-stack=jdbc-ping", "--http-enabled=true",
                            "--hostname-strict=false", "--cache-embedded-network-bind-address=127.0.0.1",
                            "--cache-embedded-network-bind-port=" + clusterPort),
                    BASE.resolve("node" + node + ".log"), Duration.ofMinutes(6), List.of("start"));
            NODES.add(KeycloakDistribution.start(options));
        }
        awaitClusterOfTwo(BASE.resolve("node2.log"));
        adminOne = new AdminApi(NODES.get(0).baseUrl(), "master", KeycloakDistribution.ADMIN_USER, KeycloakDistribution.ADMIN_PASSWORD);
        adminTwo = new AdminApi(NODES.get(1).baseUrl(), "master", KeycloakDistribution.ADMIN_USER, KeycloakDistribution.ADMIN_PASSWORD);
        realm = adminOne.createRealm("cluster");
        adminOne.setProvisioningEnabled(realm, true);
    }

    @AfterAll
    static void stop() {
        NODES.forEach(KeycloakDistribution::close);
        if (database != null) {
            psql("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static void awaitClusterOfTwo(Path log) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            if (Files.readString(log, StandardCharsets.UTF_8).lines().anyMatch(l -> l.contains("cluster view") && l.contains("(2)"))) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("The two nodes did not form a cluster; see " + log);
    }

    private static int psql(String sql) {
        try {
            Process process = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private String scimBase(int node) {
        return NODES.get(node).baseUrl() + "/realms/" + realm + "/provisioning/scim/v2";
    }

    @Test
    @Order(1)
    void aTokenRevokedOnOneNodeStopsWorkingOnTheOtherAtOnce() {
        JsonNode created = adminOne.createToken(realm, "okta-cluster");
        String secret = created.get("token").asText();
        // Both nodes now hold the realm, with the token, in their caches.
        assertEquals(200, Http.get(scimBase(0) + "/ServiceProviderConfig").bearer(secret).send().status());
        assertEquals(200, Http.get(scimBase(1) + "/ServiceProviderConfig").bearer(secret).send().status());

        adminOne.require(adminOne.call("DELETE", "/" + realm + "/provisioning/tokens/" + created.get("id").asText()).send(), 204);
        assertEquals(401, Http.get(scimBase(1) + "/ServiceProviderConfig").bearer(secret).send().status(), "node 2 refuses it without delay");
        assertEquals(401, Http.get(scimBase(0) + "/ServiceProviderConfig").bearer(secret).send().status());
    }

    @Test
    @Order(2)
    void whatOneNodeProvisionsTheOtherServesAndDeprovisions() {
        String secret = adminTwo.createToken(realm, "okta-lb").get("token").asText();
        ScimClient one = new ScimClient(scimBase(0), secret);
        ScimClient two = new ScimClient(scimBase(1), secret);
        String id = ScimClient.id(one.post("/Users", ScimClient.oktaUser("cluster.user@example.com", "Cluster", "User")));
        assertEquals("cluster.user@example.com", two.get("/Users/" + id).json().get("userName").asText());

        Http.Result login = Http.post(NODES.get(0).baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token")
                .body("application/x-www-form-urlencoded", "grant_type=password&client_id=admin-cli&username=cluster.user@example.com&password=1mz050nq").send();
        assertEquals(200, login.status(), login::toString);
        assertFalse(adminTwo.call("GET", "/" + realm + "/users/" + id + "/sessions").send().json().isEmpty(), "node 2 sees the session made on node 1");

        assertEquals(200, two.patch("/Users/" + id, ScimClient.patchOps("replace", null, Map.of("active", false))).status());
        assertFalse(adminOne.call("GET", "/" + realm + "/users/" + id).send().json().get("enabled").asBoolean(), "node 1 sees the user disabled");
        assertTrue(adminOne.call("GET", "/" + realm + "/users/" + id + "/sessions").send().json().isEmpty(), "and the session ended");
        Http.Result refresh = Http.post(NODES.get(0).baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token")
                .body("application/x-www-form-urlencoded", "grant_type=refresh_token&client_id=admin-cli&refresh_token="
                        + login.json().get("refresh_token").asText()).send();
        assertEquals(400, refresh.status(), "the session's refresh token no longer works on node 1: " + refresh);

        // The activity log is in the shared database: node 2's admin API lists what node 1 answered.
        Instant deadline = Instant.now().plusSeconds(15);
        JsonNode activity;
        boolean createdOnOne;
        do {
            activity = adminTwo.call("GET", "/" + realm + "/provisioning/activity?status=2xx&token=okta-lb").send().json();
            createdOnOne = false;
            for (JsonNode entry : activity) {
                createdOnOne |= entry.get("method").asText().equals("POST") && entry.get("status").asInt() == 201;
            }
        } while (!createdOnOne && Instant.now().isBefore(deadline));
        assertTrue(createdOnOne, "node 2 lists node 1's create: " + activity);
    }

    /**
     * Creates and PATCHes go round-robin to both nodes from three workers while node 1 is killed with SIGKILL.
     * A request that got no answer, or a 5xx, is retried on the survivor the way Okta retries: a create first
     * looks the user up by userName, and only creates it if it is not there. At the end, every user is on the
     * survivor exactly once, with every attribute its create sent and the title its last PATCH set, and the team
     * has every member whose addition was acknowledged.
     */
    @Test
    @Order(3)
    void killingANodeLosesNoAcknowledgedWriteAndLeavesNothingHalfWritten() throws Exception {
        String secret = adminTwo.createToken(realm, "okta-node-loss").get("token").asText();
        ScimClient[] nodes = {new ScimClient(scimBase(0), secret), new ScimClient(scimBase(1), secret)};
        ScimClient survivor = nodes[1];
        String team = ScimClient.id(survivor.post("/Groups", Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"),
                "displayName", "Survivors")));
        int workers = 3;
        int perWorker = 40;
        Set<String> members = ConcurrentHashMap.newKeySet();
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger retried = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers + 1);
        try {
            Future<?> killer = pool.submit(() -> {
                Thread.sleep(3000);
                NODES.get(0).kill();
                return null;
            });
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                running.add(pool.submit(() -> {
                    for (int k = 0; k < perWorker; k++) {
                        String userName = "w" + worker + ".k" + k + "@loss.example";
                        Map<String, Object> body = lossUser(worker, k);
                        ScimClient first = nodes[(worker + k) % 2];
                        String id = send(() -> first.post("/Users", body), acknowledged)
                                .map(ScimClient::id)
                                .orElseGet(() -> {
                                    retried.incrementAndGet();
                                    return createOnSurvivor(survivor, userName, body);
                                });
                        Map<String, Object> retitle = patchOps("replace", "title", "title " + k);
                        ScimClient second = nodes[(worker + k + 1) % 2];
                        if (send(() -> second.patch("/Users/" + id, retitle), acknowledged).isEmpty()) {
                            retried.incrementAndGet();
                            retry(() -> survivor.patch("/Users/" + id, retitle), 200);
                        }
                        if (k % 4 == 0) {
                            Map<String, Object> join = patchOps("add", "members", List.of(Map.of("value", id)));
                            if (send(() -> first.patch("/Groups/" + team, join), acknowledged).isEmpty()) {
                                retried.incrementAndGet();
                                retry(() -> survivor.patch("/Groups/" + team, join), 204);
                            }
                            members.add(id);
                        }
                    }
                    return null;
                }));
            }
            killer.get(2, TimeUnit.MINUTES);
            for (Future<?> worker : running) {
                worker.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("ClusterIT node loss: %d writes, %d acknowledged where first sent, %d retried on the survivor%n",
                workers * perWorker * 2 + members.size(), acknowledged.get(), retried.get());
        assertTrue(retried.get() > 0, "the kill happened while requests were still being sent to the killed node");
        assertFalse(NODES.get(0).process().isAlive());

        for (int w = 0; w < workers; w++) {
            for (int k = 0; k < perWorker; k++) {
                String userName = "w" + w + ".k" + k + "@loss.example";
                JsonNode found = survivor.filter("Users", "userName eq \"" + userName + "\"").json();
                assertEquals(1, found.get("totalResults").asInt(), userName);
                JsonNode user = found.get("Resources").get(0);
                assertEquals("W" + w, user.get("name").get("givenName").asText(), userName);
                assertEquals("K" + k, user.get("name").get("familyName").asText(), userName);
                assertEquals(userName, user.get("emails").get(0).get("value").asText(), userName);
                assertEquals("ext-" + w + "-" + k, user.get("externalId").asText(), userName);
                assertEquals("title " + k, user.path("title").asText(), userName);
            }
        }
        Set<String> teamMembers = new HashSet<>();
        survivor.get("/Groups/" + team).json().get("members").forEach(m -> teamMembers.add(m.get("value").asText()));
        assertEquals(members, teamMembers);
    }

    private static Map<String, Object> lossUser(int worker, int k) {
        Map<String, Object> body = ScimClient.oktaUser("w" + worker + ".k" + k + "@loss.example", "W" + worker, "K" + k);
        body.put("externalId", "ext-" + worker + "-" + k);
        body.remove("password");
        return body;
    }

    /** The 2xx answer, or empty when the node gave none (connection lost) or failed with a 5xx. */
    private static Optional<Http.Result> send(Supplier<Http.Result> request, AtomicInteger acknowledged) {
        try {
            Http.Result result = request.get();
            if (result.status() >= 500) {
                return Optional.empty();
            }
            assertTrue(result.status() / 100 == 2, result::toString);
            acknowledged.incrementAndGet();
            return Optional.of(result);
        } catch (UncheckedIOException | IllegalStateException lost) {
            return Optional.empty();
        }
    }

    /** As Okta does after a failed create: look the user up by userName, and create it only if it is not there. */
    private static String createOnSurvivor(ScimClient survivor, String userName, Map<String, Object> body) {
        JsonNode found = retry(() -> survivor.filter("Users", "userName eq \"" + userName + "\""), 200).json();
        if (found.get("totalResults").asInt() == 1) {
            return found.get("Resources").get(0).get("id").asText();
        }
        return ScimClient.id(retry(() -> survivor.post("/Users", body), 201));
    }

    /** The survivor may be busy with the cluster's view change for a moment; it must answer within a minute. */
    private static Http.Result retry(Supplier<Http.Result> request, int expected) {
        Instant deadline = Instant.now().plusSeconds(60);
        Http.Result last = null;
        RuntimeException lastError = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                last = request.get();
                if (last.status() == expected) {
                    return last;
                }
                assertTrue(last.status() >= 500, () -> "the survivor refused a retry: " + request);
            } catch (UncheckedIOException | IllegalStateException e) {
                lastError = e;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("The survivor did not accept a retry within a minute; last answer: " + last, lastError);
    }
}
