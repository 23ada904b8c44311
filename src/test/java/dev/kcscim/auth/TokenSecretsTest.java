package dev.kcscim.auth;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenSecretsTest {

    @Test
    void tokensHaveTheRecognisablePrefixAnd256RandomBits() {
        String token = TokenSecrets.generate();
        assertTrue(token.startsWith("kcscim_"));
        assertEquals(50, token.length());
        assertTrue(token.substring(7).matches("[A-Za-z0-9_-]{43}"), token);
        assertTrue(TokenSecrets.looksLikeToken(token));
    }

    @Test
    void tokensDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(TokenSecrets.generate()));
        }
    }

    @Test
    void shapeCheckRejectsAnythingElse() {
        String token = TokenSecrets.generate();
        assertFalse(TokenSecrets.looksLikeToken(null));
        assertFalse(TokenSecrets.looksLikeToken(""));
        assertFalse(TokenSecrets.looksLikeToken(token + "A"));
        assertFalse(TokenSecrets.looksLikeToken(token.substring(1)));
        assertFalse(TokenSecrets.looksLikeToken("kcscim-" + token.substring(7)));
        assertFalse(TokenSecrets.looksLikeToken(token.substring(0, 49) + "="));
        assertFalse(TokenSecrets.looksLikeToken(token.substring(0, 49) + "é"));
    }

    @Test
    void hashIsSha256AndVerifiesOnlyTheSameToken() {
        String token = TokenSecrets.generate();
        String hash = TokenSecrets.hash(token);
        assertEquals(43, hash.length(), "base64url of 32 bytes");
        assertFalse(hash.contains(token.substring(7)));
        assertTrue(TokenSecrets.matches(token, hash));
        assertFalse(TokenSecrets.matches(TokenSecrets.generate(), hash));
        String flipped = token.substring(0, 49) + (token.charAt(49) == 'A' ? 'B' : 'A');
        assertFalse(TokenSecrets.matches(flipped, hash));
        assertNotEquals(hash, TokenSecrets.hash(flipped));
    }

    @Test
    void knownSha256Vector() {
        // SHA-256("abc") from FIPS 180-2, in unpadded base64url.
        assertEquals("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0", TokenSecrets.hash("abc"));
    }

    @Test
    void corruptStoredHashNeverMatches() {
        String token = TokenSecrets.generate();
        assertFalse(TokenSecrets.matches(token, "not base64 !!"));
        assertFalse(TokenSecrets.matches(token, ""));
    }
}
