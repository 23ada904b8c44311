package dev.kcscim.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.testing.ActivityLogs;
import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.KeycloakExtension;
import dev.kcscim.testing.PrometheusText;
import dev.kcscim.testing.RealmFixture;
import dev.kcscim.testing.ScimClient;
import dev.kcscim.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static dev.kcscim.testing.ScimAssertions.assertScimError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Admission control through the real server: a tenant over its rate or its concurrency gets 429 with Retry-After
 * and a SCIM body, nothing of the refused request is written, it succeeds after the wait, each tenant's limits are
 * its own, and a /Bulk is one request at once but each of its operations against the rate. (The run's server has
 * the node's ceiling and the tenants' defaults off; the tenants here set their own limits.)
 */
@ExtendWith(KeycloakExtension.class)
class AdmissionIT {

    @RegisterExtension
    static final RealmFixture fixture = RealmFixture.provisioned("admission", Map.of());

    private static TestServer server;
    private static AdminApi admin;
    private static String realm;

    @BeforeAll
    static void setUp() {
        server = fixture.server();
        admin = fixture.admin();
        realm = fixture.name();
    }

    private static void limits(String tenantPath, Integer concurrent, Integer perSecond, Integer burst) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("maxConcurrentRequests", concurrent);
        body.put("requestsPerSecond", perSecond);
        body.put("burst", burst);
        admin.require(admin.call("PUT", "/" + realm + "/provisioning" + tenantPath + "/settings").json(body).send(), 200);
    }

    /**
     * Puts a tenant in debt against its rate: a /Bulk of {@code creates} is admitted on one unit and pays for each
     * operation, so that its next turn is further away than a request may wait, and requests are refused at once.
     */
    private static void inDebt(ScimClient scim, String domain, int creates) {
        List<Map<String, Object>> operations = new ArrayList<>();
        for (int i = 0; i < creates; i++) {
            operations.add(Map.of("method", "POST", "path", "/Users", "bulkId", "d" + i,
                    "data", ScimClient.oktaUser("debt-" + UUID.randomUUID() + "@" + domain, "In", "Debt")));
        }
        Http.Result bulk = scim.post("/Bulk", Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:BulkRequest"), "Operations", operations));
        assertEquals(200, bulk.status(), bulk::toString);
    }

    private static long retryAfter(Http.Result refused) {
        String header = refused.header("Retry-After");
        assertTrue(header != null && header.matches("[1-9][0-9]*"), () -> "Retry-After in whole seconds: " + refused);
        return Long.parseLong(header);
    }

    @Test
    void overItsRateATenantGets429WithRetryAfterAndAScimBodyWritesNothingAndIsServedAfterTheWait() throws Exception {
        String orgId = admin.createOrganization(realm, "rated-" + UUID.randomUUID(), null, "rated.example");
        ScimClient org = admin.provisionOrganization(realm, orgId, Map.of());
        limits("/organizations/" + orgId, 0, 1, 2);
        // 6 operations from a bucket of 2 at 1 per second: the next unit is 5 s away, longer than a request may wait.
        inDebt(org, "rated.example", 6);
        long started = System.nanoTime();
        Http.Result refused = org.get("/Users?count=1");
        assertScimError(refused, 429);
        assertTrue((System.nanoTime() - started) / 1_000_000 < 1500, "refused at once: a turn seconds away is not waited for");
        assertTrue(refused.json().get("detail").asText().contains("at most 1 per second (burst 2"), refused::toString);
        assertTrue(refused.raw().headers().firstValue("Content-Type").orElse("").startsWith("application/scim+json"), refused::toString);
        long wait = retryAfter(refused);
        assertTrue(wait >= 3 && wait <= 5, "Retry-After says when the debt is paid: " + wait);

        Http.Result create = org.post("/Users", ScimClient.oktaUser("refused@rated.example", "Re", "Fused"));
        assertScimError(create, 429);
        assertEquals(0, admin.call("GET", "/" + realm + "/users?exact=true&username=refused@rated.example").send().json().size(),
                "a refused request writes nothing");

        Thread.sleep(Duration.ofSeconds(retryAfter(create)).toMillis() + 200);
        assertEquals(201, org.post("/Users", ScimClient.oktaUser("refused@rated.example", "Re", "Fused")).status(), "served after Retry-After");
        assertEquals(1, admin.call("GET", "/" + realm + "/users?exact=true&username=refused@rated.example").send().json().size());
    }

    @Test
    void aRequestWhoseTurnComesSoonWaitsForItInsteadOfBeingRefused() {
        String orgId = admin.createOrganization(realm, "paced-" + UUID.randomUUID(), null, "paced.example");
        ScimClient org = admin.provisionOrganization(realm, orgId, Map.of());
        limits("/organizations/" + orgId, 0, 2, 1);
        long started = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            Http.Result answer = org.get("/Users?count=1");
            assertEquals(200, answer.status(), answer::toString);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        // One at once from a bucket of 1, then one every half second: the four after the first waited for their turns.
        assertTrue(millis >= 1700, "five requests at 2 per second took " + millis + " ms");
    }

    @Test
    void oneOrganizationsStormThrottlesNeitherAnotherOrganizationNorTheRealm() {
        String stormy = admin.createOrganization(realm, "stormy-" + UUID.randomUUID(), null, "stormy.example");
        String calm = admin.createOrganization(realm, "calm-" + UUID.randomUUID(), null, "calm.example");
        ScimClient stormyScim = admin.provisionOrganization(realm, stormy, Map.of());
        ScimClient calmScim = admin.provisionOrganization(realm, calm, Map.of());
        limits("/organizations/" + stormy, 1, 1, 1);
        limits("/organizations/" + calm, 1, 1, 5);
        inDebt(stormyScim, "stormy.example", 10);
        assertEquals(429, stormyScim.get("/Users?count=1").status());
        for (int i = 0; i < 5; i++) {
            assertEquals(200, calmScim.get("/Users?count=1").status(), "the calm organization has its own bucket");
        }
        for (int i = 0; i < 20; i++) {
            assertEquals(200, fixture.scim().get("/Users?count=1").status(), "the realm is not throttled");
        }
        assertEquals(429, stormyScim.get("/Users?count=1").status(), "and the stormy one still is");
    }

    @Test
    void aBulkIsOneRequestAtOnceButEachOperationCountsAgainstTheRate() throws Exception {
        String orgId = admin.createOrganization(realm, "bulky-" + UUID.randomUUID(), null, "bulky.example");
        ScimClient org = admin.provisionOrganization(realm, orgId, Map.of());
        // At most one request at once, and one per second: a /Bulk of 150 operations runs whole as that one request,
        // and leaves a debt its own run cannot pay off, however slow the machine.
        limits("/organizations/" + orgId, 1, 1, 1);
        List<Map<String, Object>> operations = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            operations.add(Map.of("method", "POST", "path", "/Users", "bulkId", "u" + i,
                    "data", ScimClient.oktaUser("bulk" + i + "@bulky.example", "Bulk", "User" + i)));
        }
        Map<String, Object> bulk = Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:BulkRequest"), "Operations", operations);
        CompletableFuture<Http.Result> running = CompletableFuture.supplyAsync(() -> org.post("/Bulk", bulk));
        Http.Result meanwhile = null;
        long meanwhileMillis = 0;
        Instant deadline = Instant.now().plusSeconds(30);
        while (!running.isDone() && Instant.now().isBefore(deadline)) {
            long sent = System.nanoTime();
            Http.Result answer = org.get("/Users?count=1");
            meanwhileMillis = (System.nanoTime() - sent) / 1_000_000;
            if (answer.status() == 429 && answer.json().get("detail").asText().contains("at the same time")) {
                meanwhile = answer;
                break;
            }
            Thread.sleep(20);
        }
        Http.Result result = running.get();
        assertEquals(200, result.status(), result::toString);
        assertEquals(150, result.json().get("Operations").size());
        result.json().get("Operations").forEach(op -> assertEquals("201", op.get("status").asText(), op::toString));
        assertTrue(meanwhile != null, "while the /Bulk ran, the tenant's one slot was taken");
        assertEquals("1", meanwhile.header("Retry-After"));
        assertTrue(meanwhileMillis >= 1500, "the request waited for the slot before it was refused: " + meanwhileMillis + " ms");

        // The 150 operations took 150 units from a bucket of 1: the tenant is in debt for minutes after the /Bulk.
        Http.Result after = org.get("/Users?count=1");
        assertEquals(429, after.status(), after::toString);
        assertTrue(after.json().get("detail").asText().contains("each operation of a /Bulk counts"), after::toString);
    }

    @Test
    void aBurstOfRefusalsIsOneActivityEntryAndEveryRefusalIsCounted() {
        String orgId = admin.createOrganization(realm, "logged-" + UUID.randomUUID(), null, "logged.example");
        ScimClient org = admin.provisionOrganization(realm, orgId, Map.of());
        limits("/organizations/" + orgId, 0, 1, 1);
        inDebt(org, "logged.example", 10);
        String metricsBefore = Http.get(server.managementUrl() + "/metrics").send().body();
        int refusals = 0;
        for (int i = 0; i < 12; i++) {
            if (org.get("/Users?count=1").status() == 429) {
                refusals++;
            }
        }
        assertEquals(12, refusals, "9 s in debt: every request in the next seconds is refused");
        JsonNode activity = ActivityLogs.until(admin, realm, "/organizations/" + orgId + "/activity?status=4xx", entries -> !entries.isEmpty());
        assertEquals(1, activity.size(), "one entry for the burst: " + activity);
        assertEquals(429, activity.get(0).get("status").asInt());
        assertTrue(activity.get(0).get("detail").asText().contains("per second"), activity::toString);

        String metrics = Http.get(server.managementUrl() + "/metrics").send().body();
        String[] labels = {"realm=\"" + realm + "\"", "tenant=\"organization\"", "reason=\"rate\""};
        double before = PrometheusText.sampleOrZero(metricsBefore, "keycloak_scim_throttled_total", labels);
        assertEquals(refusals, PrometheusText.sample(metrics, "keycloak_scim_throttled_total", labels) - before, 0.001);
    }

    @Test
    void theSettingsShowTheDefaultsAndRefuseWhatIsNotACount() {
        String settings = "/" + realm + "/provisioning/settings";
        JsonNode read = admin.require(admin.call("GET", settings).send(), 200).json();
        assertTrue(read.get("requestsPerSecond").isNull(), "unset: the server's default for tenants applies");
        JsonNode defaults = read.get("admissionDefaults");
        assertEquals(0, defaults.get("requestsPerSecond").asInt(), "this test server turns the tenants' default off");
        assertTrue(defaults.has("serverMaxConcurrentRequests") && defaults.has("serverRequestsPerSecond"), defaults::toString);
        assertEquals(0.0, defaults.get("serverProcessors").asDouble(), 0.0, "this test server does not bound SCIM's processor time");
        assertEquals(2000, defaults.get("maxWaitMillis").asLong(), "a request over a limit waits up to 2 s by default");
        for (Object bad : List.of(-1, "ten", 1.5, 100_001)) {
            Http.Result refused = admin.call("PUT", settings).json(Map.of("requestsPerSecond", bad)).send();
            assertEquals(400, refused.status(), () -> bad + ": " + refused);
            assertTrue(refused.body().contains("whole number from 0"), refused::toString);
        }
        limits("", 3, 40, 80);
        JsonNode saved = admin.require(admin.call("GET", settings).send(), 200).json();
        assertEquals(List.of(3, 40, 80), List.of(saved.get("maxConcurrentRequests").asInt(), saved.get("requestsPerSecond").asInt(),
                saved.get("burst").asInt()));
        limits("", null, null, null);
        assertTrue(admin.require(admin.call("GET", settings).send(), 200).json().get("burst").isNull(), "null goes back to the default");
    }
}
