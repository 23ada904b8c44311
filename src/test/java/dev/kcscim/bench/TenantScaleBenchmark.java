package dev.kcscim.bench;

import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.ScimClient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code ./mvnw -Pbench -Dbench.db=postgres -Dbench.mode=tenants}: one realm with 10, 1,000 and 10,000 organizations,
 * each with provisioning on and a token, on a fresh PostgreSQL database and dev mode's default heap (-Xmx512m). At each
 * size it prints the server's live heap after a full GC, the size of the realm representation, SCIM
 * {@code GET /Users?count=1} of the first and the last organization beside the admin API's page of one member of the
 * same organization, a token's revoke and create, and what the console's Provisioning page of an organization and of the
 * realm loads.
 *
 * <p>Options: {@code -Dbench.tenants=10,1000,10000 -Dbench.iterations=100}. {@code -Dbench.histogram=true} prints the
 * classes with the most live bytes at each size. {@code -Dbench.provisioning=false} creates (and reads once) the
 * organizations alone and prints only the heap and the representation: what Keycloak's own organizations cost.
 */
public final class TenantScaleBenchmark {

    private static final int[] SIZES = Arrays.stream(System.getProperty("bench.tenants", "10,1000,10000").split(","))
            .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    private static final int ITERATIONS = Integer.getInteger("bench.iterations", 100);
    private static final String REALM = "saas";
    private static final boolean PROVISIONING = Boolean.parseBoolean(System.getProperty("bench.provisioning", "true"));

    private final AdminApi admin;
    private final String baseUrl;
    private final ServerProbe probe;
    private final String database;
    private final List<String> organizations = new ArrayList<>();
    private final List<String> tokens = new ArrayList<>();
    private final List<String> rows = new ArrayList<>();

    private TenantScaleBenchmark(PostgresServer server) {
        this.admin = server.admin();
        this.baseUrl = server.baseUrl();
        this.probe = server.probe();
        this.database = server.database();
    }

    public static void main(String[] args) throws Exception {
        // Dev mode's default heap, on which the previous version ran out of memory with a few hundred organizations.
        System.setProperty("kcscim.serverHeap", System.getProperty("kcscim.serverHeap", "-Xms64m -Xmx512m"));
        try (PostgresServer server = PostgresServer.start("tenants")) {
            new TenantScaleBenchmark(server).run();
        }
    }

    private void run() throws Exception {
        admin.require(Http.post(baseUrl + "/admin/realms").bearer(admin.token()).json(Map.of("realm", REALM, "enabled", true,
                "organizationsEnabled", true)).send(), 201);
        admin.require(admin.call("PUT", "/" + REALM + "/provisioning/settings").json(Map.of("enabled", true)).send(), 200);
        admin.createToken(REALM, "realm");
        System.out.printf("%-10s %10s %14s %26s %26s %26s %18s %22s %22s%n", "orgs", "live heap", "realm repr.", "SCIM first org (p50/p95)",
                "SCIM last org (p50/p95)", "admin API last org", "revoke + create", "org page (5 calls)", "realm page (5 calls)");
        for (int size : SIZES) {
            long started = System.nanoTime();
            grow(size);
            System.out.printf("(created %,d organizations with provisioning and a token in %.0f s)%n", size, (System.nanoTime() - started) / 1e9);
            // Autovacuum is off on these machines; a production server's would have analyzed the new rows by now.
            ServerProbe.psql(database, "ANALYZE");
            measure(size);
        }
        System.out.println();
        rows.forEach(System.out::println);
    }

    /** Adds organizations until there are {@code size}, two at a time (the server has two cores). */
    private void grow(int size) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String[]>> created = new ArrayList<>();
            for (int i = organizations.size(); i < size; i++) {
                int n = i;
                created.add(pool.submit(() -> organization(n)));
            }
            for (Future<String[]> f : created) {
                String[] organization = f.get();
                organizations.add(organization[0]);
                tokens.add(organization[1]);
            }
        } finally {
            pool.shutdown();
        }
    }

    private String[] organization(int n) {
        Http.Result created = admin.call("POST", "/" + REALM + "/organizations").json(Map.of("name", "Customer " + n, "alias", "customer-" + n,
                "domains", List.of(Map.of("name", "customer-" + n + ".example")))).send();
        admin.require(created, 201);
        String id = created.header("Location").substring(created.header("Location").lastIndexOf('/') + 1);
        if (!PROVISIONING) {
            // Read once, as provisioning's admin calls read it, so that Keycloak caches it in both runs alike.
            admin.require(admin.call("GET", "/" + REALM + "/organizations/" + id).send(), 200);
            return new String[]{id, null};
        }
        admin.require(admin.call("PUT", "/" + REALM + "/provisioning/organizations/" + id + "/settings").json(Map.of("enabled", true)).send(), 200);
        String token = admin.require(admin.call("POST", "/" + REALM + "/provisioning/organizations/" + id + "/tokens").json(Map.of("name", "okta"))
                .send(), 201).json().get("token").asText();
        return new String[]{id, token};
    }

    private ScimClient scim(int index) {
        return new ScimClient(baseUrl + "/realms/" + REALM + "/provisioning/organizations/" + organizations.get(index) + "/scim/v2", tokens.get(index));
    }

    /** What the console's Provisioning page of a tenant loads: its settings, tokens, activity and teams, and the chooser's organizations. */
    private Timing.Figures page(String tenant) {
        return Timing.measure(Math.max(10, ITERATIONS / 5), i -> {
            for (String part : List.of("/settings", "/tokens", "/activity?max=20", "/teams?max=20")) {
                Timing.check(admin.call("GET", tenant + part).send());
            }
            return admin.call("GET", "/" + REALM + "/organizations?briefRepresentation=true&first=0&max=500").send();
        }, () -> Double.NaN);
    }

    private void measure(int size) {
        double heap = probe.liveHeapMiB();
        if (Boolean.getBoolean("bench.histogram")) {
            probe.topClasses(12).forEach(line -> System.out.println("    " + line.trim()));
        }
        int representation = admin.call("GET", "/" + REALM).send().body().length();
        if (!PROVISIONING) {
            rows.add(String.format("%,10d %7.0f MiB %,11d B   (organizations alone, no provisioning)", size, heap, representation));
            System.out.println(rows.get(rows.size() - 1));
            return;
        }
        int last = organizations.size() - 1;
        ScimClient first = scim(0);
        ScimClient lastOrg = scim(last);
        Timing.Figures firstScim = Timing.measure(ITERATIONS, i -> first.get("/Users?count=1"), () -> Double.NaN);
        Timing.Figures[] pair = Timing.measurePair(ITERATIONS, i -> lastOrg.get("/Users?count=1"),
                i -> admin.call("GET", "/" + REALM + "/organizations/" + organizations.get(last) + "/members?first=0&max=1").send(), () -> Double.NaN);
        String tokens = "/" + REALM + "/provisioning/organizations/" + organizations.get(last) + "/tokens";
        Timing.Figures revokeCreate = Timing.measure(Math.max(10, ITERATIONS / 5), i -> {
            String id = admin.require(admin.call("POST", tokens).json(Map.of("name", "rotating-" + i)).send(), 201).json().get("id").asText();
            return admin.call("DELETE", tokens + "/" + id).send();
        }, () -> Double.NaN);
        Timing.Figures orgPage = page("/" + REALM + "/provisioning/organizations/" + organizations.get(last));
        Timing.Figures realmPage = page("/" + REALM + "/provisioning");
        rows.add(String.format("%,10d %7.0f MiB %,11d B %26s %26s %26s %18s %22s %22s", size, heap, representation, firstScim.latency(),
                pair[0].latency(), pair[1].latency(), String.format("%.1f ms", revokeCreate.medianMs()), String.format("%.1f ms", orgPage.medianMs()),
                String.format("%.1f ms", realmPage.medianMs())));
        System.out.println(rows.get(rows.size() - 1));
    }
}
