package dev.kcscim.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.keycloak.jpa.Persistence;
import dev.kcscim.protocol.Json;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Moves what earlier versions kept in realm attributes into {@link StateTables}: the settings under
 * {@code kcscim.<name>} (an organization's under {@code kcscim.org.<id>.<name>}), the tokens under
 * {@code …token.<id>} and their "last used" under {@code …tokenLastUsed.<id>}. Nothing is lost: settings keep
 * their values and tokens their ids, hashes and times, so the tokens Okta holds keep working. Once moved, the
 * attributes are removed, and the realm representation carries no provisioning state any more.
 *
 * <p>It runs once per realm and node: at start-up for every realm, and, for a realm imported later with the
 * old attributes (an old export), the first time its tenant state is read. It runs in a transaction of its own,
 * and a row that another node moved first is left as it is.
 */
public final class LegacyAttributes {

    static final String PREFIX = "kcscim.";
    private static final String ORGANIZATION = "org.";
    private static final String TOKEN = "token.";
    private static final String LAST_USED = "tokenLastUsed.";

    private static final Logger LOG = Logger.getLogger(LegacyAttributes.class);

    /** A memo: the realms this node has seen without old attributes, so that a read costs no scan of them. */
    private static final Set<String> CHECKED = ConcurrentHashMap.newKeySet();

    private LegacyAttributes() {
    }

    /** Moves the realm's old attributes, if it has any; cheap once the realm has been seen. */
    public static void migrateIfNeeded(KeycloakSession session, RealmModel realm) {
        if (CHECKED.contains(realm.getId())) {
            return;
        }
        if (realm.getAttributes().keySet().stream().anyMatch(k -> k.startsWith(PREFIX))) {
            try {
                migrate(session.getKeycloakSessionFactory(), realm.getId());
            } catch (RuntimeException e) {
                // Another node moving the same rows at the same moment: what it moved is there; look again next time.
                LOG.debugf("Moving the provisioning attributes of realm %s: %s", realm.getName(), e.toString());
                return;
            }
        }
        CHECKED.add(realm.getId());
    }

    /** At start-up, after Keycloak's own database migration: every realm. */
    public static void migrateAll(KeycloakSessionFactory factory) {
        if (!StateTables.ensure(factory)) {
            return;
        }
        List<String> realms = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                session -> session.realms().getRealmsStream().map(RealmModel::getId).toList());
        for (String realmId : realms) {
            try {
                migrate(factory, realmId);
                CHECKED.add(realmId);
            } catch (RuntimeException e) {
                LOG.warnf("Could not move the provisioning settings of realm %s out of its attributes (tried again on first use): %s",
                        realmId, e.toString());
            }
        }
    }

    private static void migrate(KeycloakSessionFactory factory, String realmId) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            if (realm == null) {
                return;
            }
            Map<String, String> attributes = realm.getAttributes();
            List<String> keys = attributes.keySet().stream().filter(k -> k.startsWith(PREFIX)).sorted().toList();
            if (keys.isEmpty()) {
                return;
            }
            EntityManager em = Persistence.entityManager(session).orElseThrow();
            Map<String, Map<String, String>> settings = new LinkedHashMap<>();
            Map<String, Map<String, String[]>> tokens = new LinkedHashMap<>();
            for (String key : keys) {
                String rest = key.substring(PREFIX.length());
                String tenant = "realm";
                if (rest.startsWith(ORGANIZATION) && rest.indexOf('.', ORGANIZATION.length()) > 0) {
                    int dot = rest.indexOf('.', ORGANIZATION.length());
                    tenant = rest.substring(ORGANIZATION.length(), dot);
                    rest = rest.substring(dot + 1);
                }
                String value = attributes.get(key);
                if (rest.startsWith(TOKEN)) {
                    tokens.computeIfAbsent(tenant, t -> new LinkedHashMap<>()).computeIfAbsent(rest.substring(TOKEN.length()), id -> new String[2])[0] = value;
                } else if (rest.startsWith(LAST_USED)) {
                    tokens.computeIfAbsent(tenant, t -> new LinkedHashMap<>()).computeIfAbsent(rest.substring(LAST_USED.length()), id -> new String[2])[1] = value;
                } else {
                    settings.computeIfAbsent(tenant, t -> new LinkedHashMap<>()).put(rest, value);
                }
            }
            Map<String, Map<String, String>> existing = TenantSettingsStore.all(em, realmId);
            settings.forEach((tenant, values) -> {
                if (!existing.containsKey(tenant)) {
                    TenantSettingsStore.write(em, realmId, tenant, values);
                }
            });
            int moved = 0;
            for (Map.Entry<String, Map<String, String[]>> tenant : tokens.entrySet()) {
                for (Map.Entry<String, String[]> token : tenant.getValue().entrySet()) {
                    if (token.getValue()[0] == null || exists(em, token.getKey())) {
                        continue;
                    }
                    Optional<Token> record = Token.decode(token.getKey(), token.getValue()[0], token.getValue()[1]);
                    if (record.isPresent()) {
                        Token t = record.get();
                        StateTables.insertToken(em, realmId, tenant.getKey(), t.id(), t.name(), t.hash(), t.createdMillis(), t.expiresMillis(),
                                t.lastUsedMillis());
                        moved++;
                    }
                }
            }
            keys.forEach(realm::removeAttribute);
            LOG.infof("Moved the provisioning settings of %d tenant(s) and %d token(s) of realm %s out of its attributes",
                    settings.size(), moved, realm.getName());
        });
    }

    /** A token as an earlier version kept it: a JSON attribute value, and its "last used" in another. */
    record Token(String id, String name, String hash, long createdMillis, Long expiresMillis, Long lastUsedMillis) {

        /** Empty for a value that does not read (edited by hand, say): such a token matched nothing before either. */
        static Optional<Token> decode(String id, String value, String lastUsed) {
            try {
                JsonNode node = Json.mapper().readTree(value);
                String name = node.path("name").asText(null);
                String hash = node.path("hash").asText(null);
                if (name == null || hash == null) {
                    return Optional.empty();
                }
                return Optional.of(new Token(id, name, hash, Instant.parse(node.path("createdAt").asText()).toEpochMilli(),
                        node.hasNonNull("expiresAt") ? Instant.parse(node.get("expiresAt").asText()).toEpochMilli() : null,
                        lastUsed == null ? null : Instant.parse(lastUsed).toEpochMilli()));
            } catch (Exception e) {
                LOG.warnf("Not moving the unreadable provisioning token record %s", id);
                return Optional.empty();
            }
        }
    }

    private static boolean exists(EntityManager em, String tokenId) {
        return !em.createNativeQuery("SELECT ID FROM " + StateTables.TOKEN + " WHERE ID = ?1").setParameter(1, tokenId).getResultList().isEmpty();
    }
}
