package dev.kcscim.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/** Reads a tenant's activity log through the admin API. */
public final class ActivityLogs {

    private ActivityLogs() {
    }

    /**
     * The entries at {@code path} (such as {@code /activity?status=errors}, below {@code …/provisioning} of a realm)
     * once they satisfy {@code ready}. The log is written in the background, about every half second, so this waits
     * up to ten seconds.
     */
    public static JsonNode until(AdminApi admin, String realm, String path, Predicate<JsonNode> ready) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        JsonNode entries;
        do {
            entries = admin.require(admin.call("GET", "/" + realm + "/provisioning" + path).send(), 200).json();
            if (ready.test(entries)) {
                return entries;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("The activity log never showed what was expected: " + entries);
    }
}
