package dev.kcscim.observe;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The activity log's table, {@code KCSCIM_ACTIVITY}, in Keycloak's own database, so that it is shared by every
 * node and survives restarts. Keycloak creates the tables of an extension's JPA entities from its Liquibase
 * changelog, but that SPI lives in keycloak-model-jpa, which cannot be compiled against from Maven Central (its
 * parent POM is not published). The table is therefore plain, portable SQL (VARCHAR, BIGINT, INTEGER, one index),
 * created on first use, and reached through Keycloak's entity manager with native queries.
 */
final class ActivityStore {

    static final String TABLE = "KCSCIM_ACTIVITY";
    private static final String COLUMNS = "TIME_MS, TOKEN_NAME, METHOD, PATH, RESOURCE_ID, STATUS, DURATION_MS, DETAIL";

    private final EntityManager entityManager;

    ActivityStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    boolean tableExists() {
        try {
            entityManager.createNativeQuery("SELECT COUNT(*) FROM " + TABLE + " WHERE 1 = 0").getSingleResult();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    void createTable() {
        entityManager.createNativeQuery("CREATE TABLE " + TABLE + " ("
                + "ID VARCHAR(36) NOT NULL, REALM_ID VARCHAR(36) NOT NULL, TENANT VARCHAR(36) NOT NULL, "
                + "TIME_MS BIGINT NOT NULL, TOKEN_NAME VARCHAR(255), METHOD VARCHAR(10) NOT NULL, "
                + "PATH VARCHAR(" + RequestRecord.MAX_PATH + ") NOT NULL, RESOURCE_ID VARCHAR(255), STATUS INTEGER NOT NULL, "
                + "DURATION_MS BIGINT NOT NULL, DETAIL VARCHAR(" + RequestRecord.MAX_DETAIL + "), "
                + "CONSTRAINT PK_KCSCIM_ACTIVITY PRIMARY KEY (ID))").executeUpdate();
        entityManager.createNativeQuery("CREATE INDEX IDX_KCSCIM_ACTIVITY_TENANT ON " + TABLE + " (REALM_ID, TENANT, TIME_MS)")
                .executeUpdate();
    }

    void insert(RequestRecord request) {
        entityManager.createNativeQuery("INSERT INTO " + TABLE + " (ID, REALM_ID, TENANT, " + COLUMNS + ") "
                        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")
                .setParameter(1, UUID.randomUUID().toString())
                .setParameter(2, request.realmId())
                .setParameter(3, request.tenant())
                .setParameter(4, request.timeMillis())
                .setParameter(5, truncate(request.tokenName(), 255))
                .setParameter(6, request.method().length() > 10 ? "OTHER" : request.method())
                .setParameter(7, request.path())
                .setParameter(8, truncate(request.resourceId(), 255))
                .setParameter(9, request.status())
                .setParameter(10, request.durationMillis())
                .setParameter(11, request.detail())
                .executeUpdate();
    }

    /** Keeps at most {@code maxEntries} entries of the tenant, none older than {@code oldestMillis}. */
    void prune(String realmId, String tenant, int maxEntries, long oldestMillis) {
        entityManager.createNativeQuery("DELETE FROM " + TABLE + " WHERE REALM_ID = ?1 AND TENANT = ?2 AND TIME_MS < ?3")
                .setParameter(1, realmId).setParameter(2, tenant).setParameter(3, oldestMillis).executeUpdate();
        List<?> beyond = entityManager.createNativeQuery("SELECT TIME_MS FROM " + TABLE
                        + " WHERE REALM_ID = ?1 AND TENANT = ?2 ORDER BY TIME_MS DESC")
                .setParameter(1, realmId).setParameter(2, tenant)
                .setFirstResult(maxEntries).setMaxResults(1).getResultList();
        if (!beyond.isEmpty()) {
            entityManager.createNativeQuery("DELETE FROM " + TABLE + " WHERE REALM_ID = ?1 AND TENANT = ?2 AND TIME_MS <= ?3")
                    .setParameter(1, realmId).setParameter(2, tenant).setParameter(3, ((Number) beyond.get(0)).longValue())
                    .executeUpdate();
        }
    }

    /** Forgets a deleted realm's log, or one deleted organization's when {@code tenant} is given. */
    void forget(String realmId, String tenant) {
        Query delete = entityManager.createNativeQuery("DELETE FROM " + TABLE + " WHERE REALM_ID = ?1"
                + (tenant == null ? "" : " AND TENANT = ?2")).setParameter(1, realmId);
        if (tenant != null) {
            delete.setParameter(2, tenant);
        }
        delete.executeUpdate();
    }

    List<ActivityEntry> list(ActivityQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE REALM_ID = ?1 AND TENANT = ?2");
        List<Object> parameters = new ArrayList<>(List.of(query.realmId(), query.tenant()));
        if (query.statusClass() == ActivityQuery.ERRORS) {
            sql.append(" AND STATUS >= 400");
        } else if (query.statusClass() > 0) {
            parameters.add(query.statusClass() * 100);
            sql.append(" AND STATUS >= ?").append(parameters.size());
            parameters.add(query.statusClass() * 100 + 100);
            sql.append(" AND STATUS < ?").append(parameters.size());
        }
        if (query.token() != null) {
            parameters.add(query.token());
            sql.append(" AND TOKEN_NAME = ?").append(parameters.size());
        }
        sql.append(" ORDER BY TIME_MS DESC, ID DESC");
        Query native_ = entityManager.createNativeQuery(sql.toString());
        for (int i = 0; i < parameters.size(); i++) {
            native_.setParameter(i + 1, parameters.get(i));
        }
        List<ActivityEntry> entries = new ArrayList<>();
        for (Object row : native_.setFirstResult(query.first()).setMaxResults(query.max()).getResultList()) {
            Object[] columns = (Object[]) row;
            entries.add(ActivityEntry.of(((Number) columns[0]).longValue(), (String) columns[1], (String) columns[2],
                    (String) columns[3], (String) columns[4], ((Number) columns[5]).intValue(), ((Number) columns[6]).longValue(),
                    (String) columns[7]));
        }
        return entries;
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
