package dev.kcscim.protocol.query;

import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.ScimType;
import dev.kcscim.protocol.filter.Filter;
import dev.kcscim.protocol.filter.FilterParser;

import java.util.Map;
import java.util.Optional;

/**
 * The query parameters of a list request (RFC 7644 §3.4.2): filter, 1-based {@code startIndex}, and
 * {@code count} capped at the server's maximum. {@code count=0} asks for {@code totalResults} only.
 * {@code sortBy} and {@code sortOrder} are kept as sent; the resource checks them ({@link Sort#parse}).
 */
public record ListQuery(Filter filter, int startIndex, int count, String sortBy, String sortOrder) {

    public static ListQuery parse(Map<String, String> params, int maxResults) {
        Filter filter = null;
        String filterText = params.get("filter");
        if (filterText != null && !filterText.isBlank()) {
            // A FilterException goes up to the HTTP boundary, which reports it as 400 invalidFilter.
            filter = FilterParser.parse(filterText);
        }
        int startIndex = Math.max(1, integer(params, "startIndex").orElse(1));
        int count = Math.min(maxResults, Math.max(0, integer(params, "count").orElse(maxResults)));
        return new ListQuery(filter, startIndex, count, params.get("sortBy"), params.get("sortOrder"));
    }

    /** JSON bodies of {@code POST /.search} carry the same parameters (RFC 7644 §3.4.3). */
    public static ListQuery parseSearchBody(com.fasterxml.jackson.databind.JsonNode body, int maxResults) {
        if (!body.isObject()) {
            throw ScimException.badRequest(ScimType.invalidSyntax, "A search request is a JSON object.");
        }
        Map<String, String> params = new java.util.HashMap<>();
        for (String name : new String[]{"filter", "startIndex", "count", "sortBy", "sortOrder"}) {
            if (body.hasNonNull(name)) {
                params.put(name, body.get(name).asText());
            }
        }
        return parse(params, maxResults);
    }

    private static Optional<Integer> integer(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Long.parseLong(value.trim()))));
        } catch (NumberFormatException e) {
            throw ScimException.badRequest(ScimType.invalidValue, "'" + name + "' must be an integer, not '" + value + "'.");
        }
    }
}
