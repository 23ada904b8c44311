package dev.kcscim.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.protocol.Json;
import jakarta.persistence.EntityManager;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The provisioning configuration of a realm and all its organizations as one document, for moving it with the realm:
 * a realm export does not carry it, since it lives in tables of its own (see {@link StateTables}). Organizations are
 * named by alias, which a realm import keeps. Tokens travel as their hashes, so those that Okta holds keep working
 * on the server the realm moves to; the secrets themselves exist nowhere.
 */
public final class TenantTransfer {

    private TenantTransfer() {
    }

    /** {@code {"tenants": [{"organization": alias or null, "settings": {...}, "tokens": [...]}, ...]}} */
    public static ObjectNode export(KeycloakSession session, RealmModel realm) {
        EntityManager em = StateTables.entityManager(session, realm);
        Map<String, String> aliases = organizationAliases(session, realm);
        ObjectNode document = Json.object();
        ArrayNode tenants = document.putArray("tenants");
        Map<String, Map<String, String>> settings = TenantSettingsStore.all(em, realm.getId());
        Map<String, ArrayNode> tokens = new LinkedHashMap<>();
        for (Object row : em.createNativeQuery("SELECT TENANT, ID, NAME, HASH, CREATED_MS, EXPIRES_MS FROM " + StateTables.TOKEN
                + " WHERE REALM_ID = ?1 ORDER BY TENANT, CREATED_MS, ID").setParameter(1, realm.getId()).getResultList()) {
            Object[] c = (Object[]) row;
            ObjectNode token = tokens.computeIfAbsent(String.valueOf(c[0]), k -> Json.array()).addObject();
            token.put("id", (String) c[1]).put("name", (String) c[2]).put("hash", (String) c[3])
                    .put("createdAt", Instant.ofEpochMilli(((Number) c[4]).longValue()).toString());
            if (c[5] != null) {
                token.put("expiresAt", Instant.ofEpochMilli(((Number) c[5]).longValue()).toString());
            }
        }
        List<String> keys = new ArrayList<>(settings.keySet());
        tokens.keySet().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
        for (String key : keys) {
            boolean organization = !key.equals("realm");
            if (organization && !aliases.containsKey(key)) {
                continue;
            }
            ObjectNode tenant = tenants.addObject();
            tenant.put("organization", organization ? aliases.get(key) : null);
            ObjectNode values = tenant.putObject("settings");
            settings.getOrDefault(key, Map.of()).forEach(values::put);
            tenant.set("tokens", tokens.getOrDefault(key, Json.array()));
        }
        return document;
    }

    /**
     * Replaces the settings and tokens of every tenant the document names; tenants it does not name are left as they
     * are. Everything is checked before anything is written, and it is written in the caller's transaction.
     *
     * @throws IllegalArgumentException naming what does not fit: an unknown organization alias, a malformed entry
     */
    public static int importDocument(KeycloakSession session, RealmModel realm, JsonNode document) {
        if (document == null || !document.path("tenants").isArray()) {
            throw new IllegalArgumentException("Expected {\"tenants\": [...]}, as GET …/provisioning/configuration gives it.");
        }
        Map<String, String> byAlias = new LinkedHashMap<>();
        organizationAliases(session, realm).forEach((id, alias) -> byAlias.put(alias, id));
        List<Runnable> writes = new ArrayList<>();
        EntityManager em = StateTables.entityManager(session, realm);
        for (JsonNode tenant : document.get("tenants")) {
            String alias = tenant.path("organization").isTextual() ? tenant.get("organization").asText() : null;
            String key = alias == null ? "realm" : byAlias.get(alias);
            if (key == null) {
                throw new IllegalArgumentException("The realm has no organization with the alias '" + alias + "'; create it first.");
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = tenant.path("settings").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                values.put(field.getKey(), field.getValue().asText());
            }
            List<JsonNode> tokens = new ArrayList<>();
            for (JsonNode token : tenant.path("tokens")) {
                for (String field : List.of("id", "name", "hash", "createdAt")) {
                    if (!token.path(field).isTextual()) {
                        throw new IllegalArgumentException("Each token needs '" + field + "' as a string.");
                    }
                }
                Instant.parse(token.get("createdAt").asText());
                if (token.hasNonNull("expiresAt")) {
                    Instant.parse(token.get("expiresAt").asText());
                }
                tokens.add(token);
            }
            writes.add(() -> {
                TenantSettingsStore.write(em, realm.getId(), key, values);
                em.createNativeQuery("DELETE FROM " + StateTables.TOKEN + " WHERE REALM_ID = ?1 AND TENANT = ?2")
                        .setParameter(1, realm.getId()).setParameter(2, key).executeUpdate();
                for (JsonNode token : tokens) {
                    StateTables.insertToken(em, realm.getId(), key, token.get("id").asText(), token.get("name").asText(),
                            token.get("hash").asText(), Instant.parse(token.get("createdAt").asText()).toEpochMilli(),
                            token.hasNonNull("expiresAt") ? Instant.parse(token.get("expiresAt").asText()).toEpochMilli() : null, null);
                }
            });
        }
        writes.forEach(Runnable::run);
        return writes.size();
    }

    private static Map<String, String> organizationAliases(KeycloakSession session, RealmModel realm) {
        Map<String, String> aliases = new LinkedHashMap<>();
        if (!realm.isOrganizationsEnabled()) {
            return aliases;
        }
        RealmContext.in(session, realm, () -> {
            OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
            organizations.getAllStream().forEach((OrganizationModel o) -> aliases.put(o.getId(), o.getAlias()));
            return null;
        });
        return aliases;
    }
}
