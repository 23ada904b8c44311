package dev.kcscim.observe;

import java.util.Locale;
import java.util.Set;

/**
 * One SCIM request as the activity log and the metrics see it: who (the token's name), what (method, path,
 * resource, resource id), how it ended (status, duration, and for an error the SCIM {@code detail}). It never
 * holds a request body, a query string, a header or a token secret.
 *
 * @param organizationId the organization whose endpoint was called, or null for the realm's
 * @param tokenName      the authenticated token's name, or null when the request was not authenticated
 */
public record RequestRecord(long timeMillis, String realmId, String realmName, String organizationId, String tokenName,
                            String method, String path, int status, long durationNanos, String detail) {

    /** Longest path and detail kept: paths are short, and a hostile one must not grow the log. */
    static final int MAX_PATH = 255;
    static final int MAX_DETAIL = 1000;

    private static final Set<String> RESOURCES = Set.of("Users", "Groups", "ServiceProviderConfig", "ResourceTypes", "Schemas", "Bulk", "Me");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    public RequestRecord {
        path = "/" + truncate(path == null ? "" : path.replaceFirst("^/+", ""), MAX_PATH - 1);
        detail = detail == null ? null : truncate(detail, MAX_DETAIL);
    }

    /** The tenant's key in the log: the organization's id, or "realm". */
    public String tenant() {
        return ActivityQuery.tenantKey(organizationId);
    }

    /** The resource type the path names (case as SCIM spells it), or "other" for anything else, so metrics stay bounded. */
    public String resource() {
        String first = segment(0);
        return RESOURCES.stream().filter(r -> r.equalsIgnoreCase(first)).findFirst().orElse("other");
    }

    /** The id of a Users or Groups resource the path addresses, or null. */
    public String resourceId() {
        String resource = resource();
        String id = segment(1);
        boolean addressable = resource.equals("Users") || resource.equals("Groups");
        return addressable && !id.isEmpty() && !id.startsWith(".") ? id : null;
    }

    /** The method for metrics: one of SCIM's five, or OTHER. */
    public String metricMethod() {
        String upper = method == null ? "" : method.toUpperCase(Locale.ROOT);
        return METHODS.contains(upper) ? upper : "OTHER";
    }

    public String statusClass() {
        return (status / 100) + "xx";
    }

    public long durationMillis() {
        return durationNanos / 1_000_000;
    }

    private String segment(int index) {
        String[] segments = path.substring(1).split("/");
        return index < segments.length ? segments[index] : "";
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
