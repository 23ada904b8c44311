package dev.kcscim.protocol.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The order in which a bulk request's operations run, and the {@code bulkId} references between them.
 *
 * <p>An operation that refers to {@code "bulkId:x"} (in its path, or anywhere in its data, such as a group's
 * member) runs after the POST that defines {@code x}, whatever their order in the request; otherwise the
 * request's order is kept. Operations on a cycle of references cannot run: each is answered 409, as RFC 7644
 * §3.7.1 allows, and so is anything that depends on them. A reference to a bulkId that no POST defines is
 * answered 400 when its operation's turn comes.
 */
public final class BulkPlan {

    public static final String PREFIX = "bulkId:";

    private final List<BulkOperation> order;
    private final Set<Integer> blocked;

    private BulkPlan(List<BulkOperation> order, Set<Integer> blocked) {
        this.order = order;
        this.blocked = blocked;
    }

    public static BulkPlan of(List<BulkOperation> operations) {
        Map<String, Integer> definedBy = new LinkedHashMap<>();
        operations.stream().filter(o -> o.bulkId() != null).forEach(o -> definedBy.put(o.bulkId(), o.index()));
        Map<Integer, List<Integer>> dependents = new LinkedHashMap<>();
        Map<Integer, Integer> waiting = new LinkedHashMap<>();
        for (BulkOperation operation : operations) {
            Set<Integer> needs = new LinkedHashSet<>();
            references(operation).stream().map(definedBy::get).filter(java.util.Objects::nonNull).forEach(needs::add);
            // An operation that refers to its own bulkId waits for itself: a cycle of one.
            needs.stream().filter(d -> d != operation.index())
                    .forEach(d -> dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(operation.index()));
            waiting.put(operation.index(), needs.size());
        }
        // Kahn's algorithm, taking the lowest index first, so that independent operations keep the request's order.
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        waiting.forEach((index, count) -> {
            if (count == 0) {
                ready.add(index);
            }
        });
        List<BulkOperation> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            int next = ready.poll();
            order.add(operations.get(next));
            for (int dependent : dependents.getOrDefault(next, List.of())) {
                if (waiting.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(dependent);
                }
            }
        }
        // What never became ready is on, or waits for, a cycle.
        Set<Integer> blocked = new java.util.TreeSet<>();
        waiting.forEach((index, count) -> {
            if (count > 0) {
                blocked.add(index);
            }
        });
        return new BulkPlan(List.copyOf(order), blocked);
    }

    /** The operations that can run, in the order they must. */
    public List<BulkOperation> order() {
        return order;
    }

    /** The operations that cannot run because they are on (or wait for) a cycle of bulkId references, by index. */
    public Set<Integer> blocked() {
        return blocked;
    }

    /** Every bulkId the operation refers to, in its path or its data. */
    public static Set<String> references(BulkOperation operation) {
        Set<String> references = new LinkedHashSet<>();
        if (operation.path().contains("/" + PREFIX)) {
            references.add(operation.path().substring(operation.path().indexOf("/" + PREFIX) + 1 + PREFIX.length()).split("/")[0]);
        }
        if (operation.data() != null) {
            collect(operation.data(), references);
        }
        return references;
    }

    private static void collect(JsonNode node, Set<String> references) {
        if (node.isTextual() && node.asText().startsWith(PREFIX)) {
            references.add(node.asText().substring(PREFIX.length()));
        } else if (node.isContainerNode()) {
            node.forEach(child -> collect(child, references));
        }
    }

    /** The path with {@code bulkId:x} replaced by the id the POST of x created. */
    public static String resolvePath(String path, Map<String, String> ids) {
        // Only a whole segment that names a bulkId is replaced, so that bulkId:u1 never matches inside bulkId:u10.
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String id = segments[i].startsWith(PREFIX) ? ids.get(segments[i].substring(PREFIX.length())) : null;
            if (id != null) {
                segments[i] = id;
            }
        }
        return String.join("/", segments);
    }

    /** A copy of the data with every {@code "bulkId:x"} value replaced by the id the POST of x created. */
    public static JsonNode resolveData(JsonNode node, Map<String, String> ids) {
        if (node == null) {
            return null;
        }
        if (node.isTextual() && node.asText().startsWith(PREFIX) && ids.containsKey(node.asText().substring(PREFIX.length()))) {
            return TextNode.valueOf(ids.get(node.asText().substring(PREFIX.length())));
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(field.getKey(), resolveData(field.getValue(), ids));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            node.forEach(child -> copy.add(resolveData(child, ids)));
            return copy;
        }
        return node;
    }
}
