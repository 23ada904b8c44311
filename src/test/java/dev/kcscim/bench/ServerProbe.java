package dev.kcscim.bench;

import dev.kcscim.testing.Http;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a benchmark reads of the server it runs: its live heap, through jcmd and the metrics endpoint, and its database, through psql. */
final class ServerProbe {

    private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.eE+]+)", Pattern.MULTILINE);

    private final ProcessHandle server;
    private final String metricsUrl;

    /** @param launched the kc.sh process; the probe finds the Java process under it */
    ServerProbe(ProcessHandle launched, String metricsUrl) {
        this.server = java.util.stream.Stream.concat(java.util.stream.Stream.of(launched), launched.descendants())
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no Java process under " + launched.pid()));
        this.metricsUrl = metricsUrl;
    }

    String metricsUrl() {
        return metricsUrl;
    }

    /** What the server's heap still holds after a full collection (jcmd GC.run), rather than garbage not yet collected. */
    double liveHeapMiB() {
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(server.pid()), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!jcmd.waitFor(1, TimeUnit.MINUTES) || jcmd.exitValue() != 0) {
                throw new IllegalStateException("jcmd GC.run failed for process " + server.pid());
            }
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("jcmd (from the JDK) is needed to read the server's live heap", e);
        }
        return heapMiB();
    }

    /** The classes with the most live bytes (jcmd GC.class_histogram, which collects first), one line each. */
    java.util.List<String> topClasses(int count) {
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(server.pid()), "GC.class_histogram").redirectErrorStream(true).start();
            java.util.List<String> lines = new String(jcmd.getInputStream().readAllBytes()).lines()
                    .filter(l -> l.trim().matches("\\d+:.*")).limit(count).toList();
            jcmd.waitFor(1, TimeUnit.MINUTES);
            return lines;
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("jcmd (from the JDK) is needed to read the server's heap", e);
        }
    }

    double heapMiB() {
        Matcher matcher = HEAP.matcher(Http.get(metricsUrl).send().body());
        double bytes = 0;
        while (matcher.find()) {
            bytes += Double.parseDouble(matcher.group(1));
        }
        return bytes / (1024 * 1024);
    }

    static void psql(String db, String sql) {
        try {
            Process process = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("psql failed: " + sql);
            }
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("psql is needed for the PostgreSQL benchmark", e);
        }
    }

    /** The one value a query answers, as text ({@code psql -At}). */
    static String psqlValue(String db, String sql) {
        try {
            Process process = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql)
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes()).trim();
            if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("psql failed: " + sql + ": " + out);
            }
            return out;
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("psql is needed for the PostgreSQL benchmark", e);
        }
    }
}
