package dev.kcscim.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.KeycloakDistribution;
import dev.kcscim.testing.ScimClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Keycloak nodes in production mode on one PostgreSQL database, clustered with
 * {@code --cache=ispn --cache-stack=jdbc-ping}, as behind a load balancer: what one node changes, the other
 * enforces at once. Needs the local PostgreSQL (psql on 127.0.0.1:5432); skipped, with the reason, without it.
 */
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
                    List.of("--db=postgres", "--db-url=jdbc:postgresql://127.0.0.1:5432/" + database, "--db-username=postgres",
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
    }
}
