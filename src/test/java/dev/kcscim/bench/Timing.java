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

    private Timing() {
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
