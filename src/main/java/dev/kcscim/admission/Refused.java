package dev.kcscim.admission;

/** A request that is not admitted. Nothing of it ran. */
public final class Refused extends RuntimeException {

    /** Why a request was refused, as the metrics label it. */
    public enum Reason {
        TENANT_CONCURRENCY("concurrency"), TENANT_RATE("rate"), NODE_CONCURRENCY("node-concurrency"), NODE_RATE("node-rate"),
        NODE_CPU("node-cpu"),
        /** The node's limits let it in, but another tenant waiting for them goes first. */
        NODE_TURN("node-turn");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** A limit of the node over all tenants, not one of the tenant's own. */
        boolean nodeWide() {
            return this != TENANT_CONCURRENCY && this != TENANT_RATE;
        }
    }

    private final Reason reason;
    private final long retryAfterSeconds;
    private final boolean firstOfBurst;

    Refused(Reason reason, long retryAfterSeconds, boolean firstOfBurst, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
        this.firstOfBurst = firstOfBurst;
    }

    public Reason reason() {
        return reason;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The first refusal of this tenant after a minute without one: what the activity log records. */
    public boolean firstOfBurst() {
        return firstOfBurst;
    }
}
