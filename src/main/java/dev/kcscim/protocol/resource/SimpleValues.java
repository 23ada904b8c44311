package dev.kcscim.protocol.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.kcscim.protocol.JsonReader;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.ScimType;
import dev.kcscim.protocol.schema.AttributeDefinition.Type;
import dev.kcscim.protocol.schema.AttributeDefinition;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Values of simple attributes between SCIM JSON and Keycloak, which keeps every user attribute as text. A
 * value is checked against the attribute's type when read, so that what is stored always renders back.
 */
final class SimpleValues {

    private SimpleValues() {
    }

    /** One value, as text; null when absent. */
    static String read(JsonNode holder, AttributeDefinition definition, String label) {
        JsonNode node = JsonReader.field(holder, definition.name());
        if (node == null) {
            return null;
        }
        if (node.isArray()) {
            throw ScimException.badRequest(ScimType.invalidValue, "'" + label + "' holds one value, not an array.");
        }
        return text(node, definition, label);
    }

    /** The values of a multi-valued attribute, as text; a single value is taken as a list of one. */
    static List<String> readAll(JsonNode holder, AttributeDefinition definition, String label) {
        JsonNode node = JsonReader.field(holder, definition.name());
        List<String> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (!node.isArray()) {
            out.add(text(node, definition, label));
            return out;
        }
        for (JsonNode element : node) {
            if (!element.isNull()) {
                out.add(text(element, definition, label));
            }
        }
        return out;
    }

    private static String text(JsonNode node, AttributeDefinition definition, String label) {
        Type type = definition.type();
        switch (type) {
            case INTEGER -> {
                if (node.isIntegralNumber() || (node.isTextual() && node.asText().matches("-?\\d{1,18}"))) {
                    return Long.toString(node.asLong());
                }
                throw ScimException.badRequest(ScimType.invalidValue, "'" + label + "' must be an integer.");
            }
            case DECIMAL -> {
                try {
                    return new BigDecimal(node.isNumber() ? node.decimalValue().toString() : node.asText()).toPlainString();
                } catch (NumberFormatException e) {
                    throw ScimException.badRequest(ScimType.invalidValue, "'" + label + "' must be a number.");
                }
            }
            case BOOLEAN -> {
                if (node.isBoolean() || node.asText().equalsIgnoreCase("true") || node.asText().equalsIgnoreCase("false")) {
                    return Boolean.toString(node.isBoolean() ? node.booleanValue() : Boolean.parseBoolean(node.asText()));
                }
                throw ScimException.badRequest(ScimType.invalidValue, "'" + label + "' must be true or false.");
            }
            default -> {
                if (!node.isTextual()) {
                    throw ScimException.badRequest(ScimType.invalidValue, "'" + label + "' must be a string.");
                }
                return node.asText();
            }
        }
    }

    /** A stored value in the attribute's JSON type; a value an admin typed in Keycloak that does not parse stays text. */
    static JsonNode toJson(AttributeDefinition definition, String value) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        try {
            return switch (definition.type()) {
                case INTEGER -> json.numberNode(Long.parseLong(value.trim()));
                case DECIMAL -> json.numberNode(new BigDecimal(value.trim()));
                case BOOLEAN -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")
                        ? json.booleanNode(Boolean.parseBoolean(value)) : json.textNode(value);
                default -> json.textNode(value);
            };
        } catch (NumberFormatException e) {
            return json.textNode(value);
        }
    }
}
