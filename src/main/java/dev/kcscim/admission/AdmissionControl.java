package dev.kcscim.admission;

import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Admission of SCIM requests on one node, so that provisioning never takes the CPU and the threads that sign-in
 * needs. Each tenant has its own limits (requests at once, a rate with a burst), and the node has a ceiling over
 * all tenants: requests at once, a rate, and the processor time SCIM may use ({@link CpuBudget}). Inside the
 * ceiling the slots are shared fairly: a tenant above its fair share (the ceiling divided among the tenants with
 * requests running or waiting) is admitted only while one slot stays free for each other busy tenant. Where the
 * node's limits hold requests of several tenants back, the tenants take turns: what the node frees goes to the
 * waiting tenant with the fewest requests running, and among those to the one served longest ago, so a tenant with
 * many waiting requests does not win the race for every slot.
 *
 * <p>A request over a limit waits for a moment ({@code maxWait}, bounded in how many may wait: waiting holds one
 * of Keycloak's worker threads and the database connection its token check took) when the limit will let it in by then, and is refused otherwise, before any of its
 * work is done; Okta and Entra send a refused request again after its {@code Retry-After}. Requests that arrive
 * together are thus served one after another rather than refused.
 *
 * <p>The limits hold per node; N nodes behind a load balancer admit up to N times as much. The state is a few
 * numbers per tenant that has called, kept in memory only.
 */
public final class AdmissionControl {

    private static final long BURST_QUIET_NANOS = 60_000_000_000L;
    /** The longest a /Bulk waits for the budget between two operations; past it, it goes on. */
    private static final long MAX_PACE_NANOS = 30_000_000_000L;

    private final AdmissionLimits node;
    private final AdmissionLimits tenantDefaults;
    private final CpuBudget cpu;
    private final long maxWaitNanos;
    private final LongSupplier nanoTime;
    private final LongSupplier threadCpu;
    private final TokenBucket nodeRate;
    private final Map<String, TenantGate> tenants = new ConcurrentHashMap<>();
    /** The tenants with a request waiting for the node's limits alone (their own let it in); the turns go among them. */
    private final Set<TenantGate> waitingForNode = new HashSet<>();
    private int inFlight;
    private int waiting;
    private int busyTenants;
    /** Counts admissions, so that each tenant knows when it was last served. */
    private long served;

    /**
     * @param node           the node's ceiling over all tenants
     * @param tenantDefaults the limits of a tenant that has not set its own
     * @param cpu            the processor time SCIM may use on this node
     * @param maxWait        how long a request over a limit may wait to be admitted; zero refuses at once
     */
    public AdmissionControl(AdmissionLimits node, AdmissionLimits tenantDefaults, CpuBudget cpu, Duration maxWait) {
        this(node, tenantDefaults, cpu, maxWait.toNanos(), System::nanoTime, ThreadCpu.current());
    }

    AdmissionControl(AdmissionLimits node, AdmissionLimits tenantDefaults, LongSupplier nanoTime) {
        this(node, tenantDefaults, CpuBudget.OFF, 0, nanoTime, () -> 0L);
    }

    AdmissionControl(AdmissionLimits node, AdmissionLimits tenantDefaults, CpuBudget cpu, long maxWaitNanos, LongSupplier nanoTime,
                     LongSupplier threadCpu) {
        this.node = node;
        this.tenantDefaults = tenantDefaults;
        this.cpu = cpu;
        this.maxWaitNanos = Math.max(0, maxWaitNanos);
        this.nanoTime = nanoTime;
        this.threadCpu = threadCpu;
        this.nodeRate = node.limitsRate() ? new TokenBucket(node.requestsPerSecond(), node.effectiveBurst(), nanoTime) : null;
    }

    public AdmissionLimits nodeLimits() {
        return node;
    }

    public AdmissionLimits tenantDefaults() {
        return tenantDefaults;
    }

    /** The processors' worth of time SCIM may use on this node at most, while it is idle (0 where it is not bounded). */
    public double cpuCoresMax() {
        return cpu.maxCores();
    }

    /** How long a request over a limit may wait for its turn. */
    public long maxWaitMillis() {
        return maxWaitNanos / 1_000_000;
    }

    /** The processors' worth of time SCIM may use on this node now (0 where it is not bounded). */
    public double cpuCoresNow() {
        return cpu.coresNow();
    }

    /**
     * One request's processor time on the calling thread from now on, which its ticket will be charged, and the
     * ticket once it is admitted: closing the meter gives the ticket's slots back, however the request ended.
     */
    public final class Meter implements AutoCloseable {
        private final long startedAt = threadCpu.getAsLong();
        private Ticket ticket;

        @Override
        public void close() {
            if (ticket != null) {
                ticket.close();
            }
        }
    }

    /** Starts measuring a request on the calling thread, before any of its work (the token check included). */
    public Meter meter() {
        return new Meter();
    }

    /**
     * Admits one request of the tenant {@code key} under its settings, waiting a moment where a limit lets it in
     * soon, or throws {@link Refused}. The ticket charges the request's processor time from {@code meter}'s start.
     *
     * @param key a tenant's key, unique in the node: realm id, and organization id for an organization
     */
    public Ticket admit(String key, TenantLimits settings, Meter meter) {
        return admit(key, settings.over(tenantDefaults), meter);
    }

    /** A refused request's processor time, since {@code meter} started, counts against the node's budget. */
    public void chargeRefused(Meter meter) {
        cpu.charge(threadCpu.getAsLong() - meter.startedAt);
    }

    Ticket admit(String key, AdmissionLimits limits) {
        return admit(key, limits, new Meter());
    }

    Ticket admit(String key, AdmissionLimits limits, Meter meter) {
        TenantGate gate = tenants.computeIfAbsent(key, k -> new TenantGate());
        synchronized (this) {
            boolean queued = false;
            boolean forNode = false;
            long deadline = 0;
            Refused.Reason waitedFor = Refused.Reason.NODE_CONCURRENCY;
            try {
                while (true) {
                    cpu.adapt();
                    Blocked blocked = blocked(gate, limits);
                    if (blocked == null) {
                        Ticket ticket = enter(gate, limits, meter);
                        if (!queued && !waitingForNode.isEmpty()) {
                            // Being served moves this tenant back in the turns; a waiter it held back may go first
                            // now. (A waiter that is admitted wakes the others as it leaves the queue, below.)
                            notifyAll();
                        }
                        return ticket;
                    }
                    waitedFor = blocked.reason();
                    long now = nanoTime.getAsLong();
                    if (!queued) {
                        if (!mayWait(gate, limits)) {
                            // Every place to wait is taken: the client comes back when these have been served.
                            throw refuse(gate, blocked.reason(), Math.max(blocked.retryAfterSeconds(), waitSeconds()), limits);
                        }
                        queued = true;
                        boolean wasBusy = gate.busy();
                        waiting++;
                        gate.waiting++;
                        busyChanged(gate, wasBusy);
                        deadline = now + maxWaitNanos;
                    }
                    if (blocked.reason().nodeWide() != forNode) {
                        forNode = blocked.reason().nodeWide();
                        if (!waitsForNode(gate, forNode)) {
                            // The turn it held may have been another tenant's to take.
                            notifyAll();
                        }
                    }
                    long left = deadline - now;
                    long clears = blocked.nanos() < 0 ? left : blocked.nanos();
                    if (left <= 0 || clears > left) {
                        throw refuse(gate, blocked.reason(), blocked.retryAfterSeconds(), limits);
                    }
                    // A slot given back wakes the waiters; a rate or the budget refills on its own time.
                    TimeUnit.NANOSECONDS.timedWait(this, Math.max(1_000_000L, clears));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                // The server is stopping this thread: the client is told what it was waiting for, and comes back.
                throw refuse(gate, waitedFor, 1, limits);
            } finally {
                if (queued) {
                    if (forNode) {
                        waitsForNode(gate, false);
                    }
                    boolean wasBusy = gate.busy();
                    waiting--;
                    gate.waiting--;
                    busyChanged(gate, wasBusy);
                    // Admitted or refused, this waiter no longer holds a turn or a place: the others look again.
                    notifyAll();
                }
            }
        }
    }

    /** What holds a request back, and in how many nanoseconds it will not (-1: when a slot is given back). */
    private record Blocked(Refused.Reason reason, long nanos, long retryAfterSeconds) {
    }

    /** The tenant's own limits first, so that a request held back by the node's is one its own would let in. */
    private Blocked blocked(TenantGate gate, AdmissionLimits limits) {
        if (limits.limitsConcurrency() && gate.inFlight >= limits.maxConcurrent()) {
            return new Blocked(Refused.Reason.TENANT_CONCURRENCY, -1, 1);
        }
        TokenBucket own = gate.bucket(limits, nanoTime);
        if (own != null && own.level() < 1) {
            return new Blocked(Refused.Reason.TENANT_RATE, own.nanosUntilHolding(1), own.secondsUntil(1));
        }
        if (nodeConcurrencyRefuses(gate)) {
            return new Blocked(Refused.Reason.NODE_CONCURRENCY, -1, 1);
        }
        if (nodeRate != null && nodeRate.level() < 1) {
            return new Blocked(Refused.Reason.NODE_RATE, nodeRate.nanosUntilHolding(1), nodeRate.secondsUntil(1));
        }
        if (!cpu.open()) {
            long nanos = cpu.nanosUntilOpen();
            return new Blocked(Refused.Reason.NODE_CPU, nanos, Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
        }
        if (anotherTenantsTurn(gate)) {
            // Its turn comes when that tenant has been served; the admission wakes the waiters.
            return new Blocked(Refused.Reason.NODE_TURN, -1, 1);
        }
        return null;
    }

    /**
     * Whether a tenant waiting for the node goes before this one: it has fewer requests running, or as many and was
     * served longer ago. The order is strict, so the first tenant in it never yields and the turns always move on.
     * Only waiting tenants are looked at: a few per slot of the node, however many tenants the realm has.
     */
    private boolean anotherTenantsTurn(TenantGate gate) {
        for (TenantGate other : waitingForNode) {
            if (other != gate && (other.inFlight < gate.inFlight
                    || other.inFlight == gate.inFlight && other.lastServed < gate.lastServed)) {
                return true;
            }
        }
        return false;
    }

    /** Counts one of the tenant's waiters in or out of those waiting for the node; whether the tenant still has one. */
    private boolean waitsForNode(TenantGate gate, boolean waits) {
        gate.waitingForNode += waits ? 1 : -1;
        if (gate.waitingForNode == 0) {
            waitingForNode.remove(gate);
            return false;
        }
        waitingForNode.add(gate);
        return true;
    }

    private Ticket enter(TenantGate gate, AdmissionLimits limits, Meter meter) {
        TokenBucket own = gate.bucket(limits, nanoTime);
        if (own != null) {
            own.charge(1);
        }
        if (nodeRate != null) {
            nodeRate.charge(1);
        }
        boolean wasBusy = gate.busy();
        gate.inFlight++;
        inFlight++;
        gate.lastServed = ++served;
        busyChanged(gate, wasBusy);
        Admitted admitted = new Admitted(gate, own, meter.startedAt);
        meter.ticket = admitted;
        return admitted;
    }

    /**
     * At most as many wait as the tenant may run at once, and four per slot of the node, so few threads are held.
     * A tenant's first waiter takes any free place. Its later ones leave the last place free and stay within its
     * share of the places among the busy tenants, so that a tenant arriving while another one's storm holds the
     * node waits for its turn (which it gets next) instead of being refused at once.
     */
    private boolean mayWait(TenantGate gate, AdmissionLimits limits) {
        if (maxWaitNanos == 0) {
            return false;
        }
        int nodeWaiters = 4 * Math.max(1, node.maxConcurrent());
        int tenantWaiters = limits.limitsConcurrency() ? limits.maxConcurrent() : nodeWaiters;
        int free = nodeWaiters - waiting;
        if (gate.waiting == 0) {
            return free > 0;
        }
        // It is waiting already, so it is one of the busy tenants.
        int share = Math.max(1, nodeWaiters / busyTenants);
        return free > 1 && gate.waiting < Math.min(tenantWaiters, share);
    }

    private long waitSeconds() {
        return Math.max(1, (maxWaitNanos + 999_999_999L) / 1_000_000_000L);
    }

    private void busyChanged(TenantGate gate, boolean wasBusy) {
        if (gate.busy() != wasBusy) {
            busyTenants += wasBusy ? -1 : 1;
        }
    }

    /** The node's slots are all taken, or this tenant holds its fair share and the free ones are the other tenants'. */
    private boolean nodeConcurrencyRefuses(TenantGate gate) {
        if (!node.limitsConcurrency()) {
            return false;
        }
        int free = node.maxConcurrent() - inFlight;
        if (free <= 0) {
            return true;
        }
        int busyWithThis = busyTenants + (gate.busy() ? 0 : 1);
        int fairShare = Math.max(1, node.maxConcurrent() / busyWithThis);
        int otherBusy = busyTenants - (gate.busy() ? 1 : 0);
        return gate.inFlight >= fairShare && free <= otherBusy;
    }

    private Refused refuse(TenantGate gate, Refused.Reason reason, long retryAfter, AdmissionLimits limits) {
        long now = nanoTime.getAsLong();
        boolean first = gate.lastRefusal == 0 || now - gate.lastRefusal > BURST_QUIET_NANOS;
        gate.lastRefusal = now;
        return new Refused(reason, retryAfter, first, detail(reason, retryAfter, limits));
    }

    private String detail(Refused.Reason reason, long retryAfter, AdmissionLimits limits) {
        String retry = " Retry after " + retryAfter + " s.";
        return switch (reason) {
            case TENANT_CONCURRENCY -> "Too many requests at once for this tenant: at most " + limits.maxConcurrent()
                    + " run at the same time on this server." + retry;
            case TENANT_RATE -> "Too many requests for this tenant: at most " + limits.requestsPerSecond() + " per second (burst "
                    + limits.effectiveBurst() + "; each operation of a /Bulk counts)." + retry;
            case NODE_CONCURRENCY -> "This server is busy provisioning: at most " + node.maxConcurrent()
                    + " SCIM requests run at once on it, shared fairly among the tenants." + retry;
            case NODE_RATE -> "This server is busy: it takes at most " + node.requestsPerSecond()
                    + " SCIM requests per second, across all tenants." + retry;
            case NODE_CPU -> String.format(Locale.ROOT, "This server is busy: provisioning may use %.2f of its processors now, "
                    + "across all tenants, so that sign-in stays fast.%s", cpu.coresNow(), retry);
            case NODE_TURN -> "This server is busy provisioning for several tenants and serves them in turn; other tenants' "
                    + "requests were waiting before this one." + retry;
        };
    }

    private synchronized void release(TenantGate gate) {
        boolean wasBusy = gate.busy();
        inFlight--;
        gate.inFlight--;
        busyChanged(gate, wasBusy);
        notifyAll();
    }

    private void paceCpu() {
        long waited = 0;
        while (!cpu.open() && waited < MAX_PACE_NANOS) {
            long nanos = Math.min(cpu.nanosUntilOpen(), MAX_PACE_NANOS - waited);
            try {
                TimeUnit.NANOSECONDS.sleep(Math.max(1_000_000L, nanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            waited += Math.max(1_000_000L, nanos);
        }
    }

    /** What the node holds for one tenant. Guarded by the AdmissionControl's lock. */
    private static final class TenantGate {
        int inFlight;
        int waiting;
        /** Of its waiting requests, those its own limits let in, held back by the node's. */
        int waitingForNode;
        /** When it was last admitted, by the node's count of admissions (0: never). */
        long lastServed;
        long lastRefusal;
        private TokenBucket bucket;

        boolean busy() {
            return inFlight > 0 || waiting > 0;
        }

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

    /** Held by the request's own thread, whose processor time it measures. */
    private final class Admitted implements Ticket {
        private final TenantGate gate;
        private final TokenBucket own;
        private long cpuMark;
        private boolean closed;

        Admitted(TenantGate gate, TokenBucket own, long cpuStartedAt) {
            this.gate = gate;
            this.own = own;
            this.cpuMark = cpuStartedAt;
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
        public void pace() {
            chargeCpu();
            paceCpu();
        }

        @Override
        public boolean paced() {
            return cpu.on();
        }

        private void chargeCpu() {
            long now = threadCpu.getAsLong();
            cpu.charge(now - cpuMark);
            cpuMark = now;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                chargeCpu();
                release(gate);
            }
        }
    }
}
