package dev.kcscim.observe;

/**
 * What an admin asks of the activity log of one tenant.
 *
 * @param statusClass 2, 4 or 5 for "2xx", "4xx" or "5xx"; 0 for any status; -1 for errors only (4xx and 5xx)
 * @param token       only the requests of the token with this name, or null
 */
public record ActivityQuery(String realmId, String tenant, int statusClass, String token, int first, int max) {

    public static final int ERRORS = -1;

    /** A tenant's key in the log: its organization's id, or "realm" for the realm's own endpoint. */
    public static String tenantKey(String organizationId) {
        return organizationId == null ? "realm" : organizationId;
    }
}
