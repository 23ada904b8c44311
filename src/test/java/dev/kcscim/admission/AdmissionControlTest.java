package dev.kcscim.admission;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Admission on a clock the test turns: limits, debt, Retry-After, the node's ceiling and its fair share. */
class AdmissionControlTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private AdmissionControl node(AdmissionLimits limits) {
        return new AdmissionControl(limits, AdmissionLimits.OFF, now::get);
    }

    /** A node bounded only by {@code budget}, on the given clocks, that refuses at once. */
    private static AdmissionControl budgeted(CpuBudget budget, LongSupplier nanoTime, LongSupplier threadCpu) {
        return new AdmissionControl(AdmissionLimits.OFF, AdmissionLimits.OFF, budget, 0, nanoTime, threadCpu);
    }

    private void advanceMillis(long millis) {
        now.addAndGet(millis * 1_000_000L);
    }

    @Test
    void aTenantRunsAtMostItsConcurrencyAndGetsASlotBackWhenOneEnds() {
        AdmissionControl control = node(AdmissionLimits.OFF);
        AdmissionLimits two = new AdmissionLimits(2, 0, 0);
        Ticket first = control.admit("a", two);
        control.admit("a", two);
        Refused refused = assertThrows(Refused.class, () -> control.admit("a", two));
        assertEquals(Refused.Reason.TENANT_CONCURRENCY, refused.reason());
        assertEquals(1, refused.retryAfterSeconds());
        assertTrue(refused.getMessage().contains("at most 2 run at the same time"), refused.getMessage());
        first.close();
        first.close();
        assertDoesNotThrow(() -> control.admit("a", two));
        assertThrows(Refused.class, () -> control.admit("a", two), "closing twice gives back one slot");
    }

    @Test
    void closingTheMeterGivesTheSlotBackHoweverTheRequestEnded() {
        AdmissionControl control = node(AdmissionLimits.OFF);
        TenantLimits one = new TenantLimits(1, 0, 0);
        assertThrows(IllegalStateException.class, () -> {
            try (AdmissionControl.Meter meter = control.meter()) {
                control.admit("a", one, meter);
                throw new IllegalStateException("the request failed in a way nobody caught");
            }
        });
        try (AdmissionControl.Meter meter = control.meter()) {
            assertDoesNotThrow(() -> control.admit("a", one, meter), "the failed request's slot is free again");
        }
        try (AdmissionControl.Meter refused = control.meter()) {
            control.admit("a", one, control.meter());
            assertThrows(Refused.class, () -> control.admit("a", one, refused));
        }
    }

    @Test
    void theRateAdmitsTheBurstThenOneRequestPerRefill() {
        AdmissionControl control = node(AdmissionLimits.OFF);
        AdmissionLimits limits = new AdmissionLimits(0, 10, 5);
        for (int i = 0; i < 5; i++) {
            control.admit("a", limits).close();
        }
        Refused refused = assertThrows(Refused.class, () -> control.admit("a", limits));
        assertEquals(Refused.Reason.TENANT_RATE, refused.reason());
        assertEquals(1, refused.retryAfterSeconds());
        advanceMillis(100);
        control.admit("a", limits).close();
        assertThrows(Refused.class, () -> control.admit("a", limits));
        advanceMillis(1000);
        for (int i = 0; i < 5; i++) {
            control.admit("a", limits).close();
        }
        assertThrows(Refused.class, () -> control.admit("a", limits), "the bucket holds the burst, no more");
    }

    @Test
    void aBulkIsAdmittedOnOneUnitAndItsOperationsAreDebtThatTheNextRequestsWaitFor() {
        AdmissionControl control = node(AdmissionLimits.OFF);
        AdmissionLimits limits = new AdmissionLimits(0, 10, 10);
        try (Ticket bulk = control.admit("a", limits)) {
            bulk.charge(99);
        }
        Refused refused = assertThrows(Refused.class, () -> control.admit("a", limits));
        // 100 operations taken from 10: 90 in debt, and one more unit needed, at 10 per second.
        assertEquals(10, refused.retryAfterSeconds());
        advanceMillis(9_000);
        assertThrows(Refused.class, () -> control.admit("a", limits));
        advanceMillis(1_100);
        assertDoesNotThrow(() -> control.admit("a", limits).close());
    }

    @Test
    void eachTenantHasItsOwnLimits() {
        AdmissionControl control = node(AdmissionLimits.OFF);
        AdmissionLimits one = new AdmissionLimits(1, 1, 1);
        control.admit("a", one);
        assertThrows(Refused.class, () -> control.admit("a", one));
        assertDoesNotThrow(() -> control.admit("b", one), "another tenant is not throttled by a's storm");
        assertDoesNotThrow(() -> control.admit("realm", AdmissionLimits.OFF));
    }

    @Test
    void theNodeCeilingIsSharedFairlyAmongBusyTenants() {
        AdmissionControl control = node(new AdmissionLimits(4, 0, 0));
        List<Ticket> greedy = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            greedy.add(control.admit("greedy", AdmissionLimits.OFF));
        }
        // One slot is free; the greedy tenant, over its share once another tenant is busy, leaves it to others.
        control.admit("other", AdmissionLimits.OFF);
        Refused full = assertThrows(Refused.class, () -> control.admit("third", AdmissionLimits.OFF));
        assertEquals(Refused.Reason.NODE_CONCURRENCY, full.reason());
        greedy.get(0).close();
        Refused overShare = assertThrows(Refused.class, () -> control.admit("greedy", AdmissionLimits.OFF),
                "the greedy tenant holds 2 of 4 with another tenant busy: the free slot is kept for that one");
        assertEquals(Refused.Reason.NODE_CONCURRENCY, overShare.reason());
        assertDoesNotThrow(() -> control.admit("other", AdmissionLimits.OFF), "the other tenant, under its share, gets it");
    }

    @Test
    void aLoneTenantMayUseTheWholeCeiling() {
        AdmissionControl control = node(new AdmissionLimits(3, 0, 0));
        for (int i = 0; i < 3; i++) {
            control.admit("alone", AdmissionLimits.OFF);
        }
        assertThrows(Refused.class, () -> control.admit("alone", AdmissionLimits.OFF));
    }

    @Test
    void theNodeRateRefusesAcrossTenantsAndTakesNothingFromTheTenantItRefuses() {
        AdmissionControl control = node(new AdmissionLimits(0, 2, 2));
        AdmissionLimits own = new AdmissionLimits(0, 1, 1);
        control.admit("a", AdmissionLimits.OFF).close();
        control.admit("b", AdmissionLimits.OFF).close();
        Refused refused = assertThrows(Refused.class, () -> control.admit("c", own));
        assertEquals(Refused.Reason.NODE_RATE, refused.reason());
        assertTrue(refused.getMessage().contains("across all tenants"), refused.getMessage());
        advanceMillis(500);
        assertDoesNotThrow(() -> control.admit("c", own).close(), "c's own unit was given back when the node refused it");
    }

    @Test
    void onlyTheFirstRefusalOfABurstIsMarkedForTheActivityLog() {
        AdmissionControl control = node(AdmissionLimits.OFF);
        AdmissionLimits zeroHeadroom = new AdmissionLimits(1, 0, 0);
        control.admit("a", zeroHeadroom);
        assertTrue(assertThrows(Refused.class, () -> control.admit("a", zeroHeadroom)).firstOfBurst());
        advanceMillis(30_000);
        assertFalse(assertThrows(Refused.class, () -> control.admit("a", zeroHeadroom)).firstOfBurst());
        advanceMillis(59_000);
        assertFalse(assertThrows(Refused.class, () -> control.admit("a", zeroHeadroom)).firstOfBurst(),
                "refusals less than a minute apart are one burst");
        advanceMillis(61_000);
        assertTrue(assertThrows(Refused.class, () -> control.admit("a", zeroHeadroom)).firstOfBurst());
    }

    @Test
    void aChangedLimitTakesEffectAtOnce() {
        AdmissionControl control = node(AdmissionLimits.OFF);
        control.admit("a", new AdmissionLimits(0, 1, 1)).close();
        assertThrows(Refused.class, () -> control.admit("a", new AdmissionLimits(0, 1, 1)));
        assertDoesNotThrow(() -> control.admit("a", new AdmissionLimits(0, 100, 100)).close());
        assertDoesNotThrow(() -> control.admit("a", AdmissionLimits.OFF).close());
    }

    @Test
    void negativeLimitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AdmissionLimits(-1, 0, 0));
    }

    @Test
    void aTenantWithoutSettingsOfItsOwnTakesTheNodesDefaultsAndMayOverrideEachOne() {
        AdmissionControl control = new AdmissionControl(AdmissionLimits.OFF, new AdmissionLimits(1, 0, 0), now::get);
        control.admit("a", TenantLimits.DEFAULTS, control.meter());
        assertEquals(Refused.Reason.TENANT_CONCURRENCY,
                assertThrows(Refused.class, () -> control.admit("a", TenantLimits.DEFAULTS, control.meter())).reason());
        assertDoesNotThrow(() -> control.admit("a", new TenantLimits(2, null, null), control.meter()), "its own setting wins");
        assertEquals(new AdmissionLimits(0, 30, 5), new TenantLimits(0, null, 5).over(new AdmissionLimits(4, 30, 60)));
    }

    @Test
    void theNodeDefaultsGrowWithItsProcessors() {
        assertEquals(new AdmissionLimits(1, 50, 100), AdmissionLimits.nodeDefaults(2));
        assertEquals(new AdmissionLimits(4, 200, 400), AdmissionLimits.nodeDefaults(8));
        assertEquals(new AdmissionLimits(1, 25, 50), AdmissionLimits.nodeDefaults(0));
    }

    @Test
    void aRequestIsChargedTheProcessorTimeItUsedAndTheNextWaitsUntilTheBudgetHasPaidIt() {
        AtomicLong cpuNanos = new AtomicLong();
        CpuBudget oneCore = new CpuBudget(2, 0.5, 0, () -> Double.NaN, now::get);
        AdmissionControl control = budgeted(oneCore, now::get, cpuNanos::get);
        try (Ticket create = control.admit("a", AdmissionLimits.OFF)) {
            // a create that hashed passwords: 1.5 s of processor time against a budget that holds one second
            cpuNanos.addAndGet(1_500_000_000L);
        }
        Refused refused = assertThrows(Refused.class, () -> control.admit("b", AdmissionLimits.OFF));
        assertEquals(Refused.Reason.NODE_CPU, refused.reason(), "the budget is the node's, across tenants");
        assertEquals(1, refused.retryAfterSeconds());
        assertTrue(refused.getMessage().contains("may use 1.00 of its processors"), refused.getMessage());
        advanceMillis(400);
        assertThrows(Refused.class, () -> control.admit("a", AdmissionLimits.OFF), "0.1 s still in debt");
        advanceMillis(200);
        try (Ticket lookup = control.admit("a", AdmissionLimits.OFF)) {
            cpuNanos.addAndGet(5_000_000L);
        }
        assertDoesNotThrow(() -> control.admit("b", AdmissionLimits.OFF).close(), "cheap requests go on while the budget holds");
    }

    @Test
    void theTimeBeforeAdmissionAndTheTimeOfRefusalsCountAgainstTheBudget() {
        AtomicLong cpuNanos = new AtomicLong();
        CpuBudget oneCore = new CpuBudget(2, 0.5, 0, () -> Double.NaN, now::get);
        AdmissionControl control = budgeted(oneCore, now::get, cpuNanos::get);
        AdmissionControl.Meter meter = control.meter();
        cpuNanos.addAndGet(600_000_000L); // the token check, before admission
        control.admit("a", TenantLimits.DEFAULTS, meter).close();
        AdmissionControl.Meter refusedMeter = control.meter();
        cpuNanos.addAndGet(600_000_000L); // a refused request's check and answer
        control.chargeRefused(refusedMeter);
        Refused refused = assertThrows(Refused.class, () -> control.admit("a", AdmissionLimits.OFF));
        assertEquals(Refused.Reason.NODE_CPU, refused.reason(), "1.2 s charged to a budget of 1 s");
    }

    @Test
    void theBudgetGivesProvisioningWhatTheRestOfTheNodeLeavesUpToItsShare() {
        double[] load = {0.9};
        // 2 processors, half of them for SCIM at most, the node at most half busy in all.
        CpuBudget budget = new CpuBudget(2, 0.5, 0.5, () -> load[0], now::get);
        AdmissionControl control = budgeted(budget, now::get, () -> 0L);
        for (int second = 0; second < 10; second++) {
            advanceMillis(1001);
            control.admit("a", AdmissionLimits.OFF).close();
        }
        assertEquals(0.1, control.cpuCoresNow(), 0.005, "sign-in takes 1.8 processors: SCIM is down to a tenth of its share");
        load[0] = 0.3;
        for (int second = 0; second < 10; second++) {
            advanceMillis(1001);
            control.admit("a", AdmissionLimits.OFF).close();
        }
        assertEquals(0.4, control.cpuCoresNow(), 0.005, "sign-in takes 0.6 of the 1.0 the node may use: 0.4 are left");
        load[0] = 0.5;
        for (int second = 0; second < 10; second++) {
            advanceMillis(1001);
            // SCIM itself keeps one processor busy: that is half the node's load, and none of it is sign-in's.
            budget.charge(1_001_000_000L);
            budget.adapt();
        }
        assertEquals(1.0, control.cpuCoresNow(), 0.005, "the load SCIM makes itself does not take its own budget away");
    }

    @Test
    void withoutALoadReadingTheBudgetStaysAsConfigured() {
        CpuBudget budget = new CpuBudget(1, 0.5, 0.5, () -> Double.NaN, now::get);
        AdmissionControl control = budgeted(budget, now::get, () -> 0L);
        advanceMillis(5000);
        control.admit("a", AdmissionLimits.OFF).close();
        assertEquals(0.5, control.cpuCoresNow(), 0.001);
        assertEquals(1.0, CpuBudget.ofProcessors(0.5, 0.5, 2).coresNow(), 0.001, "half of two processors");
        assertEquals(0, CpuBudget.ofProcessors(0, 0.5, 2).coresNow(), 0.001, "0 turns the budget off");
    }

    // Waiting runs on the real clock: a waiter sleeps on the control's monitor.

    private static AdmissionControl waitingUpTo(long millis) {
        return new AdmissionControl(AdmissionLimits.OFF, AdmissionLimits.OFF, CpuBudget.OFF, millis * 1_000_000L, System::nanoTime, () -> 0L);
    }

    private static Thread later(long millis, Runnable work) {
        Thread thread = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            work.run();
        });
        thread.start();
        return thread;
    }

    @Test
    void aRequestOverTheConcurrencyWaitsForASlotInsteadOfBeingRefused() throws Exception {
        AdmissionControl control = waitingUpTo(2000);
        AdmissionLimits one = new AdmissionLimits(1, 0, 0);
        Ticket running = control.admit("a", one);
        Thread release = later(200, running::close);
        long started = System.nanoTime();
        try (Ticket next = control.admit("a", one)) {
            long waited = (System.nanoTime() - started) / 1_000_000;
            assertTrue(waited >= 150 && waited < 1900, "admitted when the slot came back, after " + waited + " ms");
        }
        release.join();
    }

    @Test
    void aRequestThatCannotBeAdmittedInTimeIsRefusedAfterTheWait() {
        AdmissionControl control = waitingUpTo(300);
        AdmissionLimits one = new AdmissionLimits(1, 0, 0);
        control.admit("a", one);
        long started = System.nanoTime();
        Refused refused = assertThrows(Refused.class, () -> control.admit("a", one));
        long waited = (System.nanoTime() - started) / 1_000_000;
        assertEquals(Refused.Reason.TENANT_CONCURRENCY, refused.reason());
        assertTrue(waited >= 250, "it waited " + waited + " ms first");
    }

    @Test
    void fewRequestsWaitAndTheRestAreRefusedAtOnceWithALongerRetryAfter() throws Exception {
        AdmissionControl control = waitingUpTo(2000);
        AdmissionLimits one = new AdmissionLimits(1, 0, 0);
        Ticket running = control.admit("a", one);
        // As many may wait as the tenant may run at once: one.
        Thread waiter = new Thread(() -> control.admit("a", one).close());
        waiter.start();
        while (waiter.getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(5);
        }
        long started = System.nanoTime();
        Refused refused = assertThrows(Refused.class, () -> control.admit("a", one));
        assertTrue((System.nanoTime() - started) / 1_000_000 < 150, "refused at once");
        assertEquals(2, refused.retryAfterSeconds(), "come back once the waiting ones are served");
        running.close();
        waiter.join(2000);
        assertFalse(waiter.isAlive());
    }

    @Test
    void aWaiterWhoseThreadIsInterruptedIsRefusedForWhatItWaitedFor() throws Exception {
        AdmissionControl control = waitingUpTo(2000);
        AdmissionLimits one = new AdmissionLimits(1, 0, 0);
        Ticket running = control.admit("a", one);
        Refused[] refused = new Refused[1];
        Thread waiter = new Thread(() -> refused[0] = assertThrows(Refused.class, () -> control.admit("a", one)));
        waiter.start();
        while (waiter.getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(5);
        }
        waiter.interrupt();
        waiter.join(2000);
        assertEquals(Refused.Reason.TENANT_CONCURRENCY, refused[0].reason(), "the tenant's own slot, not the node's");
        running.close();
        assertDoesNotThrow(() -> control.admit("a", one).close(), "the interrupted waiter holds nothing");
    }

    /** A thread that asks for admission as tenant {@code key}, writes down the key once admitted, and closes at once. */
    private static Thread waiter(AdmissionControl control, String key, List<String> admitted) {
        Thread thread = new Thread(() -> {
            try (Ticket ignored = control.admit(key, AdmissionLimits.OFF)) {
                admitted.add(key);
            } catch (Refused refused) {
                admitted.add(key + " refused");
            }
        });
        thread.start();
        return thread;
    }

    private static void untilWaiting(Thread... threads) throws InterruptedException {
        for (Thread thread : threads) {
            while (thread.getState() != Thread.State.TIMED_WAITING) {
                Thread.sleep(5);
            }
        }
    }

    @Test
    void aTenantArrivingWhileAnothersStormHoldsTheNodeWaitsAndGetsTheNextSlot() throws Exception {
        AdmissionControl control = new AdmissionControl(new AdmissionLimits(1, 0, 0), AdmissionLimits.OFF, CpuBudget.OFF,
                5_000_000_000L, System::nanoTime, () -> 0L);
        List<String> admitted = Collections.synchronizedList(new ArrayList<>());
        Ticket running = control.admit("stormy", AdmissionLimits.OFF);
        Thread[] stormy = {waiter(control, "stormy", admitted), waiter(control, "stormy", admitted), waiter(control, "stormy", admitted)};
        untilWaiting(stormy);
        // The node's one slot has four places to wait; the stormy tenant's fourth request leaves the last one free.
        long started = System.nanoTime();
        Refused fourth = assertThrows(Refused.class, () -> control.admit("stormy", AdmissionLimits.OFF));
        assertTrue((System.nanoTime() - started) / 1_000_000 < 150, "refused at once");
        assertEquals(Refused.Reason.NODE_CONCURRENCY, fourth.reason());
        Thread calm = waiter(control, "calm", admitted);
        untilWaiting(calm);
        running.close();
        calm.join(2000);
        for (Thread thread : stormy) {
            thread.join(2000);
        }
        assertEquals("calm", admitted.get(0), "the slot goes to the tenant that was not served yet: " + admitted);
        assertEquals(List.of("calm", "stormy", "stormy", "stormy"), admitted.stream().sorted().toList(), "every waiter was served");
    }

    @Test
    void tenantsWaitingForTheNodesRateTakeTurns() throws Exception {
        // A wait of 2.9 s: the first stormy waiter's unit, 2 s away, comes with time to spare on a busy machine.
        AdmissionControl control = new AdmissionControl(new AdmissionLimits(0, 1, 1), AdmissionLimits.OFF, CpuBudget.OFF,
                2_900_000_000L, System::nanoTime, () -> 0L);
        List<String> admitted = Collections.synchronizedList(new ArrayList<>());
        control.admit("stormy", AdmissionLimits.OFF).close();
        Thread[] stormy = {waiter(control, "stormy", admitted), waiter(control, "stormy", admitted)};
        untilWaiting(stormy);
        Thread calm = waiter(control, "calm", admitted);
        untilWaiting(calm);
        // One unit a second: the next one is the calm tenant's, though two stormy requests were waiting before it.
        calm.join(4000);
        for (Thread thread : stormy) {
            thread.join(4000);
        }
        // The second stormy request's wait runs out as the first is admitted; which of them writes first is a race.
        List<String> served = admitted.stream().filter(a -> !a.endsWith("refused")).toList();
        assertEquals(List.of("calm", "stormy"), served.subList(0, Math.min(2, served.size())),
                "the calm tenant first, then the turn goes back to the stormy one: " + admitted);
    }

    @Test
    void aRequestOverTheRateWaitsForItsTurnWhenItComesSoon() {
        AdmissionControl control = waitingUpTo(2000);
        AdmissionLimits tenPerSecond = new AdmissionLimits(0, 10, 1);
        control.admit("a", tenPerSecond).close();
        long started = System.nanoTime();
        control.admit("a", tenPerSecond).close();
        long waited = (System.nanoTime() - started) / 1_000_000;
        assertTrue(waited >= 50 && waited < 1000, "paced to 10 per second: waited " + waited + " ms");
        AdmissionLimits onePerSecond = new AdmissionLimits(0, 1, 1);
        try (Ticket bulk = control.admit("b", onePerSecond)) {
            bulk.charge(4);
        }
        started = System.nanoTime();
        Refused refused = assertThrows(Refused.class, () -> control.admit("b", onePerSecond));
        assertEquals(Refused.Reason.TENANT_RATE, refused.reason());
        assertEquals(5, refused.retryAfterSeconds(), "a /Bulk of five at one per second");
        assertTrue((System.nanoTime() - started) / 1_000_000 < 500, "a turn five seconds away is refused at once, not waited for");
    }

    @Test
    void aBulkKeepsToTheBudgetBetweenItsOperations() {
        AtomicLong cpuNanos = new AtomicLong();
        CpuBudget halfACore = new CpuBudget(1, 0.5, 0, () -> Double.NaN, System::nanoTime);
        AdmissionControl control = budgeted(halfACore, System::nanoTime, cpuNanos::get);
        try (Ticket bulk = control.admit("a", AdmissionLimits.OFF)) {
            assertTrue(bulk.paced(), "the node bounds processor time, so a /Bulk runs its operations one by one, paced");
            long started = System.nanoTime();
            cpuNanos.addAndGet(750_000_000L);
            bulk.pace();
            long waited = (System.nanoTime() - started) / 1_000_000;
            // 0.75 s used of a budget holding 0.5 s, refilling at 0.5 s per second: 0.5 s until it is paid.
            assertTrue(waited >= 400 && waited < 3000, "the next operation waited " + waited + " ms");
            long again = System.nanoTime();
            bulk.pace();
            assertTrue((System.nanoTime() - again) / 1_000_000 < 100, "no new debt, no wait");
        }
        try (Ticket unbounded = node(AdmissionLimits.OFF).admit("a", AdmissionLimits.OFF)) {
            assertFalse(unbounded.paced());
        }
    }
}
