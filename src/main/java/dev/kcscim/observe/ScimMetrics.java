package dev.kcscim.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * SCIM request metrics in Keycloak's Micrometer registry, which Keycloak serves on its management port at
 * {@code /metrics} when started with {@code --metrics-enabled=true}:
 * <ul>
 *   <li>{@code keycloak_scim_requests_total}: a counter;</li>
 *   <li>{@code keycloak_scim_request_duration_seconds}: a histogram (buckets from 5 ms to 10 s, count and sum).</li>
 * </ul>
 * Both are tagged {@code realm}, {@code tenant} ("realm" or "organization"), {@code resource}, {@code method} and
 * {@code status} (the class, such as "2xx"). Tags take only bounded values: no ids, no paths. Without metrics
 * enabled, Keycloak's global registry has no backing registry and recording costs next to nothing.
 */
final class ScimMetrics {

    static final String REQUESTS = "keycloak.scim.requests";
    static final String DURATION = "keycloak.scim.request.duration";
    static final String THROTTLED = "keycloak.scim.throttled";
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private ScimMetrics() {
    }

    /** {@code keycloak_scim_throttled_total{realm, tenant, reason}}: requests admission control refused with 429. */
    static void throttled(RequestRecord request, String reason) {
        Counter.builder(THROTTLED).description("SCIM requests refused with 429 by admission control")
                .tags("realm", request.realmName(), "tenant", request.organizationId() == null ? "realm" : "organization", "reason", reason)
                .register(Metrics.globalRegistry).increment();
    }

    static void record(RequestRecord request) {
        MeterRegistry registry = Metrics.globalRegistry;
        Tags tags = Tags.of("realm", request.realmName(), "tenant", request.organizationId() == null ? "realm" : "organization",
                "resource", request.resource(), "method", request.metricMethod(), "status", request.statusClass());
        Counter.builder(REQUESTS).description("SCIM requests answered").tags(tags).register(registry).increment();
        Timer.builder(DURATION).description("Time to answer a SCIM request").tags(tags)
                .serviceLevelObjectives(BUCKETS).register(registry)
                .record(request.durationNanos(), TimeUnit.NANOSECONDS);
    }
}
