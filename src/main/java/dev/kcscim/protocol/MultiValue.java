package dev.kcscim.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** One value of a multi-valued attribute such as {@code emails} or {@code phoneNumbers}. */
public record MultiValue(String value, String type, Boolean primary, String display) {

    public static List<MultiValue> readAll(JsonNode body, String name) {
        List<MultiValue> out = new ArrayList<>();
        for (JsonNode element : JsonReader.array(body, name, name)) {
            String value = JsonReader.string(element, "value", name + ".value");
            if (value == null || value.isBlank()) {
                continue;
            }
            out.add(new MultiValue(value.trim(), JsonReader.string(element, "type", name + ".type"),
                    JsonReader.bool(element, "primary", name + ".primary"), JsonReader.string(element, "display", name + ".display")));
        }
        return out;
    }

    /** The primary value, else the only or first one (RFC 7643 §2.4: at most one is primary). */
    public static MultiValue primaryOf(List<MultiValue> values) {
        return values.stream().filter(v -> Boolean.TRUE.equals(v.primary())).findFirst()
                .orElse(values.isEmpty() ? null : values.get(0));
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("value", value);
        if (display != null) {
            node.put("display", display);
        }
        if (type != null) {
            node.put("type", type);
        }
        if (primary != null) {
            node.put("primary", primary);
        }
        return node;
    }
}
