package dev.kcscim.admission;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Admission of SCIM requests on one node, so that provisioning never takes the CPU and the threads that sign-in
 * needs. Each tenant has its own limits (requests at once, a rate with a burst), and the node has a ceiling over
 * all tenants. Inside the ceiling the slots are shared fairly: a tenant above its fair share (the ceiling divided
 * among the tenants with requests running) is admitted only while one slot stays free for each other busy tenant.
 * A request over any limit is refused before any of its work is done; nothing waits in a queue, because Okta and
 * Entra retry a 429 after its {@code Retry-After}.
 *
 * <p>The limits hold per node; N nodes behind a load balancer admit up to N times as much. The state is a few
 * numbers per tenant that has called, kept in memory only.
 */
public final class AdmissionControl {

    /** Why a request was refused, as the metrics label it. */
    public enum Reason {
        TENANT_CONCURRENCY("concurrency"), TENANT_RATE("rate"), NODE_CONCURRENCY("node-concurrency"), NODE_RATE("node-rate");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A request that is not admitted. Nothing of it ran. */
    public static final class Refused extends RuntimeException {
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

    /** An admitted request's hold on its slots; closing it gives them back. */
    public interface Ticket extends AutoCloseable {

        /** A ticket for work that is admitted already, such as a /Bulk operation inside its admitted request. */
        Ticket NONE = new Ticket() {
            @Override
            public void charge(int units) {
            }

            @Override
            public void close() {
            }
        };

        /** Counts {@code units} more against the rates: a /Bulk pays for each of its operations. */
        void charge(int units);

        @Override
        void close();
    }

    private static final long BURST_QUIET_NANOS = 60_000_000_000L;
    private static final long ADAPT_EVERY_NANOS = 1_000_000_000L;

    /**
     * Keeps the node's rate where the node's processors are at most {@code target} busy (0.5: half of them): each
     * second the rate shrinks by 30% while they are busier, and grows by 20% while they are well below it, between
     * {@code floor} and the configured rate. A storm thus gets what sign-in leaves free, and an idle node serves
     * provisioning at the full rate. {@code load} reads how busy the processors are (0 to 1; NaN when unknown).
     */
    public record Adaptive(double target, double floor, DoubleSupplier load) {
        public static final Adaptive OFF = new Adaptive(0, 0, () -> Double.NaN);

        /** Adapting to how busy this machine's processors are; a target of 0 turns adapting off. */
        public static Adaptive toProcessors(double target, int processors) {
            return target <= 0 ? OFF : new Adaptive(Math.min(1, target), 2.0 * Math.max(1, processors), CpuLoad.system());
        }

        boolean on() {
            return target > 0;
        }
    }

    private final AdmissionLimits node;
    private final AdmissionLimits tenantDefaults;
    private final LongSupplier nanoTime;
    private final TokenBucket nodeRate;
    private final Map<String, TenantGate> tenants = new ConcurrentHashMap<>();
    private final Adaptive adaptive;
    private long adaptedAt;
    private int inFlight;
    private int busyTenants;

    /**
     * @param node           the node's ceiling over all tenants
     * @param tenantDefaults the limits of a tenant that has not set its own
     */
    public AdmissionControl(AdmissionLimits node, AdmissionLimits tenantDefaults, Adaptive adaptive) {
        this(node, tenantDefaults, adaptive, System::nanoTime);
    }

    AdmissionControl(AdmissionLimits node, AdmissionLimits tenantDefaults, LongSupplier nanoTime) {
        this(node, tenantDefaults, Adaptive.OFF, nanoTime);
    }

    AdmissionControl(AdmissionLimits node, AdmissionLimits tenantDefaults, Adaptive adaptive, LongSupplier nanoTime) {
        this.node = node;
        this.tenantDefaults = tenantDefaults;
        this.adaptive = adaptive;
        this.nanoTime = nanoTime;
        this.adaptedAt = nanoTime.getAsLong();
        this.nodeRate = node.limitsRate() ? new TokenBucket(node.requestsPerSecond(), node.effectiveBurst(), nanoTime) : null;
    }

    public AdmissionLimits nodeLimits() {
        return node;
    }

    public AdmissionLimits tenantDefaults() {
        return tenantDefaults;
    }

    /**
     * Admits one request of the tenant {@code key} under its settings, or throws {@link Refused}.
     *
     * @param key a tenant's key, unique in the node: realm id, and organization id for an organization
     */
    public Ticket admit(String key, TenantLimits settings) {
        return admit(key, settings.over(tenantDefaults));
    }

    Ticket admit(String key, AdmissionLimits limits) {
        TenantGate gate = tenants.computeIfAbsent(key, k -> new TenantGate());
        synchronized (this) {
            adapt();
            Reason refusedFor = concurrencyRefusal(gate, limits);
            if (refusedFor != null) {
                throw refuse(gate, refusedFor, 1, limits);
            }
            TokenBucket own = gate.bucket(limits, nanoTime);
            if (own != null && !own.tryTake(1)) {
                throw refuse(gate, Reason.TENANT_RATE, own.secondsUntilAvailable(), limits);
            }
            if (nodeRate != null && !nodeRate.tryTake(1)) {
                if (own != null) {
                    own.refund(1);
                }
                throw refuse(gate, Reason.NODE_RATE, nodeRate.secondsUntilAvailable(), limits);
            }
            if (gate.inFlight++ == 0) {
                busyTenants++;
            }
            inFlight++;
            return new Admitted(gate, own);
        }
    }

    /** The node's rate now: the configured one, or less where the adaptive limit gave way to a busy node. */
    public synchronized double nodeRateNow() {
        return nodeRate == null ? 0 : nodeRate.rate();
    }

    private void adapt() {
        long now = nanoTime.getAsLong();
        if (nodeRate == null || !adaptive.on() || now - adaptedAt < ADAPT_EVERY_NANOS) {
            return;
        }
        adaptedAt = now;
        double load = adaptive.load().getAsDouble();
        if (Double.isNaN(load)) {
            return;
        }
        double rate = nodeRate.rate();
        if (load > adaptive.target()) {
            rate = Math.max(adaptive.floor(), rate * 0.7);
        } else if (load < adaptive.target() - 0.1) {
            rate = Math.min(node.requestsPerSecond(), rate * 1.2 + 1);
        }
        nodeRate.rate(rate);
    }

    private Reason concurrencyRefusal(TenantGate gate, AdmissionLimits limits) {
        if (limits.limitsConcurrency() && gate.inFlight >= limits.maxConcurrent()) {
            return Reason.TENANT_CONCURRENCY;
        }
        if (!node.limitsConcurrency()) {
            return null;
        }
        int free = node.maxConcurrent() - inFlight;
        if (free <= 0) {
            return Reason.NODE_CONCURRENCY;
        }
        int busyWithThis = busyTenants + (gate.inFlight == 0 ? 1 : 0);
        int fairShare = Math.max(1, node.maxConcurrent() / busyWithThis);
        int otherBusy = busyTenants - (gate.inFlight > 0 ? 1 : 0);
        return gate.inFlight < fairShare || free > otherBusy ? null : Reason.NODE_CONCURRENCY;
    }

    private Refused refuse(TenantGate gate, Reason reason, long retryAfter, AdmissionLimits limits) {
        long now = nanoTime.getAsLong();
        boolean first = gate.lastRefusal == 0 || now - gate.lastRefusal > BURST_QUIET_NANOS;
        gate.lastRefusal = now;
        return new Refused(reason, retryAfter, first, detail(reason, retryAfter, limits));
    }

    private String detail(Reason reason, long retryAfter, AdmissionLimits limits) {
        String retry = " Retry after " + retryAfter + " s.";
        return switch (reason) {
            case TENANT_CONCURRENCY -> "Too many requests at once for this tenant: at most " + limits.maxConcurrent()
                    + " run at the same time on this server." + retry;
            case TENANT_RATE -> "Too many requests for this tenant: at most " + limits.requestsPerSecond() + " per second (burst "
                    + limits.effectiveBurst() + "; each operation of a /Bulk counts)." + retry;
            case NODE_CONCURRENCY -> "This server is busy provisioning for several tenants: at most " + node.maxConcurrent()
                    + " SCIM requests run at once on it, shared fairly among the tenants." + retry;
            case NODE_RATE -> "This server is busy: it takes at most " + Math.round(Math.max(1, nodeRate.rate()))
                    + " SCIM requests per second now, across all tenants, so that sign-in stays fast." + retry;
        };
    }

    private synchronized void release(TenantGate gate) {
        inFlight--;
        if (--gate.inFlight == 0) {
            busyTenants--;
        }
    }

    /** What the node holds for one tenant. Guarded by the AdmissionControl's lock. */
    private static final class TenantGate {
        int inFlight;
        long lastRefusal;
        private TokenBucket bucket;

        /** The tenant's bucket; a new one when its limits changed, so a new setting takes effect at once. */
        TokenBucket bucket(AdmissionLimits limits, LongSupplier nanoTime) {
            if (!limits.limitsRate()) {
                bucket = null;
            } else if (bucket == null || !bucket.sameAs(limits.requestsPerSecond(), limits.effectiveBurst())) {
                bucket = new TokenBucket(limits.requestsPerSecond(), limits.effectiveBurst(), nanoTime);
            }
            return bucket;
        }
    }

    private final class Admitted implements Ticket {
        private final TenantGate gate;
        private final TokenBucket own;
        private boolean closed;

        Admitted(TenantGate gate, TokenBucket own) {
            this.gate = gate;
            this.own = own;
        }

        @Override
        public void charge(int units) {
            if (units <= 0) {
                return;
            }
            if (own != null) {
                own.charge(units);
            }
            if (nodeRate != null) {
                nodeRate.charge(units);
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(gate);
            }
        }
    }
}
