package dev.kcscim.protocol.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.ScimError;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.ScimType;
import dev.kcscim.protocol.schema.AttributePathException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One operation of a PATCH request (RFC 7644 §3.5.2). */
public record PatchOperation(Op op, String path, JsonNode value) {

    public enum Op { ADD, REPLACE, REMOVE }

    public static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public static final int MAX_OPERATIONS = 1000;

    /** Parses a PatchOp body. Operation names are accepted in any case, as Entra sends "Replace". */
    public static List<PatchOperation> parseRequest(JsonNode body) {
        if (!body.isObject()) {
            throw ScimException.badRequest(ScimType.invalidSyntax, "A PATCH body is a JSON object with schemas and Operations.");
        }
        JsonNode schemas = body.get("schemas");
        boolean hasSchema = false;
        if (schemas != null && schemas.isArray()) {
            for (JsonNode s : schemas) {
                hasSchema |= PATCH_SCHEMA.equalsIgnoreCase(s.asText());
            }
        }
        if (!hasSchema) {
            throw ScimException.badRequest(ScimType.invalidValue, "A PATCH body must list the schema " + PATCH_SCHEMA + ".");
        }
        JsonNode operations = field(body, "Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw ScimException.badRequest(ScimType.invalidValue, "A PATCH body needs a non-empty 'Operations' array.");
        }
        if (operations.size() > MAX_OPERATIONS) {
            throw ScimException.badRequest(ScimType.invalidValue, "A PATCH may hold at most " + MAX_OPERATIONS + " operations.");
        }
        List<PatchOperation> out = new ArrayList<>();
        int index = 0;
        for (JsonNode operation : operations) {
            index++;
            if (!operation.isObject()) {
                throw ScimException.badRequest(ScimType.invalidSyntax, "Operation " + index + " is not a JSON object.");
            }
            JsonNode opNode = field(operation, "op");
            Op op;
            try {
                op = Op.valueOf(opNode == null ? "" : opNode.asText().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ScimException.badRequest(ScimType.invalidValue, "Operation " + index + ": 'op' must be add, replace or remove.");
            }
            JsonNode pathNode = field(operation, "path");
            String path = pathNode == null || pathNode.isNull() || pathNode.asText().isBlank() ? null : pathNode.asText();
            if (pathNode != null && !pathNode.isNull() && !pathNode.isTextual()) {
                throw ScimException.badRequest(ScimType.invalidPath, "Operation " + index + ": 'path' must be a string.");
            }
            JsonNode value = field(operation, "value");
            if (op != Op.REMOVE && (value == null || value.isNull())) {
                throw ScimException.badRequest(ScimType.invalidValue, "Operation " + index + " (" + op.name().toLowerCase(Locale.ROOT) + ") needs a 'value'.");
            }
            if (op == Op.REMOVE && path == null) {
                throw ScimException.badRequest(ScimType.noTarget, "Operation " + index + ": remove needs a 'path'.");
            }
            out.add(new PatchOperation(op, path, value));
        }
        return out;
    }

    /**
     * Runs {@code action} on each operation in order; a failure keeps its status and names the operation by its
     * position and path, so a client can tell which of its operations was refused. A bad path is a 400 invalidPath.
     */
    public static void forEachNumbered(List<PatchOperation> operations, java.util.function.Consumer<PatchOperation> action) {
        int index = 0;
        for (PatchOperation operation : operations) {
            index++;
            String label = "Operation " + index + " (" + operation.op().name().toLowerCase(Locale.ROOT)
                    + (operation.path() == null ? "" : " " + operation.path()) + "): ";
            try {
                action.accept(operation);
            } catch (ScimException e) {
                // Keep the status: an operation can fail as 404 or 409 too, not only as 400.
                ScimError error = e.error();
                throw new ScimException(new ScimError(error.status(), error.scimType(), label + error.detail()), e.headers());
            } catch (AttributePathException e) {
                throw ScimException.badRequest(ScimType.invalidPath, label + e.getMessage() + ".");
            }
        }
    }

    /** Field names are case-insensitive, as Entra's {@code "Operations"} and {@code "Op"} variants need. */
    private static JsonNode field(JsonNode object, String name) {
        return Json.field(object, name);
    }
}
