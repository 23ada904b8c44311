package dev.kcscim.admission;

/**
 * A tenant's own admission settings, each null where the tenant takes the node's default for tenants (an SPI
 * option), so that an operator sets the limits of ten thousand organizations with one option and an admin
 * overrides them for one.
 */
public record TenantLimits(Integer maxConcurrent, Integer requestsPerSecond, Integer burst) {

    public static final TenantLimits DEFAULTS = new TenantLimits(null, null, null);

    public TenantLimits {
        for (Integer value : new Integer[]{maxConcurrent, requestsPerSecond, burst}) {
            if (value != null && value < 0) {
                throw new IllegalArgumentException("Admission limits are 0 (off) or more.");
            }
        }
    }

    /** The limits in force: these settings, and {@code defaults} where they are not set. */
    public AdmissionLimits over(AdmissionLimits defaults) {
        return new AdmissionLimits(maxConcurrent != null ? maxConcurrent : defaults.maxConcurrent(),
                requestsPerSecond != null ? requestsPerSecond : defaults.requestsPerSecond(),
                burst != null ? burst : defaults.burst());
    }
}
