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
     * The node's default ceiling over all tenants, in proportion to its processors: SCIM requests at once on half
     * of them (at least one), and 25 per second per processor (burst 50). A SCIM write keeps a processor busy for
     * its whole run (the database work included, on H2), so with at most half of them SCIM's, sign-in always finds
     * processors free; the rate alone did not keep it close to idle on 2 cores (docs/benchmarks.md).
     */
    public static AdmissionLimits nodeDefaults(int processors) {
        int cores = Math.max(1, processors);
        return new AdmissionLimits(Math.max(1, cores / 2), 25 * cores, 50 * cores);
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
