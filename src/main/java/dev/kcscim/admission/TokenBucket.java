package dev.kcscim.admission;

import java.util.function.LongSupplier;

/**
 * A rate of so many units per second with a burst: the bucket holds up to {@code burst} units and refills at
 * {@code rate} per second. A request is admitted while the bucket holds at least one unit, and then takes its
 * whole cost, which may leave the bucket in debt: a {@code /Bulk} of 100 operations is admitted on one unit and
 * pays for 100, so the requests after it wait until the debt is paid. Without debt, a request that costs more
 * than the burst could never be admitted.
 */
final class TokenBucket {

    private double rate;
    private final double burst;
    private final LongSupplier nanoTime;
    private double units;
    private long refilledAt;

    TokenBucket(double rate, double burst, LongSupplier nanoTime) {
        this.rate = rate;
        this.burst = Math.max(1, burst);
        this.nanoTime = nanoTime;
        this.units = this.burst;
        this.refilledAt = nanoTime.getAsLong();
    }

    /** What the bucket holds now; below zero while a request's cost is in debt. */
    synchronized double level() {
        refill();
        return units;
    }

    /** Nanoseconds until the bucket holds more than {@code level} units. */
    synchronized long nanosUntil(double level) {
        refill();
        return units > level ? 0 : nanosToRefill(level) + 1;
    }

    /** Nanoseconds until the bucket holds at least {@code level} units: what a request that needs them waits. */
    synchronized long nanosUntilHolding(double level) {
        refill();
        return units >= level ? 0 : nanosToRefill(level);
    }

    private long nanosToRefill(double level) {
        return Math.max(1, (long) Math.ceil((level - units) / rate * 1e9));
    }

    /** Takes {@code cost} more units from an admitted request, debt and all. */
    synchronized void charge(double cost) {
        refill();
        units -= cost;
    }

    /** Seconds until the bucket holds {@code level} units, at least one. */
    synchronized long secondsUntil(double level) {
        refill();
        return units >= level ? 1 : Math.max(1, (long) Math.ceil((level - units) / rate));
    }

    /** A new rate from now on; what the bucket holds stays. */
    synchronized void rate(double perSecond) {
        refill();
        rate = perSecond;
    }

    synchronized double rate() {
        return rate;
    }

    boolean sameAs(double otherRate, double otherBurst) {
        return rate == otherRate && burst == Math.max(1, otherBurst);
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        units = Math.min(burst, units + (now - refilledAt) / 1e9 * rate);
        refilledAt = now;
    }
}
