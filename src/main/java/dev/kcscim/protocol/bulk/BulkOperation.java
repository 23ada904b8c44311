package dev.kcscim.protocol.bulk;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One operation of a bulk request (RFC 7644 §3.7).
 *
 * @param index   its position in the request, from 0
 * @param bulkId  the client's name for the resource a POST creates, which other operations refer to as
 *                {@code "bulkId:<bulkId>"}; null for other methods
 * @param version an ETag the operation is conditional on ({@code If-Match}), or null
 * @param data    the body, or null for DELETE
 */
public record BulkOperation(int index, String method, String path, String bulkId, String version, JsonNode data) {
}
