package dev.kcscim.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The provisioning token format and its hashing. A token is {@code kcscim_} followed by 256 random bits in
 * unpadded base64url; the prefix lets secret scanners recognise a leaked token.
 *
 * <p>Only the SHA-256 of a token is stored. A slow password hash would add nothing for a 256-bit random
 * secret (it cannot be brute-forced) and would cost CPU on every SCIM request.
 */
public final class TokenSecrets {

    public static final String PREFIX = "kcscim_";
    private static final int SECRET_BYTES = 32;
    /** Base64url of 32 bytes without padding is 43 characters. */
    static final int TOKEN_LENGTH = PREFIX.length() + 43;

    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecrets() {
    }

    public static String generate() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** True when the string has the shape of a token; a cheap check before any hashing. */
    public static boolean looksLikeToken(String candidate) {
        if (candidate == null || candidate.length() != TOKEN_LENGTH || !candidate.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            boolean base64url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!base64url) {
                return false;
            }
        }
        return true;
    }

    /** The stored form: unpadded base64url of SHA-256 over the whole token. */
    public static String hash(String token) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(token));
    }

    /** Compares a presented token with a stored hash in time independent of where they differ. */
    public static boolean matches(String presentedToken, String storedHash) {
        byte[] expected;
        try {
            expected = Base64.getUrlDecoder().decode(storedHash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(presentedToken), expected);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
