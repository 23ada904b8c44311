package dev.kcscim.protocol.routing;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as the protocol core sees it, free of JAX-RS and Keycloak types.
 *
 * @param method      upper-case HTTP method
 * @param path        path below the SCIM base, without leading or trailing slashes ("Users/123")
 * @param query       query parameters (first value wins where a client repeats one)
 * @param headers     request headers, names lower-cased
 * @param body        raw body bytes, empty when there is none
 * @param baseUri     absolute SCIM base URL, used for {@code meta.location}
 */
public record ScimRequest(String method, String path, Map<String, String> query,
                          Map<String, List<String>> headers, byte[] body, String baseUri) {

    public ScimRequest {
        method = method.toUpperCase(Locale.ROOT);
        path = trimSlashes(path == null ? "" : path);
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
        baseUri = baseUri.endsWith("/") ? baseUri.substring(0, baseUri.length() - 1) : baseUri;
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public Optional<String> queryParam(String name) {
        return Optional.ofNullable(query.get(name));
    }

    public boolean hasBody() {
        return body.length > 0;
    }

    /** Absolute URL of a resource below the SCIM base, for {@code meta.location} and {@code Location}. */
    public String location(String relative) {
        return baseUri + "/" + relative;
    }

    private static String trimSlashes(String p) {
        int start = 0;
        int end = p.length();
        while (start < end && p.charAt(start) == '/') {
            start++;
        }
        while (end > start && p.charAt(end - 1) == '/') {
            end--;
        }
        return p.substring(start, end);
    }
}
