package dev.kcscim.it;

import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.KeycloakExtension;
import dev.kcscim.testing.ScimClient;
import dev.kcscim.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static dev.kcscim.testing.ScimAssertions.assertScimError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node's ceiling over all tenants, shared fairly, through a real server of this class's own (the run's server
 * has the ceiling off): one slot for SCIM on the node, as on 2 cores by default, and no other limit. One
 * organization's storm of 8 clients that never back off fills the slot and the places to wait, and gets 429s;
 * another organization and the realm, a request at a time, are each served on their next turn and never refused,
 * and the storm is still served too.
 */
class NodeCeilingIT {

    private static final String OPTION = "--spi-realm-restapi-extension--provisioning--";
    private static final int STORM_CLIENTS = 8;

    private static TestServer server;
    private static AdminApi admin;
    private static String realm;
    private static ScimClient realmScim;
    private static ScimClient stormyScim;
    private static ScimClient calmScim;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(System.getProperty("kcscim.it.extraArgs", "").isBlank(),
                "the ceiling is kept in memory, whatever the database; this test runs in the default (H2) pass only");
        // A request waits up to 5 s for its turn (2 s by default), so that a slow machine's create in the slot
        // cannot outlast the wait of the request behind it.
        server = KeycloakExtension.dedicated("node-ceiling", List.of(OPTION + "admission-max-concurrent=1",
                OPTION + "admission-requests-per-second=0", OPTION + "admission-cpu-share=0",
                OPTION + "admission-tenant-max-concurrent=4", OPTION + "admission-tenant-requests-per-second=0",
                OPTION + "admission-max-wait-millis=5000"));
        admin = server.admin();
        TestServer.ProvisionedRealm provisioned = server.provisionedRealm("ceiling", Map.of());
        realm = provisioned.name();
        realmScim = provisioned.scim();
        stormyScim = admin.provisionOrganization(realm, admin.createOrganization(realm, "stormy", null, "stormy.example"), Map.of());
        calmScim = admin.provisionOrganization(realm, admin.createOrganization(realm, "calm", null, "calm.example"), Map.of());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void oneOrganizationsStormTakesTheNodesSlotButAnotherOrganizationAndTheRealmAreServedOnTheirTurn() throws Exception {
        AtomicBoolean storming = new AtomicBoolean(true);
        ConcurrentMap<Integer, AtomicInteger> stormStatuses = new ConcurrentHashMap<>();
        AtomicReference<Http.Result> aRefusal = new AtomicReference<>();
        ExecutorService storm = Executors.newFixedThreadPool(STORM_CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int i = 0; i < STORM_CLIENTS; i++) {
            clients.add(storm.submit(() -> {
                while (storming.get()) {
                    Http.Result result = stormyScim.post("/Users", ScimClient.oktaUser("s-" + UUID.randomUUID() + "@stormy.example", "Storm", "Y"));
                    stormStatuses.computeIfAbsent(result.status(), s -> new AtomicInteger()).incrementAndGet();
                    if (result.status() == 429) {
                        aRefusal.compareAndSet(null, result);
                    }
                }
                return null;
            }));
        }
        List<String> calmAnswers = new ArrayList<>();
        try {
            // The storm holds the node once it is being refused.
            Instant deadline = Instant.now().plusSeconds(60);
            while (aRefusal.get() == null && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
            }
            assertTrue(aRefusal.get() != null, "8 clients against one slot and its places to wait are refused: " + stormStatuses);
            for (int i = 0; i < 10; i++) {
                String email = "c" + i + "@calm.example";
                calmAnswers.add("calm create " + calmScim.post("/Users", ScimClient.oktaUser(email, "Calm", "C")).status());
                calmAnswers.add("calm lookup " + calmScim.filter("Users", "userName eq \"" + email + "\"").status());
                calmAnswers.add("realm create " + realmScim.post("/Users", ScimClient.oktaUser("r" + i + "@realm.example", "Realm", "R")).status());
                calmAnswers.add("realm list " + realmScim.get("/Users?count=1").status());
            }
        } finally {
            storming.set(false);
            storm.shutdown();
        }
        assertTrue(storm.awaitTermination(60, TimeUnit.SECONDS));
        for (Future<?> client : clients) {
            client.get();
        }

        System.out.println("node ceiling of 1: the storm's answers " + stormStatuses + "; the calm organization's and the realm's "
                + calmAnswers.stream().map(a -> a.substring(a.lastIndexOf(' ') + 1)).collect(Collectors.groupingBy(a -> a,
                Collectors.counting())));
        List<String> refused = calmAnswers.stream().filter(a -> !a.endsWith(" 200") && !a.endsWith(" 201")).toList();
        assertEquals(List.of(), refused, "the calm organization and the realm are never refused while the storm runs");
        assertEquals(40, calmAnswers.size());
        assertTrue(stormStatuses.getOrDefault(201, new AtomicInteger()).get() > 0, "the storm is served its share too: " + stormStatuses);
        assertEquals(Map.of(), Map.copyOf(stormStatuses).entrySet().stream()
                        .filter(e -> e.getKey() != 201 && e.getKey() != 429)
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get())),
                "the storm gets 201 or 429, nothing else: " + stormStatuses);

        Http.Result refusal = aRefusal.get();
        assertScimError(refusal, 429);
        assertTrue(refusal.header("Retry-After") != null && refusal.header("Retry-After").matches("[1-9][0-9]*"), refusal::toString);
        assertTrue(refusal.json().get("detail").asText().contains("SCIM requests run at once on it"), "the detail names the node's ceiling: " + refusal);
        long stormyUsers = admin.call("GET", "/" + realm + "/users/count?email=stormy.example").send().json().asLong();
        assertEquals(stormStatuses.get(201).get(), stormyUsers, "one user for each 201 and none for a 429");
    }
}
