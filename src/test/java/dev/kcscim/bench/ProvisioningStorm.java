package dev.kcscim.bench;

import dev.kcscim.testing.Http;
import dev.kcscim.testing.ScimClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A provisioning storm as Okta's initial push makes it, against one tenant: 16 workers that each look a person up
 * by userName and create them, 2 that push groups (create a team, then add members in PATCHes of 10), and 1 that
 * sends /Bulk requests of 50 creates; with passwords or without. Every worker backs off on 429 for the Retry-After it was given, as Okta and
 * Entra do, and then sends the same request again.
 */
final class ProvisioningStorm {

    record Result(double okPerSecond, double throttledPerSecond, double usersPerSecond, Map<Integer, Integer> statuses) {
    }

    private static final int CREATORS = 16;
    private static final int PUSHERS = 2;
    private static final int BULK_SIZE = 50;


    private final ScimClient scim;
    private final String prefix;
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> workers = new ArrayList<>();
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final LongAdder users = new LongAdder();
    private final List<String> created = new CopyOnWriteArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private final boolean passwords;

    /**
     * @param prefix    keeps the userNames of two storms on one server apart
     * @param passwords whether the people carry a password, as Okta sends one where "Sync Password" is on (Entra never
     *                  does): each create is then a password hash on the server, as costly as a sign-in
     */
    ProvisioningStorm(ScimClient scim, String prefix, boolean passwords) {
        this.scim = scim;
        this.prefix = prefix;
        this.passwords = passwords;
    }

    void start() {
        running.set(true);
        for (int i = 0; i < CREATORS; i++) {
            workers.add(started(this::createPeople));
        }
        for (int i = 0; i < PUSHERS; i++) {
            workers.add(started(this::pushGroups));
        }
        workers.add(started(this::bulkCreate));
    }

    private static Thread started(Runnable work) {
        Thread thread = new Thread(work, "storm");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    Result stop(int seconds) throws InterruptedException {
        running.set(false);
        for (Thread worker : workers) {
            worker.join(60_000);
        }
        Map<Integer, Integer> counts = new TreeMap<>();
        statuses.forEach((status, count) -> counts.put(status, count.intValue()));
        long ok = counts.entrySet().stream().filter(e -> e.getKey() < 300).mapToLong(Map.Entry::getValue).sum();
        return new Result(ok / (double) seconds, counts.getOrDefault(429, 0) / (double) seconds, users.sum() / (double) seconds, counts);
    }

    private void createPeople() {
        while (running.get()) {
            String email = prefix + "-storm-" + sequence.incrementAndGet() + "@storm.example";
            send(() -> scim.filter("Users", "userName eq \"" + email + "\""));
            Http.Result answer = send(() -> scim.post("/Users", person(email, "Storm")));
            if (answer != null && answer.status() == 201) {
                users.increment();
                created.add(answer.json().get("id").asText());
            }
        }
    }

    private void pushGroups() {
        while (running.get()) {
            Http.Result team = send(() -> scim.post("/Groups", Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Group"),
                    "displayName", prefix + " storm team " + sequence.incrementAndGet())));
            if (team == null || team.status() != 201) {
                continue;
            }
            String id = team.json().get("id").asText();
            for (int round = 0; round < 3 && running.get() && created.size() >= 10; round++) {
                List<Map<String, String>> members = new ArrayList<>();
                for (int m = 0; m < 10; m++) {
                    members.add(Map.of("value", created.get((int) (Math.random() * created.size()))));
                }
                send(() -> scim.patch("/Groups/" + id, ScimClient.patchOps("add", "members", members)));
            }
        }
    }

    private void bulkCreate() {
        while (running.get()) {
            List<Map<String, Object>> operations = new ArrayList<>();
            for (int i = 0; i < BULK_SIZE; i++) {
                operations.add(Map.of("method", "POST", "path", "/Users", "bulkId", "b" + i,
                        "data", person(prefix + "-bulk-" + sequence.incrementAndGet() + "@storm.example", "Bulk")));
            }
            Http.Result answer = send(() -> scim.post("/Bulk", Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:BulkRequest"),
                    "Operations", operations)));
            if (answer != null && answer.status() == 200) {
                answer.json().get("Operations").forEach(op -> {
                    if ("201".equals(op.path("status").asText())) {
                        users.increment();
                    }
                });
            }
        }
    }

    private Map<String, Object> person(String email, String given) {
        Map<String, Object> user = ScimClient.oktaUser(email, given, "Person");
        if (!passwords) {
            user.remove("password");
        }
        return user;
    }

    /** One request, sent again after Retry-After for as long as it is refused and the storm runs. */
    private Http.Result send(java.util.function.Supplier<Http.Result> request) {
        while (running.get()) {
            Http.Result answer;
            try {
                answer = request.get();
            } catch (RuntimeException e) {
                statuses.computeIfAbsent(-1, s -> new LongAdder()).increment();
                return null;
            }
            statuses.computeIfAbsent(answer.status(), s -> new LongAdder()).increment();
            if (answer.status() != 429) {
                return answer;
            }
            String retryAfter = answer.header("Retry-After");
            try {
                Thread.sleep(1000L * (retryAfter == null ? 1 : Long.parseLong(retryAfter)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }
}
