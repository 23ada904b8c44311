package dev.kcscim.auth;

import dev.kcscim.keycloak.jpa.Persistence;
import dev.kcscim.tenant.StateTables;
import dev.kcscim.tenant.Tenant;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Provisioning tokens, one row each in {@value StateTables#TOKEN} (see {@link StateTables} for why a table of its
 * own). Only hashes are stored. Verifying reads the one row whose hash is the presented token's, through its
 * unique index, so it costs the same with ten tenants or ten thousand; the row must belong to the tenant whose URL
 * was called, so a realm token never works for an organization, nor one organization's for another. Every request
 * reads the database, so a token revoked on one node is refused by all at once.
 */
public final class TokenStore {

    private static final Logger LOG = Logger.getLogger(TokenStore.class);

    private static final String COLUMNS = "ID, NAME, HASH, CREATED_MS, EXPIRES_MS, LAST_USED_MS";

    /**
     * Writing "last used" on every request would put a database write on the hot path; once per this interval per
     * token is enough for an administrator.
     */
    public static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(15);

    private TokenStore() {
    }

    /** A created token: the record and the secret, which exists only in this value and the response. */
    public record Created(TokenRecord record, String secret) {
    }

    private static EntityManager entityManager(KeycloakSession session, Tenant tenant) {
        return StateTables.entityManager(session, tenant.realm());
    }

    public static List<TokenRecord> list(KeycloakSession session, Tenant tenant) {
        List<?> rows = entityManager(session, tenant).createNativeQuery("SELECT " + COLUMNS + " FROM " + StateTables.TOKEN
                        + " WHERE REALM_ID = ?1 AND TENANT = ?2 ORDER BY CREATED_MS, ID")
                .setParameter(1, tenant.realm().getId()).setParameter(2, StateTables.tenantKey(tenant)).getResultList();
        return rows.stream().map(row -> record((Object[]) row)).toList();
    }

    public static Optional<TokenRecord> get(KeycloakSession session, Tenant tenant, String id) {
        return list(session, tenant).stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public static Created create(KeycloakSession session, Tenant tenant, String name, Instant expiresAt, Instant now) {
        String secret = TokenSecrets.generate();
        TokenRecord record = new TokenRecord(UUID.randomUUID().toString(), name, TokenSecrets.hash(secret), now, expiresAt, null);
        StateTables.insertToken(entityManager(session, tenant), tenant.realm().getId(), StateTables.tenantKey(tenant), record.id(),
                record.name(), record.hash(), now.toEpochMilli(), expiresAt == null ? null : expiresAt.toEpochMilli(), null);
        return new Created(record, secret);
    }

    public static boolean revoke(KeycloakSession session, Tenant tenant, String id) {
        return entityManager(session, tenant).createNativeQuery("DELETE FROM " + StateTables.TOKEN + " WHERE ID = ?1 AND REALM_ID = ?2 AND TENANT = ?3")
                .setParameter(1, id).setParameter(2, tenant.realm().getId()).setParameter(3, StateTables.tenantKey(tenant))
                .executeUpdate() > 0;
    }

    /**
     * The unexpired token of this tenant that the presented secret is. The row is found by the hash's index; the
     * hashes are then compared once more in constant time, so a database that compares strings loosely (MariaDB's
     * case-insensitive collations) cannot let a near miss through.
     */
    public static Optional<TokenRecord> verify(KeycloakSession session, Tenant tenant, String presented, Instant now) {
        if (!TokenSecrets.looksLikeToken(presented)) {
            return Optional.empty();
        }
        List<?> rows = entityManager(session, tenant).createNativeQuery("SELECT " + COLUMNS + " FROM " + StateTables.TOKEN
                        + " WHERE HASH = ?1 AND REALM_ID = ?2 AND TENANT = ?3")
                .setParameter(1, TokenSecrets.hash(presented)).setParameter(2, tenant.realm().getId())
                .setParameter(3, StateTables.tenantKey(tenant)).getResultList();
        return rows.stream().map(row -> record((Object[]) row))
                .filter(r -> TokenSecrets.matches(presented, r.hash()) && !r.isExpired(now))
                .findFirst();
    }

    /**
     * Records use, at most once per {@link #LAST_USED_GRANULARITY}, in its own transaction so that neither a
     * failing SCIM request nor a concurrent write from another node can make the two interfere. It touches the
     * token's row only: no cache anywhere is invalidated.
     */
    public static void recordUse(KeycloakSessionFactory factory, TokenRecord record, Instant now) {
        if (record.lastUsedAt() != null && record.lastUsedAt().plus(LAST_USED_GRANULARITY).isAfter(now)) {
            return;
        }
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> Persistence.entityManager(session).ifPresent(em ->
                    em.createNativeQuery("UPDATE " + StateTables.TOKEN + " SET LAST_USED_MS = ?1 WHERE ID = ?2")
                            .setParameter(1, now.toEpochMilli()).setParameter(2, record.id()).executeUpdate()));
        } catch (RuntimeException e) {
            // Losing one "last used" stamp is harmless; failing the request for it would not be.
            LOG.debugf(e, "Could not record last use of provisioning token %s", record.id());
        }
    }

    private static TokenRecord record(Object[] row) {
        return new TokenRecord((String) row[0], (String) row[1], (String) row[2], instant(row[3]), instant(row[4]), instant(row[5]));
    }

    private static Instant instant(Object millis) {
        // Databases hand BIGINT back as Long, BigInteger or BigDecimal.
        return millis == null ? null : Instant.ofEpochMilli(((Number) millis).longValue());
    }
}
