package dev.kcscim.http;

/**
 * Bounds that keep every SCIM request cheap, set with Keycloak SPI options.
 *
 * @param maxResults largest page ({@code filter.maxResults} in ServiceProviderConfig)
 * @param maxScan    most users a filter that no index can answer may examine before it is refused as tooMany
 * @param maxBulkOperations most operations in one {@code /Bulk} request ({@code bulk.maxOperations})
 */
public record ScimLimits(int maxResults, int maxScan, int maxBulkOperations) {
    public static final ScimLimits DEFAULTS = new ScimLimits(200, 10_000, 1000);
}
