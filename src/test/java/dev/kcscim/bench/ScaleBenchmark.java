package dev.kcscim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.ScimClient;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * {@code ./mvnw -Pbench -Dbench.db=postgres}: Keycloak in production mode on a fresh PostgreSQL database, realms
 * of 1,000, 10,000 and 100,000 users, and SCIM side by side with Keycloak's admin REST API in the same run:
 * creating users (one by one, and through {@code /Bulk} in batches of 100 and 1,000), lookups by userName and
 * externalId, the first and the last page, a membership PATCH in a team of 10,000, and the server's heap after
 * listing a whole realm page by page. It needs psql and the local PostgreSQL (trust authentication), and drops
 * its database at the end.
 *
 * <p>Options: {@code -Dbench.sizes=1000,10000,100000 -Dbench.iterations=100 -Dbench.teamMembers=10000}.
 */
public final class ScaleBenchmark {

    private static final int[] SIZES = Arrays.stream(System.getProperty("bench.sizes", "1000,10000,100000").split(","))
            .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    private static final int ITERATIONS = Integer.getInteger("bench.iterations", 100);
    private static final int TEAM = Integer.getInteger("bench.teamMembers", 10_000);
    private static final String BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

    private final AdminApi admin;
    private final String baseUrl;
    private final String metricsUrl;
    private final String database;
    private final ServerProbe probe;
    private final List<String> rows = new ArrayList<>();
    private final List<String> heapRows = new ArrayList<>();

    private ScaleBenchmark(PostgresServer server) {
        this.admin = server.admin();
        this.probe = server.probe();
        this.baseUrl = server.baseUrl();
        this.metricsUrl = probe.metricsUrl();
        this.database = server.database();
    }

    public static void main(String[] args) throws Exception {
        try (PostgresServer server = PostgresServer.start("postgres")) {
            new ScaleBenchmark(server).run();
        }
    }

    private void run() {
        creates();
        for (int size : SIZES) {
            realmOf(size);
        }
        System.out.println();
        System.out.printf("SCIM vs Keycloak admin REST API on PostgreSQL, %d iterations per operation (median / p95 ms, KiB allocated per call)%n", ITERATIONS);
        System.out.printf("%-52s %22s %22s %7s%n", "operation", "SCIM", "admin REST API", "ratio");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.println("Server heap while listing a whole realm through SCIM, pages of 200 (MiB live after a full GC, sampled ten times)");
        heapRows.forEach(System.out::println);
    }

    private ScimClient provisionedRealm(String realm) {
        admin.require(Http.post(baseUrl + "/admin/realms").bearer(admin.token()).json(Map.of("realm", realm, "enabled", true)).send(), 201);
        admin.require(admin.call("PUT", "/" + realm + "/provisioning/settings").json(Map.of("enabled", true, "teamsParentGroup", "/teams")).send(), 200);
        return new ScimClient(baseUrl + "/realms/" + realm + "/provisioning/scim/v2", admin.createToken(realm, "bench").get("token").asText());
    }

    /** Creating users: one by one through each API, and through /Bulk in batches of 100 and of 1,000. */
    private void creates() {
        String realm = "scale-create";
        ScimClient scim = provisionedRealm(realm);
        Map<String, String> counter = new LinkedHashMap<>();
        Timing.Figures[] oneByOne = compare("create a user, one by one",
                i -> scim.post("/Users", user("one-" + i + "-" + counter.computeIfAbsent("run", k -> Long.toString(System.nanoTime())))),
                i -> admin.call("POST", "/" + realm + "/users").json(Map.of("username", "admin-" + i + "@bench.example",
                        "email", "admin-" + i + "@bench.example", "firstName", "Ada", "lastName", "Admin", "enabled", true)).send(),
                ITERATIONS * 2);
        // PostgreSQL's autovacuum is off on these machines; a production server's would have vacuumed and analyzed by now.
        psql(database, "VACUUM ANALYZE");
        for (int batch : new int[]{100, 1000}) {
            int requests = Math.max(2, 2000 / batch);
            long start = System.nanoTime();
            for (int r = 0; r < requests; r++) {
                List<Map<String, Object>> operations = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    operations.add(Map.of("method", "POST", "path", "/Users", "bulkId", "u" + i, "data", user("bulk" + batch + "-" + r + "-" + i)));
                }
                Http.Result result = scim.call("POST", "/Bulk").json(Map.of("schemas", List.of(BULK), "Operations", operations))
                        .timeout(Duration.ofMinutes(5)).send();
                Timing.check(result);
                for (JsonNode op : result.json().get("Operations")) {
                    if (!op.get("status").asText().equals("201")) {
                        throw new IllegalStateException("Bulk create failed: " + op);
                    }
                }
            }
            double perUser = (System.nanoTime() - start) / 1e6 / (requests * batch);
            rows.add(String.format("%-52s %22s %22s %6.2fx", "create through /Bulk, batches of " + batch, String.format("%8.2f ms per user", perUser),
                    "(one by one, above)", perUser / oneByOne[1].medianMs()));
            System.out.println(rows.get(rows.size() - 1));
        }
    }

    private static Map<String, Object> user(String name) {
        String email = name + "@bench.example";
        return Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"), "userName", email, "externalId", "x-" + name,
                "name", Map.of("givenName", "Ada", "familyName", "Scim"), "emails", List.of(Map.of("value", email, "type", "work", "primary", true)),
                "active", true);
    }

    private void realmOf(int size) {
        String realm = "scale-" + size;
        ScimClient scim = provisionedRealm(realm);
        boolean withTeam = size >= TEAM && size == Arrays.stream(SIZES).filter(s -> s >= TEAM).min().orElse(-1);
        String teamId = null;
        if (withTeam) {
            teamId = scim.post("/Groups", Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"), "displayName", "Big"))
                    .json().get("id").asText();
        }
        System.out.printf("Loading %d users into %s...%n", size, realm);
        for (int batch = 0; batch < size; batch += 1000) {
            List<Map<String, Object>> users = new ArrayList<>();
            for (int i = batch; i < Math.min(size, batch + 1000); i++) {
                String name = String.format("user-%07d@bench.example", i);
                Map<String, Object> user = new LinkedHashMap<>(Map.of("username", name, "email", name, "enabled", true, "firstName", "Given" + i,
                        "lastName", "Family" + (i % 100), "attributes", Map.of("scimExternalId", List.of(String.format("ext-%07d", i)))));
                if (withTeam && i < TEAM) {
                    user.put("groups", List.of("/teams/Big"));
                }
                users.add(user);
            }
            admin.require(admin.call("POST", "/" + realm + "/partialImport").json(Map.of("ifResourceExists", "SKIP", "users", users))
                    .timeout(Duration.ofMinutes(5)).send(), 200);
        }
        psql(database, "VACUUM ANALYZE");
        String users = "/" + realm + "/users";
        IntFunction<String> someName = i -> String.format("user-%07d@bench.example", (int) ((i * 7919L) % size));
        IntFunction<String> someExternal = i -> String.format("ext-%07d", (int) ((i * 7919L) % size));
        compare("userName eq, " + size + " users",
                i -> scim.filter("Users", "userName eq \"" + someName.apply(i) + "\""),
                i -> admin.call("GET", users + "?exact=true&username=" + enc(someName.apply(i))).send(), ITERATIONS);
        compare("externalId eq, " + size + " users",
                i -> scim.filter("Users", "externalId eq \"" + someExternal.apply(i) + "\""),
                i -> admin.call("GET", users + "?q=" + enc("scimExternalId:" + someExternal.apply(i))).send(), ITERATIONS);
        compare("first page of 100, " + size + " users",
                i -> scim.get("/Users?startIndex=1&count=100"),
                i -> admin.call("GET", users + "?first=0&max=100").send(), ITERATIONS);
        compare("page of 100 in the middle, " + size + " users",
                i -> scim.get("/Users?startIndex=" + (size / 2 - 99) + "&count=100"),
                i -> admin.call("GET", users + "?first=" + (size / 2 - 100) + "&max=100").send(), ITERATIONS);
        compare("last page of 100, " + size + " users",
                i -> scim.get("/Users?startIndex=" + (size - 99) + "&count=100"),
                i -> admin.call("GET", users + "?first=" + (size - 100) + "&max=100").send(), ITERATIONS);
        if (withTeam) {
            String outsider = ScimClient.id(scim.post("/Users", user("outsider")));
            String team = teamId;
            compare("add + remove 1 member, team of " + TEAM,
                    i -> {
                        scim.patch("/Groups/" + team, ScimClient.patchOps("add", "members", List.of(Map.of("value", outsider))));
                        return scim.patch("/Groups/" + team, ScimClient.patchOps("remove", "members[value eq \"" + outsider + "\"]", null));
                    },
                    i -> {
                        admin.call("PUT", users + "/" + outsider + "/groups/" + team).send();
                        return admin.call("DELETE", users + "/" + outsider + "/groups/" + team).send();
                    }, ITERATIONS);
        }
        double before = liveHeapMiB();
        double peak = before;
        long start = System.nanoTime();
        int listed = 0;
        int pages = (size + 199) / 200;
        int sampleEvery = Math.max(1, pages / 10);
        for (int page = 0; page < pages; page++) {
            JsonNode json = scim.get("/Users?startIndex=" + (page * 200 + 1) + "&count=200").json();
            listed += json.get("Resources").size();
            if (page % sampleEvery == sampleEvery - 1) {
                peak = Math.max(peak, liveHeapMiB());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double after = liveHeapMiB();
        heapRows.add(String.format("%,9d users: listed %,d in %.1f s (with the collections); live heap %.0f MiB before, %.0f MiB at most while listing, %.0f MiB after",
                size, listed, seconds, before, Math.max(peak, after), after));
    }

    private Timing.Figures[] compare(String name, IntFunction<Http.Result> scimCall, IntFunction<Http.Result> adminCall, int iterations) {
        Timing.Figures[] pair = Timing.measurePair(iterations, scimCall, adminCall, this::allocatedBytes);
        Timing.Figures scim = pair[0];
        Timing.Figures rest = pair[1];
        rows.add(String.format("%-52s %22s %22s %6.2fx", name, scim, rest, scim.medianMs() / rest.medianMs()));
        System.out.println(rows.get(rows.size() - 1));
        return pair;
    }

    private double allocatedBytes() {
        return Timing.allocatedBytes(metricsUrl);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private double liveHeapMiB() {
        return probe.liveHeapMiB();
    }

    private double heapMiB() {
        return probe.heapMiB();
    }

    private static void psql(String db, String sql) {
        ServerProbe.psql(db, sql);
    }
}
