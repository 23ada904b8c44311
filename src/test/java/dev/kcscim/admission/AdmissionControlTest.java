package dev.kcscim.admission;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

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

    private void advanceMillis(long millis) {
        now.addAndGet(millis * 1_000_000L);
    }

    @Test
    void aTenantRunsAtMostItsConcurrencyAndGetsASlotBackWhenOneEnds() {
        AdmissionControl control = node(AdmissionLimits.OFF);
        AdmissionLimits two = new AdmissionLimits(2, 0, 0);
        AdmissionControl.Ticket first = control.admit("a", two);
        control.admit("a", two);
        AdmissionControl.Refused refused = assertThrows(AdmissionControl.Refused.class, () -> control.admit("a", two));
        assertEquals(AdmissionControl.Reason.TENANT_CONCURRENCY, refused.reason());
        assertEquals(1, refused.retryAfterSeconds());
        assertTrue(refused.getMessage().contains("at most 2 run at the same time"), refused.getMessage());
        first.close();
        first.close();
        assertDoesNotThrow(() -> control.admit("a", two));
        assertThrows(AdmissionControl.Refused.class, () -> control.admit("a", two), "closing twice gives back one slot");
    }

    @Test
    void theRateAdmitsTheBurstThenOneRequestPerRefill() {
        AdmissionControl control = node(AdmissionLimits.OFF);
        AdmissionLimits limits = new AdmissionLimits(0, 10, 5);
        for (int i = 0; i < 5; i++) {
            control.admit("a", limits).close();
        }
        AdmissionControl.Refused refused = assertThrows(AdmissionControl.Refused.class, () -> control.admit("a", limits));
        assertEquals(AdmissionControl.Reason.TENANT_RATE, refused.reason());
        assertEquals(1, refused.retryAfterSeconds());
        advanceMillis(100);
        control.admit("a", limits).close();
        assertThrows(AdmissionControl.Refused.class, () -> control.admit("a", limits));
        advanceMillis(1000);
        for (int i = 0; i < 5; i++) {
            control.admit("a", limits).close();
        }
        assertThrows(AdmissionControl.Refused.class, () -> control.admit("a", limits), "the bucket holds the burst, no more");
    }

    @Test
    void aBulkIsAdmittedOnOneUnitAndItsOperationsAreDebtThatTheNextRequestsWaitFor() {
        AdmissionControl control = node(AdmissionLimits.OFF);
        AdmissionLimits limits = new AdmissionLimits(0, 10, 10);
        try (AdmissionControl.Ticket bulk = control.admit("a", limits)) {
            bulk.charge(99);
        }
        AdmissionControl.Refused refused = assertThrows(AdmissionControl.Refused.class, () -> control.admit("a", limits));
        // 100 operations taken from 10: 90 in debt, and one more unit needed, at 10 per second.
        assertEquals(10, refused.retryAfterSeconds());
        advanceMillis(9_000);
        assertThrows(AdmissionControl.Refused.class, () -> control.admit("a", limits));
        advanceMillis(1_100);
        assertDoesNotThrow(() -> control.admit("a", limits).close());
    }

    @Test
    void eachTenantHasItsOwnLimits() {
        AdmissionControl control = node(AdmissionLimits.OFF);
        AdmissionLimits one = new AdmissionLimits(1, 1, 1);
        control.admit("a", one);
        assertThrows(AdmissionControl.Refused.class, () -> control.admit("a", one));
        assertDoesNotThrow(() -> control.admit("b", one), "another tenant is not throttled by a's storm");
        assertDoesNotThrow(() -> control.admit("realm", AdmissionLimits.OFF));
    }

    @Test
    void theNodeCeilingIsSharedFairlyAmongBusyTenants() {
        AdmissionControl control = node(new AdmissionLimits(4, 0, 0));
        List<AdmissionControl.Ticket> greedy = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            greedy.add(control.admit("greedy", AdmissionLimits.OFF));
        }
        // One slot is free; the greedy tenant, over its share once another tenant is busy, leaves it to others.
        control.admit("other", AdmissionLimits.OFF);
        AdmissionControl.Refused full = assertThrows(AdmissionControl.Refused.class, () -> control.admit("third", AdmissionLimits.OFF));
        assertEquals(AdmissionControl.Reason.NODE_CONCURRENCY, full.reason());
        greedy.get(0).close();
        AdmissionControl.Refused overShare = assertThrows(AdmissionControl.Refused.class, () -> control.admit("greedy", AdmissionLimits.OFF),
                "the greedy tenant holds 2 of 4 with another tenant busy: the free slot is kept for that one");
        assertEquals(AdmissionControl.Reason.NODE_CONCURRENCY, overShare.reason());
        assertDoesNotThrow(() -> control.admit("other", AdmissionLimits.OFF), "the other tenant, under its share, gets it");
    }

    @Test
    void aLoneTenantMayUseTheWholeCeiling() {
        AdmissionControl control = node(new AdmissionLimits(3, 0, 0));
        for (int i = 0; i < 3; i++) {
            control.admit("alone", AdmissionLimits.OFF);
        }
        assertThrows(AdmissionControl.Refused.class, () -> control.admit("alone", AdmissionLimits.OFF));
    }

    @Test
    void theNodeRateRefusesAcrossTenantsAndTakesNothingFromTheTenantItRefuses() {
        AdmissionControl control = node(new AdmissionLimits(0, 2, 2));
        AdmissionLimits own = new AdmissionLimits(0, 1, 1);
        control.admit("a", AdmissionLimits.OFF).close();
        control.admit("b", AdmissionLimits.OFF).close();
        AdmissionControl.Refused refused = assertThrows(AdmissionControl.Refused.class, () -> control.admit("c", own));
        assertEquals(AdmissionControl.Reason.NODE_RATE, refused.reason());
        assertTrue(refused.getMessage().contains("across all tenants"), refused.getMessage());
        advanceMillis(500);
        assertDoesNotThrow(() -> control.admit("c", own).close(), "c's own unit was given back when the node refused it");
    }

    @Test
    void onlyTheFirstRefusalOfABurstIsMarkedForTheActivityLog() {
        AdmissionControl control = node(AdmissionLimits.OFF);
        AdmissionLimits zeroHeadroom = new AdmissionLimits(1, 0, 0);
        control.admit("a", zeroHeadroom);
        assertTrue(assertThrows(AdmissionControl.Refused.class, () -> control.admit("a", zeroHeadroom)).firstOfBurst());
        advanceMillis(30_000);
        assertFalse(assertThrows(AdmissionControl.Refused.class, () -> control.admit("a", zeroHeadroom)).firstOfBurst());
        advanceMillis(59_000);
        assertFalse(assertThrows(AdmissionControl.Refused.class, () -> control.admit("a", zeroHeadroom)).firstOfBurst(),
                "refusals less than a minute apart are one burst");
        advanceMillis(61_000);
        assertTrue(assertThrows(AdmissionControl.Refused.class, () -> control.admit("a", zeroHeadroom)).firstOfBurst());
    }

    @Test
    void aChangedLimitTakesEffectAtOnce() {
        AdmissionControl control = node(AdmissionLimits.OFF);
        control.admit("a", new AdmissionLimits(0, 1, 1)).close();
        assertThrows(AdmissionControl.Refused.class, () -> control.admit("a", new AdmissionLimits(0, 1, 1)));
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
        control.admit("a", TenantLimits.DEFAULTS);
        assertEquals(AdmissionControl.Reason.TENANT_CONCURRENCY,
                assertThrows(AdmissionControl.Refused.class, () -> control.admit("a", TenantLimits.DEFAULTS)).reason());
        assertDoesNotThrow(() -> control.admit("a", new TenantLimits(2, null, null)), "its own setting wins");
        assertEquals(new AdmissionLimits(0, 30, 5), new TenantLimits(0, null, 5).over(new AdmissionLimits(4, 30, 60)));
    }

    @Test
    void theNodeDefaultsGrowWithItsProcessors() {
        assertEquals(new AdmissionLimits(1, 50, 100), AdmissionLimits.nodeDefaults(2));
        assertEquals(new AdmissionLimits(4, 200, 400), AdmissionLimits.nodeDefaults(8));
        assertEquals(new AdmissionLimits(1, 25, 50), AdmissionLimits.nodeDefaults(0));
    }

    @Test
    void theNodesRateGivesWayWhileItsProcessorsAreBusyAndComesBackWhenTheyAreNot() {
        double[] load = {0.9};
        AdmissionControl control = new AdmissionControl(new AdmissionLimits(0, 100, 100), AdmissionLimits.OFF,
                new AdmissionControl.Adaptive(0.5, 4, () -> load[0]), now::get);
        for (int second = 0; second < 10; second++) {
            advanceMillis(1001);
            control.admit("a", AdmissionLimits.OFF).close();
        }
        assertEquals(4, control.nodeRateNow(), 0.001, "busy for ten seconds: down to the floor");
        AdmissionControl.Refused refused = null;
        for (int i = 0; i < 200 && refused == null; i++) {
            try {
                control.admit("a", AdmissionLimits.OFF).close();
            } catch (AdmissionControl.Refused e) {
                refused = e;
            }
        }
        assertTrue(refused != null && refused.getMessage().contains("at most 4 SCIM requests per second now"), String.valueOf(refused));
        load[0] = 0.45;
        advanceMillis(1001);
        control.admit("b", AdmissionLimits.OFF).close();
        assertEquals(4, control.nodeRateNow(), 0.001, "near the target it holds");
        load[0] = 0.1;
        for (int second = 0; second < 30; second++) {
            advanceMillis(1001);
            try {
                control.admit("b", AdmissionLimits.OFF).close();
            } catch (AdmissionControl.Refused ignored) {
                // the bucket refills meanwhile; what matters is the rate
            }
        }
        assertEquals(100, control.nodeRateNow(), 0.001, "an idle node serves at the configured rate again");
    }

    @Test
    void withoutALoadReadingTheRateStaysAsConfigured() {
        AdmissionControl control = new AdmissionControl(new AdmissionLimits(0, 30, 30), AdmissionLimits.OFF,
                new AdmissionControl.Adaptive(0.5, 4, () -> Double.NaN), now::get);
        advanceMillis(5000);
        control.admit("a", AdmissionLimits.OFF).close();
        assertEquals(30, control.nodeRateNow(), 0.001);
    }
}
