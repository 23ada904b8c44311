package dev.kcscim.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One value of {@code addresses} (RFC 7643 §4.1.2): string parts keyed by sub-attribute, plus type and primary. */
public record Address(Map<String, String> parts, String type, Boolean primary) {

    public static final List<String> PARTS = List.of("formatted", "streetAddress", "locality", "region", "postalCode", "country");

    public Address {
        parts = Map.copyOf(parts);
    }

    public static List<Address> readAll(JsonNode body) {
        List<Address> out = new ArrayList<>();
        for (JsonNode element : JsonReader.array(body, "addresses", "addresses")) {
            Map<String, String> parts = new LinkedHashMap<>();
            for (String part : PARTS) {
                String value = JsonReader.string(element, part, "addresses." + part);
                if (value != null && !value.isEmpty()) {
                    parts.put(part, value);
                }
            }
            if (!parts.isEmpty()) {
                out.add(new Address(parts, JsonReader.string(element, "type", "addresses.type"),
                        JsonReader.bool(element, "primary", "addresses.primary")));
            }
        }
        return out;
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        for (String part : PARTS) {
            if (parts.containsKey(part)) {
                node.put(part, parts.get(part));
            }
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
