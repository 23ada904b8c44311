package dev.kcscim.testing;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The integration-test server's database, when it is the local PostgreSQL. After a bulk import,
 * PostgreSQL plans queries with statistics from when the tables were nearly empty until autovacuum
 * catches up, which can turn a 0.2 s member listing into 20 s. An operator runs ANALYZE after a bulk
 * load; the scale tests do the same, so they measure the extension rather than stale statistics.
 */
public final class Database {

    private static final Pattern POSTGRES_URL = Pattern.compile("--db-url=jdbc:postgresql://([^:/]+)(?::(\\d+))?/([A-Za-z0-9_]+)");

    private Database() {
    }

    /**
     * The single number a query of the test server's PostgreSQL database answers, or empty where the server runs on
     * another database (H2's file is the server's own while it runs): for checks of what the tables hold.
     */
    public static java.util.OptionalLong count(String sql) {
        Matcher url = POSTGRES_URL.matcher(System.getProperty("kcscim.it.extraArgs", ""));
        if (!url.find()) {
            return java.util.OptionalLong.empty();
        }
        try {
            Process psql = new ProcessBuilder("psql", "-h", url.group(1), "-p", url.group(2) == null ? "5432" : url.group(2),
                    "-U", "postgres", "-d", url.group(3), "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql).redirectErrorStream(true).start();
            String out = new String(psql.getInputStream().readAllBytes()).trim();
            if (!psql.waitFor(60, TimeUnit.SECONDS) || psql.exitValue() != 0) {
                throw new IllegalStateException("psql failed on " + sql + ": " + out);
            }
            return java.util.OptionalLong.of(Long.parseLong(out));
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("psql could not run " + sql, e);
        }
    }

    public static void analyzeAfterBulkLoad() {
        Matcher url = POSTGRES_URL.matcher(System.getProperty("kcscim.it.extraArgs", ""));
        if (!url.find()) {
            return;
        }
        try {
            Process psql = new ProcessBuilder("psql", "-h", url.group(1), "-p", url.group(2) == null ? "5432" : url.group(2),
                    "-U", "postgres", "-d", url.group(3), "-q", "-c", "ANALYZE")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            psql.waitFor(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Without psql the tests still run, only slower.
        }
    }
}
