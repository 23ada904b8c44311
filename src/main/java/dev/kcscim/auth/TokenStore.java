package dev.kcscim.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.keycloak.Tenant;
import dev.kcscim.protocol.Json;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Provisioning tokens, kept as realm attributes under their tenant's prefix (see {@link Tenant}). That choice
 * gives what the design asks for without a new table: the database is shared by every node, a change
 * invalidates the realm cache on all of them (so a revoked token stops working everywhere at once), and realm
 * export and import carry the tokens along. Only hashes are stored. A token is found only among its own
 * tenant's tokens, so a realm token never works for an organization, nor one organization's for another.
 */
public final class TokenStore {

    private static final Logger LOG = Logger.getLogger(TokenStore.class);

    static final String TOKEN = "token.";
    static final String LAST_USED = "tokenLastUsed.";

    /**
     * Writing "last used" on every request would put a database write and a cluster-wide realm cache
     * invalidation on the hot path; once per this interval per token is enough for an administrator.
     */
    public static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(15);

    private TokenStore() {
    }

    /** A created token: the record and the secret, which exists only in this value and the response. */
    public record Created(TokenRecord record, String secret) {
    }

    private static String tokenKey(Tenant tenant, String id) {
        return tenant.attributePrefix() + TOKEN + id;
    }

    private static String lastUsedKey(Tenant tenant, String id) {
        return tenant.attributePrefix() + LAST_USED + id;
    }

    public static List<TokenRecord> list(Tenant tenant) {
        Map<String, String> attributes = tenant.realm().getAttributes();
        String prefix = tenant.attributePrefix() + TOKEN;
        return attributes.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix))
                .map(e -> decode(e.getKey().substring(prefix.length()), e.getValue(),
                        attributes.get(lastUsedKey(tenant, e.getKey().substring(prefix.length())))))
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(TokenRecord::createdAt).thenComparing(TokenRecord::id))
                .toList();
    }

    public static Optional<TokenRecord> get(Tenant tenant, String id) {
        String value = tenant.realm().getAttribute(tokenKey(tenant, id));
        return value == null ? Optional.empty() : decode(id, value, tenant.realm().getAttribute(lastUsedKey(tenant, id)));
    }

    public static Created create(Tenant tenant, String name, Instant expiresAt, Instant now) {
        String secret = TokenSecrets.generate();
        TokenRecord record = new TokenRecord(UUID.randomUUID().toString(), name, TokenSecrets.hash(secret), now, expiresAt, null);
        tenant.realm().setAttribute(tokenKey(tenant, record.id()), encode(record));
        return new Created(record, secret);
    }

    public static boolean revoke(Tenant tenant, String id) {
        if (tenant.realm().getAttribute(tokenKey(tenant, id)) == null) {
            return false;
        }
        tenant.realm().removeAttribute(tokenKey(tenant, id));
        tenant.realm().removeAttribute(lastUsedKey(tenant, id));
        return true;
    }

    /**
     * Finds the unexpired token of this tenant that matches the presented secret. Every stored hash is
     * compared in constant time; a tenant holds a handful of tokens, so the scan costs nothing.
     */
    public static Optional<TokenRecord> verify(Tenant tenant, String presented, Instant now) {
        if (!TokenSecrets.looksLikeToken(presented)) {
            return Optional.empty();
        }
        TokenRecord found = null;
        for (TokenRecord record : list(tenant)) {
            if (TokenSecrets.matches(presented, record.hash())) {
                found = record;
            }
        }
        return found == null || found.isExpired(now) ? Optional.empty() : Optional.of(found);
    }

    /**
     * Records use, at most once per {@link #LAST_USED_GRANULARITY}, in its own transaction so that neither a
     * failing SCIM request nor a concurrent write from another node can make the two interfere.
     */
    public static void recordUse(KeycloakSessionFactory factory, Tenant tenant, TokenRecord record, Instant now) {
        if (record.lastUsedAt() != null && record.lastUsedAt().plus(LAST_USED_GRANULARITY).isAfter(now)) {
            return;
        }
        String realmId = tenant.realm().getId();
        String tokenKey = tokenKey(tenant, record.id());
        String lastUsedKey = lastUsedKey(tenant, record.id());
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                if (realm != null && realm.getAttribute(tokenKey) != null) {
                    realm.setAttribute(lastUsedKey, now.toString());
                }
            });
        } catch (RuntimeException e) {
            // Losing one "last used" stamp is harmless; failing the request for it would not be.
            LOG.debugf(e, "Could not record last use of provisioning token %s", record.id());
        }
    }

    static String encode(TokenRecord record) {
        ObjectNode node = Json.object();
        node.put("name", record.name());
        node.put("hash", record.hash());
        node.put("createdAt", record.createdAt().toString());
        if (record.expiresAt() != null) {
            node.put("expiresAt", record.expiresAt().toString());
        }
        return new String(Json.write(node), java.nio.charset.StandardCharsets.UTF_8);
    }

    static Optional<TokenRecord> decode(String id, String value, String lastUsed) {
        try {
            JsonNode node = Json.mapper().readTree(value);
            return Optional.of(new TokenRecord(id, node.path("name").asText(), node.path("hash").asText(),
                    Instant.parse(node.path("createdAt").asText()),
                    node.hasNonNull("expiresAt") ? Instant.parse(node.get("expiresAt").asText()) : null,
                    lastUsed == null ? null : Instant.parse(lastUsed)));
        } catch (Exception e) {
            // A hand-edited or truncated attribute must not take the SCIM API down; it simply matches nothing.
            LOG.warnf("Ignoring unreadable provisioning token record %s", id);
            return Optional.empty();
        }
    }
}
