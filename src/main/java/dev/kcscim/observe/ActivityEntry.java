package dev.kcscim.observe;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/** One line of the activity log, as the admin API returns it; token and detail are null where there is none. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ActivityEntry(String time, String token, String method, String path, String resourceId, int status,
                            long durationMs, String detail) {

    static ActivityEntry of(long timeMillis, String token, String method, String path, String resourceId, int status,
                            long durationMs, String detail) {
        return new ActivityEntry(Instant.ofEpochMilli(timeMillis).toString(), token, method, path, resourceId, status, durationMs, detail);
    }
}
