package dev.kcscim.bench;

import dev.kcscim.testing.Http;

import java.util.Arrays;
import java.util.function.DoubleSupplier;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Times a call many times against a running server: median and p95 latency, and server bytes allocated per call. */
final class Timing {

    /** Median and 95th percentile in ms, and KiB the server allocated per call (NaN where unknown). */
    record Figures(double medianMs, double p95Ms, double kibPerCall) {
        @Override
        public String toString() {
            return String.format("%6.1f / %6.1f  %7.0f KiB", medianMs, p95Ms, kibPerCall);
        }

        String latency() {
            return String.format("%7.1f / %7.1f", medianMs, p95Ms);
        }
    }

    /** Percentiles of latencies in ms, from samples taken elsewhere (NaN where there are none). */
    record Percentiles(int count, double p50, double p95, double p99) {
        @Override
        public String toString() {
            return String.format("%7.1f / %7.1f / %7.1f", p50, p95, p99);
        }
    }

    private Timing() {
    }

    static Percentiles percentiles(java.util.Collection<Double> millis) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Percentiles(sorted.length, at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99));
    }

    /** The nearest-rank percentile {@code q} of sorted samples. */
    private static double at(double[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * q) - 1))];
    }

    /** Warms up, then times each call; {@code allocated} reads the server's allocation counter around the batch. */
    static Figures measure(int iterations, IntFunction<Http.Result> call, DoubleSupplier allocated) {
        for (int i = 0; i < Math.min(20, iterations); i++) {
            check(call.apply(500_000 + i));
        }
        double before = allocated.getAsDouble();
        long[] nanos = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            check(call.apply(i));
            nanos[i] = System.nanoTime() - start;
        }
        double after = allocated.getAsDouble();
        Arrays.sort(nanos);
        return new Figures(nanos[iterations / 2] / 1e6, nanos[(int) Math.min(iterations - 1, Math.ceil(iterations * 0.95) - 1)] / 1e6,
                (after - before) / iterations / 1024.0);
    }

    /**
     * Times two calls side by side: both are warmed up, then called alternately, so that the JIT, the caches and
     * the database's state (a growing realm) favour neither; allocation is read around a short block of each.
     */
    static Figures[] measurePair(int iterations, IntFunction<Http.Result> first, IntFunction<Http.Result> second, DoubleSupplier allocated) {
        int warmUp = Math.min(50, iterations);
        for (int i = 0; i < warmUp; i++) {
            check(first.apply(500_000 + i));
            check(second.apply(500_000 + i));
        }
        long[][] nanos = new long[2][iterations];
        for (int i = 0; i < iterations; i++) {
            for (int side = 0; side < 2; side++) {
                IntFunction<Http.Result> call = side == 0 ? first : second;
                long start = System.nanoTime();
                check(call.apply(i));
                nanos[side][i] = System.nanoTime() - start;
            }
        }
        double[] kib = new double[2];
        int block = Math.max(1, Math.min(50, iterations / 4));
        for (int side = 0; side < 2; side++) {
            IntFunction<Http.Result> call = side == 0 ? first : second;
            double before = allocated.getAsDouble();
            for (int i = 0; i < block; i++) {
                check(call.apply(600_000 + i));
            }
            kib[side] = (allocated.getAsDouble() - before) / block / 1024.0;
        }
        Figures[] out = new Figures[2];
        for (int side = 0; side < 2; side++) {
            Arrays.sort(nanos[side]);
            out[side] = new Figures(nanos[side][iterations / 2] / 1e6,
                    nanos[side][(int) Math.min(iterations - 1, Math.ceil(iterations * 0.95) - 1)] / 1e6, kib[side]);
        }
        return out;
    }

    private static final Pattern ALLOCATED = Pattern.compile("^jvm_gc_memory_allocated_bytes_total(?:\\{[^}]*})? ([0-9.eE+]+)", Pattern.MULTILINE);

    /** The server's JVM allocation counter, from Keycloak's metrics endpoint; NaN where it is not there. */
    static double allocatedBytes(String metricsUrl) {
        Matcher matcher = ALLOCATED.matcher(Http.get(metricsUrl).send().body());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
    }

    static void check(Http.Result result) {
        if (result.status() >= 300) {
            throw new IllegalStateException("Benchmark call failed: " + result);
        }
    }
}
