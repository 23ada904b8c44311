package dev.kcscim.protocol.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.ScimType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A parsed {@code POST /Bulk} body. What makes the whole request unusable (not a bulk request, too many
 * operations, an operation without a method or path, a bulkId used twice) is a 400 or 413 before anything
 * runs; what concerns one operation only is that operation's own answer.
 *
 * @param failOnErrors how many failed operations stop the rest, or 0 for never (RFC 7644 §3.7.3)
 */
public record BulkRequest(List<BulkOperation> operations, int failOnErrors) {

    public static final String REQUEST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    public static final String RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
    private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

    public static BulkRequest parse(JsonNode body, int maxOperations) {
        if (body == null || !body.isObject()) {
            throw ScimException.badRequest(ScimType.invalidSyntax, "A bulk request is a JSON object with \"schemas\" and \"Operations\".");
        }
        JsonNode schemas = body.get("schemas");
        boolean declared = false;
        if (schemas != null && schemas.isArray()) {
            for (JsonNode schema : schemas) {
                declared |= REQUEST_SCHEMA.equals(schema.asText());
            }
        }
        if (!declared) {
            throw ScimException.badRequest(ScimType.invalidValue, "A bulk request must declare the schema " + REQUEST_SCHEMA + ".");
        }
        JsonNode operations = body.get("Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw ScimException.badRequest(ScimType.invalidSyntax, "\"Operations\" must be a non-empty array.");
        }
        if (operations.size() > maxOperations) {
            throw new ScimException(413, ScimType.tooLarge, "The bulk request has " + operations.size()
                    + " operations; this server accepts at most " + maxOperations + " (maxOperations).");
        }
        int failOnErrors = 0;
        JsonNode fail = body.get("failOnErrors");
        if (fail != null && !fail.isNull()) {
            if (!fail.canConvertToInt() || !fail.isIntegralNumber() || fail.asInt() < 1) {
                throw ScimException.badRequest(ScimType.invalidValue, "\"failOnErrors\" must be a positive integer.");
            }
            failOnErrors = fail.asInt();
        }
        List<BulkOperation> parsed = new ArrayList<>();
        Set<String> bulkIds = new HashSet<>();
        for (int i = 0; i < operations.size(); i++) {
            parsed.add(operation(i, operations.get(i), bulkIds));
        }
        return new BulkRequest(List.copyOf(parsed), failOnErrors);
    }

    private static BulkOperation operation(int index, JsonNode node, Set<String> bulkIds) {
        String where = "Operation " + (index + 1);
        if (!node.isObject()) {
            throw ScimException.badRequest(ScimType.invalidSyntax, where + " is not a JSON object.");
        }
        String method = text(node, "method", where).toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw ScimException.badRequest(ScimType.invalidValue, where + ": \"method\" must be POST, PUT, PATCH or DELETE, not '" + method + "'.");
        }
        String path = text(node, "path", where);
        if (!path.startsWith("/")) {
            throw ScimException.badRequest(ScimType.invalidPath, where + ": \"path\" must start with '/', such as \"/Users\".");
        }
        String bulkId = node.hasNonNull("bulkId") ? node.get("bulkId").asText() : null;
        if (method.equals("POST")) {
            if (bulkId == null || bulkId.isBlank()) {
                throw ScimException.badRequest(ScimType.invalidValue, where + ": a POST needs a \"bulkId\" (RFC 7644 §3.7).");
            }
            if (!bulkIds.add(bulkId)) {
                throw ScimException.badRequest(ScimType.invalidValue, where + ": the bulkId '" + bulkId + "' is used by an earlier operation.");
            }
        }
        JsonNode data = node.get("data");
        if (!method.equals("DELETE") && (data == null || !data.isObject())) {
            throw ScimException.badRequest(ScimType.invalidSyntax, where + ": a " + method + " needs \"data\", a JSON object.");
        }
        String version = node.hasNonNull("version") ? node.get("version").asText() : null;
        return new BulkOperation(index, method, path, method.equals("POST") ? bulkId : null, version,
                method.equals("DELETE") ? null : data);
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw ScimException.badRequest(ScimType.invalidSyntax, where + ": \"" + field + "\" is required.");
        }
        return value.asText();
    }
}
