package dev.kcscim.bench;

import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.ScimClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * {@code ./mvnw -Pbench -Dbench.mode=soak}: Okta-shaped mixed traffic at a fixed rate for a long time, on Keycloak
 * 26.7.3 in production mode on a fresh PostgreSQL database, with the default admission limits. Creates, updates,
 * deactivations, group pushes and lookups, {@code -Dbench.soakRate} (20) requests per second for
 * {@code -Dbench.soakMinutes} (30). It prints the throughput, p50/p95/p99 per operation, errors by status, the live heap
 * after a full GC and the database connections in use, sampled every {@code -Dbench.soakSampleMinutes} (5). The
 * targets: no 5xx, and a heap that does not grow.
 */
public final class SoakBenchmark {

    private static final int RATE = Integer.getInteger("bench.soakRate", 20);
    private static final int MINUTES = Integer.getInteger("bench.soakMinutes", 30);
    private static final int SAMPLE_MINUTES = Math.max(1, Integer.getInteger("bench.soakSampleMinutes", 5));
    private static final String REALM = "soak";

    private enum Operation { CREATE, UPDATE, DEACTIVATE, REACTIVATE, PUSH_GROUP, ADD_MEMBERS, LOOKUP }

    private final ScimClient scim;
    private final List<String> users = new CopyOnWriteArrayList<>();
    private final List<String> emails = new CopyOnWriteArrayList<>();
    private final List<String> teams = new CopyOnWriteArrayList<>();
    private final Map<Operation, ConcurrentLinkedQueue<Double>> latencies = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger sequence = new AtomicInteger();

    private SoakBenchmark(ScimClient scim) {
        this.scim = scim;
    }

    public static void main(String[] args) throws Exception {
        try (PostgresServer server = PostgresServer.start("soak", false)) {
            AdminApi admin = server.admin();
            admin.require(Http.post(server.baseUrl() + "/admin/realms").bearer(admin.token()).json(Map.of("realm", REALM, "enabled", true)).send(), 201);
            admin.require(admin.call("PUT", "/" + REALM + "/provisioning/settings").json(Map.of("enabled", true, "teamsParentGroup", "/teams")).send(), 200);
            ScimClient scim = new ScimClient(server.baseUrl() + "/realms/" + REALM + "/provisioning/scim/v2", admin.createToken(REALM, "okta").get("token").asText());
            new SoakBenchmark(scim).run(server);
        }
    }

    private void run(PostgresServer server) throws Exception {
        ServerProbe probe = server.probe();
        System.out.printf("Soak: %d requests per second for %d minutes, on PostgreSQL (database %s)%n", RATE, MINUTES, server.database());
        System.out.printf("%-8s %-12s %-16s %s%n", "minute", "live heap", "db connections", "requests so far");
        List<String> samples = new ArrayList<>();
        samples.add(sample(0, probe, server));
        ExecutorService workers = Executors.newFixedThreadPool(32);
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        long started = System.nanoTime();
        pace.scheduleAtFixedRate(() -> workers.submit(this::one), 0, 1_000_000 / RATE, TimeUnit.MICROSECONDS);
        // Autovacuum is off on these machines. A production database's analyzes the growing tables as they grow; without
        // it PostgreSQL would plan every lookup as if the users table were still empty. Once a minute stands in for it.
        ScheduledExecutorService analyze = Executors.newSingleThreadScheduledExecutor();
        analyze.scheduleWithFixedDelay(() -> ServerProbe.psql(server.database(), "ANALYZE"), 30, 60, TimeUnit.SECONDS);
        for (int minute = SAMPLE_MINUTES; minute <= MINUTES; minute += SAMPLE_MINUTES) {
            Thread.sleep(TimeUnit.MINUTES.toMillis(SAMPLE_MINUTES));
            samples.add(sample(minute, probe, server));
        }
        pace.shutdownNow();
        analyze.shutdownNow();
        workers.shutdown();
        workers.awaitTermination(2, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - started) / 1e9;
        long total = statuses.values().stream().mapToLong(LongAdder::sum).sum();
        System.out.printf("%nSoak on PostgreSQL, Keycloak 26.7.3, %d cores: %d requests in %.0f s, %.1f per second (asked: %d)%n",
                Runtime.getRuntime().availableProcessors(), total, seconds, total / seconds, RATE);
        System.out.printf("%-12s %8s   %s%n", "operation", "count", "p50 / p95 / p99 ms");
        new TreeMap<>(latencies).forEach((op, ms) -> System.out.printf("%-12s %8d   %s%n", op, ms.size(), Timing.percentiles(ms)));
        Map<Integer, Long> byStatus = new TreeMap<>();
        statuses.forEach((status, count) -> byStatus.put(status, count.sum()));
        System.out.printf("answers by status: %s%n", byStatus);
        System.out.printf("live heap and connections over time:%n");
        samples.forEach(s -> System.out.println("  " + s));
    }

    private String sample(int minute, ServerProbe probe, PostgresServer server) {

        String connections = ServerProbe.psqlValue("test", "SELECT count(*) || ' (' || count(*) FILTER (WHERE state = 'active') || ' active)' "
                + "FROM pg_stat_activity WHERE datname = '" + server.database() + "'");
        String line = String.format("%-8d %6.0f MiB   %-16s %d", minute, probe.liveHeapMiB(), connections,
                statuses.values().stream().mapToLong(LongAdder::sum).sum());
        System.out.println(line);
        return line;
    }

    /** One operation, chosen as Okta's steady state mixes them: mostly lookups, updates and creates. */
    private void one() {
        int roll = ThreadLocalRandom.current().nextInt(100);
        Operation op = users.size() < 20 || roll < 25 ? Operation.CREATE : roll < 50 ? Operation.LOOKUP : roll < 72 ? Operation.UPDATE
                : roll < 80 ? Operation.DEACTIVATE : roll < 86 ? Operation.REACTIVATE : roll < 90 ? Operation.PUSH_GROUP : Operation.ADD_MEMBERS;
        if ((op == Operation.ADD_MEMBERS) && teams.isEmpty()) {
            op = Operation.PUSH_GROUP;
        }
        switch (op) {
            case CREATE -> {
                String email = "soak-" + sequence.incrementAndGet() + "@soak.example";
                Http.Result created = timed(op, () -> scim.post("/Users", ScimClient.oktaUser(email, "Soak", "Person")));
                if (created != null && created.status() == 201) {
                    users.add(created.json().get("id").asText());
                    emails.add(email);
                }
            }
            case LOOKUP -> timed(op, () -> scim.filter("Users", "userName eq \"" + any(emails) + "\""));
            case UPDATE -> timed(op, () -> scim.patch("/Users/" + any(users),
                    ScimClient.patchOps("replace", "name.familyName", "Person" + sequence.incrementAndGet())));
            case DEACTIVATE -> timed(op, () -> scim.patch("/Users/" + any(users), ScimClient.patchOps("replace", "active", false)));
            case REACTIVATE -> timed(op, () -> scim.patch("/Users/" + any(users), ScimClient.patchOps("replace", "active", true)));
            case PUSH_GROUP -> {
                Http.Result team = timed(op, () -> scim.post("/Groups", Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"),
                        "displayName", "Soak team " + sequence.incrementAndGet())));
                if (team != null && team.status() == 201) {
                    teams.add(team.json().get("id").asText());
                }
            }
            case ADD_MEMBERS -> {
                List<Map<String, String>> members = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    members.add(Map.of("value", any(users)));
                }
                timed(op, () -> scim.patch("/Groups/" + any(teams), ScimClient.patchOps("add", "members", members)));
            }
        }
    }

    private static String any(List<String> from) {
        return from.get(ThreadLocalRandom.current().nextInt(from.size()));
    }

    private Http.Result timed(Operation op, Supplier<Http.Result> call) {
        long started = System.nanoTime();
        Http.Result answer;
        try {
            answer = call.get();
        } catch (RuntimeException e) {
            statuses.computeIfAbsent(-1, s -> new LongAdder()).increment();
            return null;
        }
        latencies.computeIfAbsent(op, o -> new ConcurrentLinkedQueue<>()).add((System.nanoTime() - started) / 1e6);
        statuses.computeIfAbsent(answer.status(), s -> new LongAdder()).increment();
        return answer;
    }
}
