package dev.kcscim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.testing.AdmissionOff;
import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.KeycloakDistribution;
import dev.kcscim.testing.ScimClient;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * {@code ./mvnw -Pbench}: the same operations through SCIM and through Keycloak's own admin REST API, on one
 * server in one run, printed side by side: latency (median and p95 over many calls) and memory (bytes the
 * server allocated per call, from its JVM metrics). Figures from a shared machine are noisy, which is why
 * they are compared within the run and never asserted in tests.
 *
 * <p>Options: {@code -Dbench.users=10000 -Dbench.members=5000 -Dbench.iterations=200}.
 */
public final class ScimBenchmark {

    private static final int USERS = Integer.getInteger("bench.users", 10_000);
    private static final int MEMBERS = Integer.getInteger("bench.members", 5_000);
    private static final int ITERATIONS = Integer.getInteger("bench.iterations", 300);

    private final AdminApi admin;
    private final String metricsUrl;
    private final String realm = "bench";
    private ScimClient scim;
    private String teamId;
    private final List<String> rows = new ArrayList<>();

    private ScimBenchmark(AdminApi admin, String metricsUrl) {
        this.admin = admin;
        this.metricsUrl = metricsUrl;
    }

    public static void main(String[] args) throws Exception {
        String mode = System.getProperty("bench.mode", "");
        if ("signin".equalsIgnoreCase(mode)) {
            SignInBenchmark.main(args);
            return;
        }
        if ("soak".equalsIgnoreCase(mode)) {
            SoakBenchmark.main(args);
            return;
        }
        if ("postgres".equalsIgnoreCase(System.getProperty("bench.db", ""))) {
            if ("tenants".equalsIgnoreCase(System.getProperty("bench.mode", ""))) {
                TenantScaleBenchmark.main(args);
            } else {
                ScaleBenchmark.main(args);
            }
            return;
        }
        int managementPort = KeycloakDistribution.freePort();
        KeycloakDistribution.Options options = new KeycloakDistribution.Options(
                Path.of(System.getProperty("kcscim.keycloakDist")), Path.of(System.getProperty("kcscim.benchHome")),
                Path.of(System.getProperty("kcscim.providerJar")), KeycloakDistribution.freePort(), managementPort, true,
                AdmissionOff.with("--metrics-enabled=true"), Path.of(System.getProperty("kcscim.benchHome")).resolveSibling("bench-keycloak.log"),
                Duration.ofMinutes(5));
        try (KeycloakDistribution keycloak = KeycloakDistribution.start(options)) {
            AdminApi admin = new AdminApi(keycloak.baseUrl(), "master", KeycloakDistribution.ADMIN_USER, KeycloakDistribution.ADMIN_PASSWORD);
            new ScimBenchmark(admin, "http://localhost:" + managementPort + "/metrics").run(keycloak.baseUrl());
        }
    }

    private void run(String baseUrl) {
        admin.require(Http.post(baseUrl + "/admin/realms").bearer(admin.token()).json(Map.of("realm", realm, "enabled", true)).send(), 201);
        admin.require(admin.call("PUT", "/" + realm + "/provisioning/settings").json(Map.of("enabled", true, "teamsParentGroup", "/teams")).send(), 200);
        scim = new ScimClient(baseUrl + "/realms/" + realm + "/provisioning/scim/v2", admin.createToken(realm, "bench").get("token").asText());
        teamId = scim.post("/Groups", Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"), "displayName", "Everyone")).json().get("id").asText();
        System.out.printf("Loading %d users (%d of them in one team)...%n", USERS, MEMBERS);
        for (int batch = 0; batch < USERS; batch += 1000) {
            List<Map<String, Object>> users = new ArrayList<>();
            for (int i = batch; i < Math.min(USERS, batch + 1000); i++) {
                String name = String.format("user-%06d@bench.example", i);
                users.add(Map.of("username", name, "email", name, "enabled", true, "firstName", "Given" + i, "lastName", "Family" + (i % 50),
                        "groups", i < MEMBERS ? List.of("/teams/Everyone") : List.of()));
            }
            admin.require(admin.call("POST", "/" + realm + "/partialImport").json(Map.of("ifResourceExists", "SKIP", "users", users)).send(), 200);
        }
        String someId = scim.filter("Users", "userName eq \"user-004242@bench.example\"").json().get("Resources").get(0).get("id").asText();
        String adminUsers = "/" + realm + "/users";

        // Without a password on either side: hashing one (Keycloak's PBKDF2) would dominate both figures.
        compare("create a user",
                i -> {
                    Map<String, Object> body = ScimClient.oktaUser("scim-" + i + "@bench.example", "S", "C");
                    body.remove("password");
                    return scim.post("/Users", body);
                },
                i -> admin.call("POST", adminUsers).json(Map.of("username", "admin-" + i + "@bench.example", "email", "admin-" + i + "@bench.example",
                        "firstName", "S", "lastName", "C", "enabled", true)).send());
        compare("get a user by id",
                i -> scim.get("/Users/" + someId),
                i -> admin.call("GET", adminUsers + "/" + someId).send());
        IntFunction<String> existing = i -> String.format("user-%06d@bench.example", (i * 37) % USERS);
        compare("find by userName",
                i -> scim.filter("Users", "userName eq \"" + existing.apply(i) + "\""),
                i -> admin.call("GET", adminUsers + "?exact=true&username=" + enc(existing.apply(i))).send());
        compare("page of 100 at offset 5000",
                i -> scim.get("/Users?startIndex=5001&count=100"),
                i -> admin.call("GET", adminUsers + "?first=5000&max=100").send());
        compare("count users",
                i -> scim.get("/Users?count=0"),
                i -> admin.call("GET", adminUsers + "/count").send());
        compare("disable + enable (2 calls)",
                i -> {
                    scim.patch("/Users/" + someId, ScimClient.patchOps("replace", null, Map.of("active", false)));
                    return scim.patch("/Users/" + someId, ScimClient.patchOps("replace", null, Map.of("active", true)));
                },
                i -> {
                    JsonNode user = admin.call("GET", adminUsers + "/" + someId).send().json();
                    admin.call("PUT", adminUsers + "/" + someId).json(Map.of("enabled", false, "username", user.get("username").asText())).send();
                    return admin.call("PUT", adminUsers + "/" + someId).json(Map.of("enabled", true, "username", user.get("username").asText())).send();
                });
        String outsider = ScimClient.id(scim.post("/Users", ScimClient.oktaUser("outsider@bench.example", "O", "S")));
        compare("add + remove 1 member of a " + MEMBERS + "-member team",
                i -> {
                    scim.patch("/Groups/" + teamId, ScimClient.patchOps("add", "members", List.of(Map.of("value", outsider))));
                    return scim.patch("/Groups/" + teamId, ScimClient.patchOps("remove", "members[value eq \"" + outsider + "\"]", null));
                },
                i -> {
                    admin.call("PUT", adminUsers + "/" + outsider + "/groups/" + teamId).send();
                    return admin.call("DELETE", adminUsers + "/" + outsider + "/groups/" + teamId).send();
                });
        compareFew("list every member of the team", 10,
                i -> scim.get("/Groups/" + teamId),
                i -> admin.call("GET", "/" + realm + "/groups/" + teamId + "/members?max=" + (MEMBERS + 10)).send());
        String parentId = admin.call("GET", "/" + realm + "/groups?search=teams&exact=true").send().json().get(0).get("id").asText();
        compare("list teams without members",
                i -> scim.get("/Groups?excludedAttributes=members"),
                i -> admin.call("GET", "/" + realm + "/groups/" + parentId + "/children").send());

        // What the activity log costs a request: the same SCIM calls with the realm's log on and off.
        List<String> logRows = new ArrayList<>();
        logRows.add(compareActivityLog("get a user by id", i -> scim.get("/Users/" + someId)));
        logRows.add(compareActivityLog("find by userName", i -> scim.filter("Users", "userName eq \"" + existing.apply(i) + "\"")));
        logRows.add(compareActivityLog("create a user", i -> {
            Map<String, Object> body = ScimClient.oktaUser("log-" + System.nanoTime() + "@bench.example", "L", "G");
            body.remove("password");
            return scim.post("/Users", body);
        }));

        System.out.println();
        System.out.printf("SCIM vs Keycloak admin REST API, %d users, %d iterations per operation (median / p95 ms, KiB allocated per call)%n", USERS, ITERATIONS);
        System.out.printf("%-44s %22s %22s %7s%n", "operation", "SCIM", "admin REST API", "ratio");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.printf("SCIM with the activity log on vs off (setting activityLog), same run%n");
        System.out.printf("%-44s %22s %22s%n", "operation", "log on", "log off");
        logRows.forEach(System.out::println);
    }

    private String compareActivityLog(String name, IntFunction<Http.Result> scimCall) {
        Timing.Figures on = measure(ITERATIONS, scimCall);
        admin.require(admin.call("PUT", "/" + realm + "/provisioning/settings").json(Map.of("activityLog", false)).send(), 200);
        Timing.Figures off = measure(ITERATIONS, scimCall);
        admin.require(admin.call("PUT", "/" + realm + "/provisioning/settings").json(Map.of("activityLog", true)).send(), 200);
        return String.format("%-44s %22s %22s", name, on, off);
    }

    private void compare(String name, IntFunction<Http.Result> scimCall, IntFunction<Http.Result> adminCall) {
        compareFew(name, ITERATIONS, scimCall, adminCall);
    }

    private void compareFew(String name, int iterations, IntFunction<Http.Result> scimCall, IntFunction<Http.Result> adminCall) {
        // Alternating the two after a shared warm-up, so that neither profits from the other's JIT warm-up.
        Timing.Figures[] pair = Timing.measurePair(iterations, scimCall, adminCall, this::allocatedBytes);
        rows.add(String.format("%-44s %22s %22s %6.2fx", name, pair[0], pair[1], pair[0].medianMs() / pair[1].medianMs()));
    }

    private Timing.Figures measure(int iterations, IntFunction<Http.Result> call) {
        return Timing.measure(iterations, call, this::allocatedBytes);
    }

    private double allocatedBytes() {
        return Timing.allocatedBytes(metricsUrl);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
