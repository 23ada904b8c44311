package dev.kcscim.auth;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void storedFormRoundTripsWithoutSecret() {
        TokenRecord record = new TokenRecord("abc", "okta \"prod\"", TokenSecrets.hash("kcscim_x"), NOW, NOW.plusSeconds(3600), null);
        String stored = TokenStore.encode(record);
        assertFalse(stored.contains("kcscim_x"));
        assertEquals(record.withLastUsedAt(NOW), TokenStore.decode("abc", stored, NOW.toString()).orElseThrow());
    }

    @Test
    void unreadableStoredFormIsIgnored() {
        assertTrue(TokenStore.decode("abc", "{not json", null).isEmpty());
        assertTrue(TokenStore.decode("abc", "{\"name\":\"x\"}", null).isEmpty());
    }
}
