package dev.kcscim.auth;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenRecordTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void expiryIsExclusiveOfTheInstant() {
        TokenRecord record = new TokenRecord("id", "okta", "h", NOW.minusSeconds(60), NOW, null);
        assertFalse(record.isExpired(NOW.minusMillis(1)));
        assertTrue(record.isExpired(NOW));
        assertFalse(new TokenRecord("id", "okta", "h", NOW, null, null).isExpired(Instant.MAX));
    }
}
