package dev.kcscim.admission;

/**
 * How much SCIM work one tenant may give a node: requests at once, and requests per second with a burst. A zero
 * turns that limit off.
 *
 * @param maxConcurrent     requests of the tenant that may run at once on one node
 * @param requestsPerSecond the sustained rate; a {@code /Bulk} counts one per operation
 * @param burst             how many requests may come at once after a quiet spell
 */
public record AdmissionLimits(int maxConcurrent, int requestsPerSecond, int burst) {

    /**
     * What a tenant may do by default: Entra expects an application to take at least 25 requests per second per
     * tenant, and 4 at once serve that with room (see docs/operations.md for the measurements).
     */
    public static final AdmissionLimits TENANT_DEFAULTS = new AdmissionLimits(4, 25, 50);

    /**
     * The node's default ceiling over all tenants, in proportion to its processors: per core 4 requests at once
     * and 25 per second (burst 50), which on 2 cores kept sign-in close to idle under a provisioning storm.
     */
    public static AdmissionLimits nodeDefaults(int processors) {
        int cores = Math.max(1, processors);
        return new AdmissionLimits(4 * cores, 25 * cores, 50 * cores);
    }

    public static final AdmissionLimits OFF = new AdmissionLimits(0, 0, 0);

    public AdmissionLimits {
        if (maxConcurrent < 0 || requestsPerSecond < 0 || burst < 0) {
            throw new IllegalArgumentException("Admission limits are 0 (off) or more.");
        }
    }

    boolean limitsRate() {
        return requestsPerSecond > 0;
    }

    boolean limitsConcurrency() {
        return maxConcurrent > 0;
    }

    /** The burst, or one second of the rate where no burst is set. */
    int effectiveBurst() {
        return burst > 0 ? burst : requestsPerSecond;
    }
}
