package dev.kcscim.protocol.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.ScimError;
import dev.kcscim.protocol.ScimType;
import dev.kcscim.protocol.routing.ScimResponse;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Runs a bulk request (RFC 7644 §3.7) in {@link BulkPlan}'s order, and answers with a BulkResponse. Each operation
 * is applied whole or not at all, so an operation that fails leaves nothing half written and the others stand, as
 * the RFC's "continue performing as many changes as possible" asks; {@code failOnErrors} stops after that many
 * failures, and the operations not run are left out of the answer. Results come in the request's order.
 *
 * <p>Operations are first tried in groups of {@link #GROUP} in one transaction, because a commit per operation
 * is most of the cost of loading a directory. A group in which any operation fails is rolled back whole and run
 * again one operation per transaction, so the outcome is exactly that of running them one by one.
 */
public final class BulkProcessor {

    /** How many operations share a transaction when none of them fails. */
    public static final int GROUP = 10;

    /** Applies one operation, already resolved (no bulkId left), and answers as the single request would. */
    @FunctionalInterface
    public interface Runner {
        ScimResponse run(String method, String path, JsonNode data, String version);
    }

    /** Where operations run: each in a transaction of its own, or several in one. */
    public interface Transactions {
        /** Runs one operation in its own transaction, committed when it succeeds. */
        ScimResponse alone(String method, String path, JsonNode data, String version);

        /**
         * Runs {@code work} in one transaction, with a runner for operations inside it. The transaction commits when
         * {@code work} answers true and everything it wrote could be saved; otherwise nothing of it stays, and false is
         * answered.
         */
        boolean together(Predicate<Runner> work);
    }

    private BulkProcessor() {
    }

    /** One operation per transaction (the unit tests' and the simplest callers' way). */
    public static ObjectNode process(BulkRequest request, Runner runner) {
        return process(request, new Transactions() {
            @Override
            public ScimResponse alone(String method, String path, JsonNode data, String version) {
                return runner.run(method, path, data, version);
            }

            @Override
            public boolean together(Predicate<Runner> work) {
                return false;
            }
        });
    }

    public static ObjectNode process(BulkRequest request, Transactions transactions) {
        List<BulkOperation> operations = request.operations();
        BulkPlan plan = BulkPlan.of(operations);
        Map<String, String> created = new HashMap<>();
        Set<String> failedBulkIds = new HashSet<>();
        ObjectNode[] results = new ObjectNode[operations.size()];
        int errors = 0;
        boolean stopped = false;
        List<BulkOperation> order = plan.order();
        for (int start = 0; start < order.size() && !stopped; start += GROUP) {
            List<BulkOperation> group = order.subList(start, Math.min(order.size(), start + GROUP));
            if (group.size() > 1 && runTogether(group, transactions, created, failedBulkIds, results)) {
                continue;
            }
            for (BulkOperation operation : group) {
                if (request.failOnErrors() > 0 && errors >= request.failOnErrors()) {
                    stopped = true;
                    break;
                }
                ObjectNode result = run(operation, transactions::alone, created, failedBulkIds);
                results[operation.index()] = result;
                if (failed(result)) {
                    errors++;
                    if (operation.bulkId() != null) {
                        failedBulkIds.add(operation.bulkId());
                    }
                }
            }
        }
        if (!stopped) {
            for (int index : plan.blocked()) {
                if (request.failOnErrors() > 0 && errors >= request.failOnErrors()) {
                    break;
                }
                BulkOperation operation = operations.get(index);
                results[index] = failure(operation, new ScimError(409, null, "Operation " + (index + 1)
                        + " is on, or waits for, a cycle of bulkId references, which this server does not resolve; nothing of it was applied."));
                errors++;
            }
        }
        ObjectNode response = Json.object();
        response.putArray("schemas").add(BulkRequest.RESPONSE_SCHEMA);
        ArrayNode out = response.putArray("Operations");
        for (ObjectNode result : results) {
            if (result != null) {
                out.add(result);
            }
        }
        return response;
    }

    /**
     * Tries a group in one transaction. On success its results and bulkIds are kept; if any operation fails, the
     * transaction is rolled back and nothing of the attempt is kept, so the caller runs the group one by one.
     */
    private static boolean runTogether(List<BulkOperation> group, Transactions transactions, Map<String, String> created,
                                       Set<String> failedBulkIds, ObjectNode[] results) {
        Map<String, String> attempt = new HashMap<>(created);
        ObjectNode[] attempted = new ObjectNode[group.size()];
        boolean committed = transactions.together(runner -> {
            for (int i = 0; i < group.size(); i++) {
                attempted[i] = run(group.get(i), runner, attempt, failedBulkIds);
                if (failed(attempted[i])) {
                    return false;
                }
            }
            return true;
        });
        if (!committed) {
            return false;
        }
        created.putAll(attempt);
        for (int i = 0; i < group.size(); i++) {
            results[group.get(i).index()] = attempted[i];
        }
        return true;
    }

    private static boolean failed(ObjectNode result) {
        return Integer.parseInt(result.get("status").asText()) >= 400;
    }

    private static ObjectNode run(BulkOperation operation, Runner runner, Map<String, String> created, Set<String> failedBulkIds) {
        String resource = operation.path().substring(1).split("/")[0];
        if (!resource.equalsIgnoreCase("Users") && !resource.equalsIgnoreCase("Groups")) {
            return failure(operation, new ScimError(400, ScimType.invalidPath,
                    "Operation " + (operation.index() + 1) + ": a bulk operation addresses /Users or /Groups, not " + operation.path() + "."));
        }
        Set<String> unresolved = new TreeSet<>(BulkPlan.references(operation));
        unresolved.removeAll(created.keySet());
        if (!unresolved.isEmpty()) {
            String bulkId = unresolved.iterator().next();
            String why = failedBulkIds.contains(bulkId) ? "whose operation failed" : "which no POST of this request defines";
            return failure(operation, new ScimError(400, ScimType.invalidValue, "Operation " + (operation.index() + 1)
                    + " refers to bulkId '" + bulkId + "', " + why + "; nothing of it was applied."));
        }
        ScimResponse answer = runner.run(operation.method(), BulkPlan.resolvePath(operation.path(), created),
                BulkPlan.resolveData(operation.data(), created), operation.version());
        ObjectNode result = Json.object();
        result.put("method", operation.method());
        if (operation.bulkId() != null) {
            result.put("bulkId", operation.bulkId());
        }
        JsonNode body = answer.body();
        if (answer.status() < 400) {
            JsonNode meta = body == null ? null : body.get("meta");
            String location = answer.headers().getOrDefault("Location", meta == null ? null : meta.path("location").asText(null));
            if (location != null) {
                result.put("location", location);
            }
            if (meta != null && meta.hasNonNull("version")) {
                result.put("version", meta.get("version").asText());
            }
            if (operation.bulkId() != null && body != null && body.hasNonNull("id")) {
                created.put(operation.bulkId(), body.get("id").asText());
            }
        } else if (body != null) {
            result.set("response", body);
        }
        result.put("status", Integer.toString(answer.status()));
        return result;
    }

    private static ObjectNode failure(BulkOperation operation, ScimError error) {
        ObjectNode result = Json.object();
        result.put("method", operation.method());
        if (operation.bulkId() != null) {
            result.put("bulkId", operation.bulkId());
        }
        result.put("status", Integer.toString(error.status()));
        result.set("response", error.toJson());
        return result;
    }
}
