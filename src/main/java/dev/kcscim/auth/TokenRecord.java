package dev.kcscim.auth;

import java.time.Instant;

/**
 * A provisioning token as stored: never the secret, only its hash.
 *
 * @param expiresAt  null when the token does not expire
 * @param lastUsedAt null until first use; recorded coarsely (see {@link TokenStore#LAST_USED_GRANULARITY})
 */
public record TokenRecord(String id, String name, String hash, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {

    public boolean isExpired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
