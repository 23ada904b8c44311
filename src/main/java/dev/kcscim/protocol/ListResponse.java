package dev.kcscim.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** The query response envelope of RFC 7644 §3.4.2. {@code startIndex} is 1-based. */
public record ListResponse(long totalResults, int startIndex, List<? extends JsonNode> resources) {

    public static final String SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.putArray("schemas").add(SCHEMA);
        node.put("totalResults", totalResults);
        node.put("startIndex", startIndex);
        node.put("itemsPerPage", resources.size());
        ArrayNode array = node.putArray("Resources");
        resources.forEach(array::add);
        return node;
    }
}
