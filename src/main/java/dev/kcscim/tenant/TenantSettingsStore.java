package dev.kcscim.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.protocol.Json;
import jakarta.persistence.EntityManager;
import org.keycloak.models.KeycloakSession;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's settings as one row of {@value StateTables#TENANT}: a JSON object of the settings' stored values,
 * under the names they had as realm attributes, so that an earlier version's attributes carry over as they are.
 * Read by primary key on every SCIM request; written in the admin request's transaction.
 */
final class TenantSettingsStore {

    private TenantSettingsStore() {
    }

    /** The stored values, or none for a tenant whose settings were never saved (every setting at its default). */
    static Map<String, String> read(KeycloakSession session, Tenant tenant) {
        EntityManager em = StateTables.entityManager(session, tenant.realm());
        List<?> rows = em.createNativeQuery("SELECT SETTINGS FROM " + StateTables.TENANT + " WHERE REALM_ID = ?1 AND TENANT = ?2")
                .setParameter(1, tenant.realm().getId()).setParameter(2, StateTables.tenantKey(tenant)).getResultList();
        return rows.isEmpty() ? Map.of() : parse(String.valueOf(rows.get(0)));
    }

    static void write(KeycloakSession session, Tenant tenant, Map<String, String> values) {
        write(StateTables.entityManager(session, tenant.realm()), tenant.realm().getId(), StateTables.tenantKey(tenant), values);
    }

    /** Replaces a tenant's row: for saved settings and for settings carried over. */
    static void write(EntityManager em, String realmId, String tenantKey, Map<String, String> values) {
        String document = format(values);
        if (document.length() > StateTables.MAX_SETTINGS) {
            throw new IllegalArgumentException("The settings take " + document.length() + " characters; at most "
                    + StateTables.MAX_SETTINGS + " are kept. Fewer attribute mappings or team roles would fit.");
        }
        int updated = em.createNativeQuery("UPDATE " + StateTables.TENANT + " SET SETTINGS = ?1 WHERE REALM_ID = ?2 AND TENANT = ?3")
                .setParameter(1, document).setParameter(2, realmId).setParameter(3, tenantKey).executeUpdate();
        if (updated == 0) {
            em.createNativeQuery("INSERT INTO " + StateTables.TENANT + " (REALM_ID, TENANT, SETTINGS) VALUES (?1, ?2, ?3)")
                    .setParameter(1, realmId).setParameter(2, tenantKey).setParameter(3, document).executeUpdate();
        }
    }

    /** Every tenant of a realm that has a row, by tenant key, with its values. */
    static Map<String, Map<String, String>> all(EntityManager em, String realmId) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Object row : em.createNativeQuery("SELECT TENANT, SETTINGS FROM " + StateTables.TENANT + " WHERE REALM_ID = ?1 ORDER BY TENANT")
                .setParameter(1, realmId).getResultList()) {
            Object[] columns = (Object[]) row;
            out.put(String.valueOf(columns[0]), parse(String.valueOf(columns[1])));
        }
        return out;
    }

    static String format(Map<String, String> values) {
        ObjectNode node = Json.object();
        values.forEach(node::put);
        return new String(Json.write(node), StandardCharsets.UTF_8);
    }

    static Map<String, String> parse(String document) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            JsonNode node = Json.mapper().readTree(document);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getValue().isNull()) {
                    values.put(field.getKey(), field.getValue().asText());
                }
            }
        } catch (Exception e) {
            // A row edited by hand that does not read is every setting at its default: provisioning off.
        }
        return values;
    }
}
