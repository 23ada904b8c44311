package dev.kcscim.tenant;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What earlier versions kept in realm attributes reads back as the rows it becomes. */
class LegacyAttributesTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void aTokenAttributeKeepsItsIdHashAndTimes() {
        String stored = "{\"name\":\"okta \\\"prod\\\"\",\"hash\":\"abc_DEF-123\",\"createdAt\":\"2026-11-29T12:00:00Z\",\"expiresAt\":\"2026-11-29T13:00:00Z\"}";
        LegacyAttributes.Token token = LegacyAttributes.Token.decode("t1", stored, "2026-11-29T12:30:00Z").orElseThrow();
        assertEquals(new LegacyAttributes.Token("t1", "okta \"prod\"", "abc_DEF-123", NOW.toEpochMilli(), NOW.plusSeconds(3600).toEpochMilli(),
                NOW.plusSeconds(1800).toEpochMilli()), token);
        assertNull(LegacyAttributes.Token.decode("t2", "{\"name\":\"x\",\"hash\":\"h\",\"createdAt\":\"2026-11-29T12:00:00Z\"}", null)
                .orElseThrow().expiresMillis(), "no expiry");
    }

    @Test
    void anUnreadableTokenAttributeIsNotMoved() {
        assertTrue(LegacyAttributes.Token.decode("abc", "{not json", null).isEmpty());
        assertTrue(LegacyAttributes.Token.decode("abc", "{\"name\":\"x\"}", null).isEmpty());
    }

    @Test
    void settingsAreStoredUnderTheirAttributeNames() {
        Map<String, String> values = Map.of("enabled", "true", "attributeMappings", "[{\"attribute\":\"a\"}]");
        assertEquals(values, TenantSettingsStore.parse(TenantSettingsStore.format(values)));
        assertEquals(Map.of(), TenantSettingsStore.parse("not json"), "an unreadable row is every setting at its default");
    }
}
