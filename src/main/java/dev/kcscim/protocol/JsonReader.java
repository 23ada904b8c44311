package dev.kcscim.protocol;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Typed, lenient reads from a client's JSON: names are case-insensitive, JSON null means absent, booleans
 * may be strings, and a wrong type is a 400 {@code invalidValue} that names the attribute.
 */
public final class JsonReader {

    private JsonReader() {
    }

    public static JsonNode field(JsonNode object, String name) {
        JsonNode node = Json.field(object, name);
        return node == null || node.isNull() ? null : node;
    }

    public static String string(JsonNode object, String name, String label) {
        JsonNode node = field(object, name);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw ScimException.badRequest(ScimType.invalidValue, "'" + label + "' must be a string.");
        }
        return node.asText();
    }

    public static Boolean bool(JsonNode object, String name, String label) {
        JsonNode node = field(object, name);
        if (node == null) {
            return null;
        }
        Boolean value = Json.asBoolean(node);
        if (value == null) {
            throw ScimException.badRequest(ScimType.invalidValue, "'" + label + "' must be true or false.");
        }
        return value;
    }

    public static JsonNode object(JsonNode object, String name, String label) {
        JsonNode node = field(object, name);
        if (node != null && !node.isObject()) {
            throw ScimException.badRequest(ScimType.invalidValue, "'" + label + "' must be a JSON object.");
        }
        return node;
    }

    /** A multi-valued attribute: an array, or (leniently) a single object. */
    public static List<JsonNode> array(JsonNode object, String name, String label) {
        JsonNode node = field(object, name);
        List<JsonNode> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (!element.isObject()) {
                    throw ScimException.badRequest(ScimType.invalidValue, "Each value of '" + label + "' must be a JSON object.");
                }
                out.add(element);
            }
        } else if (node.isObject()) {
            out.add(node);
        } else {
            throw ScimException.badRequest(ScimType.invalidValue, "'" + label + "' must be an array.");
        }
        return out;
    }

    /** Checks that {@code schemas} is present and names the resource's core schema. */
    public static void requireSchema(JsonNode body, String coreSchema) {
        JsonNode schemas = field(body, "schemas");
        if (schemas == null || !schemas.isArray()) {
            throw ScimException.badRequest(ScimType.invalidValue, "'schemas' is required and must list " + coreSchema + ".");
        }
        for (JsonNode schema : schemas) {
            if (schema.isTextual() && schema.asText().equalsIgnoreCase(coreSchema)) {
                return;
            }
        }
        throw ScimException.badRequest(ScimType.invalidValue, "'schemas' must list " + coreSchema + ".");
    }
}
