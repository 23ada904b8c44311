package dev.kcscim.admission;

import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The processor time SCIM may take on one node, so that sign-in always finds processors free. Counting requests
 * cannot do this: a lookup costs a few milliseconds, and a create that carries a password costs a whole password
 * hash (Argon2 in Keycloak 26, as much as a sign-in's), and Keycloak lets only as many hashes run at once as the
 * node has processors, sign-ins' and SCIM's together. So each admitted request is charged the CPU time its thread
 * used, and a request is admitted only while the budget is not in debt.
 *
 * <p>The budget gives SCIM what the rest of the node leaves, up to {@code share} of its processors: once a second
 * it reads how busy the processors are, takes away what SCIM itself was charged, and moves halfway towards keeping
 * the processors at most {@code target} busy, never below a tenth of the share. An idle node thus serves
 * provisioning at the full share, and a node that people are signing in to gives provisioning what sign-in leaves.
 */
public final class CpuBudget {

    /** No budget: SCIM's processor time is not bounded. */
    public static final CpuBudget OFF = new CpuBudget(0, 0, 0, () -> Double.NaN, System::nanoTime);

    private static final long ADAPT_EVERY_NANOS = 1_000_000_000L;
    private static final double NANOS_PER_SECOND = 1e9;

    private final double processors;
    private final double maxCores;
    private final double floorCores;
    private final double target;
    private final DoubleSupplier load;
    private final LongSupplier nanoTime;
    private final TokenBucket bucket;
    private long adaptedAt;
    private long chargedSinceAdapt;

    /**
     * @param processors the node's processors
     * @param share      the share of them (0 to 1) SCIM may use at most; 0 turns the budget off
     * @param target     how busy (0 to 1) the processors may be, SCIM and all else together, before the budget gives
     *                   way; 0 never adapts
     * @param load       how busy the processors are, 0 to 1, NaN when unknown
     */
    CpuBudget(double processors, double share, double target, DoubleSupplier load, LongSupplier nanoTime) {
        this.processors = processors;
        this.maxCores = Math.max(0, Math.min(1, share)) * processors;
        this.floorCores = maxCores / 10;
        this.target = Math.max(0, Math.min(1, target));
        this.load = load;
        this.nanoTime = nanoTime;
        // One second of the budget may be spent at once after a quiet spell.
        this.bucket = maxCores > 0 ? new TokenBucket(maxCores * NANOS_PER_SECOND, maxCores * NANOS_PER_SECOND, nanoTime) : null;
        this.adaptedAt = nanoTime.getAsLong();
    }

    /**
     * A budget of {@code share} of this node's processors (0 turns it off), giving way to the rest of the node's work
     * above {@code target} (0 keeps it fixed).
     */
    public static CpuBudget ofProcessors(double share, double target, int processors) {
        return share <= 0 ? OFF : new CpuBudget(Math.max(1, processors), share, target, CpuLoad.system(), System::nanoTime);
    }

    boolean on() {
        return bucket != null;
    }

    /** Whether a request may start: the budget is not in debt. */
    boolean open() {
        return bucket == null || bucket.level() > 0;
    }

    /** How long until {@link #open()}, in nanoseconds. */
    long nanosUntilOpen() {
        return bucket == null ? 0 : bucket.nanosUntil(0);
    }

    /** Charges processor time a request used; the budget may go into debt. */
    void charge(long cpuNanos) {
        if (bucket != null && cpuNanos > 0) {
            bucket.charge(cpuNanos);
            synchronized (this) {
                chargedSinceAdapt += cpuNanos;
            }
        }
    }

    /** The processors' worth SCIM may use at most: the configured share (0: off). */
    public double maxCores() {
        return bucket == null ? 0 : maxCores;
    }

    /** The processors' worth SCIM may use now: the share, or less where the rest of the node needs them. */
    public double coresNow() {
        return bucket == null ? 0 : bucket.rate() / NANOS_PER_SECOND;
    }

    /** Adapts the refill to what the rest of the node uses, at most once a second. */
    synchronized void adapt() {
        long now = nanoTime.getAsLong();
        long elapsed = now - adaptedAt;
        if (bucket == null || target <= 0 || elapsed < ADAPT_EVERY_NANOS) {
            return;
        }
        double scimCores = chargedSinceAdapt / (double) elapsed;
        adaptedAt = now;
        chargedSinceAdapt = 0;
        double busy = load.getAsDouble();
        if (Double.isNaN(busy)) {
            return;
        }
        double others = Math.max(0, busy * processors - scimCores);
        double room = Math.max(floorCores, Math.min(maxCores, target * processors - others));
        bucket.rate((coresNow() + room) / 2 * NANOS_PER_SECOND);
    }
}
