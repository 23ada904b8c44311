package dev.kcscim.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.StreamSupport;

/** {@code attributes} and {@code excludedAttributes} of a {@code POST /.search} body, as query-style strings. */
final class SearchBodies {

    private SearchBodies() {
    }

    static Map<String, String> projection(JsonNode body) {
        Map<String, String> projection = new HashMap<>();
        for (String name : new String[]{"attributes", "excludedAttributes"}) {
            JsonNode value = body.get(name);
            if (value != null && value.isArray()) {
                projection.put(name, String.join(",", StreamSupport.stream(value.spliterator(), false).map(JsonNode::asText).toList()));
            } else if (value != null && value.isTextual()) {
                projection.put(name, value.asText());
            }
        }
        return projection;
    }
}
