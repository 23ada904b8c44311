package dev.kcscim.protocol.routing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.protocol.ScimError;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the protocol core answers: a status, extra headers and an optional JSON body. The HTTP boundary
 * adds the SCIM media type.
 */
public record ScimResponse(int status, Map<String, String> headers, JsonNode body) {

    public ScimResponse {
        headers = Map.copyOf(headers);
    }

    public static ScimResponse ok(JsonNode body) {
        return new ScimResponse(200, Map.of(), body);
    }

    public static ScimResponse created(JsonNode body, String location) {
        return new ScimResponse(201, Map.of("Location", location), body);
    }

    public static ScimResponse noContent() {
        return new ScimResponse(204, Map.of(), null);
    }

    public static ScimResponse error(ScimError error, Map<String, String> headers) {
        return new ScimResponse(error.status(), headers, error.toJson());
    }

    public ScimResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ScimResponse(status, copy, body);
    }
}
