package dev.kcscim.observe;

import dev.kcscim.keycloak.jpa.Persistence;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last SCIM requests of each realm and organization, kept in Keycloak's database (see {@link ActivityStore}).
 *
 * <p>A request only puts its record in a bounded in-memory queue; one background thread writes the queue in a
 * transaction of its own every {@value #FLUSH_MILLIS} ms and prunes what it touched to the configured bounds.
 * So writing the log adds no database round trip to a request, a failed request is logged although its own
 * transaction rolled back, and a failure of the log never reaches a request. What is lost in a crash is at most
 * the last fraction of a second; what does not fit in the queue under extreme load is dropped and counted.
 */
public final class ActivityLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ActivityLog.class);
    static final long FLUSH_MILLIS = 500;
    private static final int QUEUE = 10_000;

    /**
     * @param maxEntries most entries kept per realm or organization
     * @param maxAge     oldest entry kept
     */
    public record Bounds(int maxEntries, Duration maxAge) {
        public static final Bounds DEFAULTS = new Bounds(1000, Duration.ofDays(7));
    }

    private final KeycloakSessionFactory factory;
    private final Bounds bounds;
    private final BlockingQueue<RequestRecord> pending = new ArrayBlockingQueue<>(QUEUE);
    private final ConcurrentLinkedQueue<String[]> forgotten = new ConcurrentLinkedQueue<>();
    private final AtomicLong dropped = new AtomicLong();
    private final ScheduledExecutorService writer;
    private volatile boolean tableReady;

    public ActivityLog(KeycloakSessionFactory factory, Bounds bounds) {
        this.factory = factory;
        this.bounds = bounds;
        this.writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kcscim-activity-log");
            thread.setDaemon(true);
            return thread;
        });
        writer.scheduleWithFixedDelay(this::flushQuietly, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    public Bounds bounds() {
        return bounds;
    }

    /** Called at the end of every SCIM request; never blocks and never throws. */
    public void record(RequestRecord request) {
        if (!pending.offer(request) && dropped.incrementAndGet() % 1000 == 1) {
            LOG.warnf("The SCIM activity log's queue is full; %d entries were dropped so far", dropped.get());
        }
    }

    /** Forgets a deleted realm's entries, or a deleted organization's (tenant = its id). */
    public void forget(String realmId, String tenant) {
        forgotten.add(new String[]{realmId, tenant});
    }

    /** The entries of one tenant, newest first, including what this node has not written yet. */
    public List<ActivityEntry> list(KeycloakSession session, ActivityQuery query) {
        flushQuietly();
        if (!ensureTable()) {
            return List.of();
        }
        return store(session).map(s -> s.list(query)).orElse(List.of());
    }

    /** Writes what is queued; the background thread calls it, and so does a read, to show its node's latest. */
    synchronized void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warnf("Could not write the SCIM activity log; the entries of the last %d ms are dropped: %s", FLUSH_MILLIS, e.toString());
        }
    }

    private void flush() {
        List<RequestRecord> batch = new ArrayList<>();
        pending.drainTo(batch);
        List<String[]> forget = new ArrayList<>();
        for (String[] f; (f = forgotten.poll()) != null; ) {
            forget.add(f);
        }
        if ((batch.isEmpty() && forget.isEmpty()) || !ensureTable()) {
            return;
        }
        KeycloakModelUtils.runJobInTransaction(factory, session -> store(session).ifPresent(store -> {
            batch.forEach(store::insert);
            Set<List<String>> touched = new LinkedHashSet<>();
            batch.forEach(r -> touched.add(List.of(r.realmId(), r.tenant())));
            long oldest = System.currentTimeMillis() - bounds.maxAge().toMillis();
            touched.forEach(t -> store.prune(t.get(0), t.get(1), bounds.maxEntries(), oldest));
            forget.forEach(f -> store.forget(f[0], f[1]));
        }));
    }

    /** Creates the table on first use; a concurrent node may create it first, which is fine. */
    private boolean ensureTable() {
        if (tableReady) {
            return true;
        }
        tableReady = exists();
        if (!tableReady) {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, session -> store(session).ifPresent(ActivityStore::createTable));
            } catch (RuntimeException e) {
                LOG.debugf("Creating %s: %s", ActivityStore.TABLE, e.toString());
            }
            tableReady = exists();
        }
        return tableReady;
    }

    private boolean exists() {
        // Its own transaction: on PostgreSQL a failed statement spoils the transaction it ran in.
        boolean[] exists = {false};
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> exists[0] = store(session).map(ActivityStore::tableExists).orElse(false));
        } catch (RuntimeException e) {
            LOG.debugf("Looking for %s: %s", ActivityStore.TABLE, e.toString());
        }
        return exists[0];
    }

    private static Optional<ActivityStore> store(KeycloakSession session) {
        return Persistence.entityManager(session).map(ActivityStore::new);
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
    }
}
