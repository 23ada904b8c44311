package dev.kcscim.tenant;

import dev.kcscim.keycloak.jpa.Persistence;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The two tables that hold every tenant's provisioning state in Keycloak's own database: {@value #TENANT} (one row
 * of settings per realm or organization) and {@value #TOKEN} (one row per token, found by the index on its hash).
 *
 * <p>Why not realm attributes, where this state lived first: Keycloak's caches keep many copies of a realm's
 * attributes, so with thousands of organizations the heap grew with the square of their number, the realm
 * representation (which the console loads on most pages) carried every token hash, and each "last used" stamp
 * invalidated the realm on every node. Rows cost what they hold, once, in the database; a read is an indexed
 * lookup, so a revoked token is refused by every node at once without a cache to invalidate.
 *
 * <p>Why not organization attributes: an organization's admins could read them. Why not components: they are
 * realm children, cached with the realm like its attributes. The tables are portable SQL created on first use,
 * as the activity log's (see {@code ActivityStore}): the JPA-entity SPI cannot be compiled against from Maven
 * Central.
 */
public final class StateTables {

    public static final String TENANT = "KCSCIM_TENANT";
    public static final String TOKEN = "KCSCIM_TOKEN";
    /** Longest settings document: a tenant's settings with a few dozen attribute mappings take a few kB. */
    public static final int MAX_SETTINGS = 8000;

    private static final Logger LOG = Logger.getLogger(StateTables.class);

    /** A memo of a fact about the shared database: once the tables exist they stay. */
    private static volatile boolean ready;

    private StateTables() {
    }

    /** Whether the tables exist, creating them if not; a concurrent node may create them first, which is fine. */
    public static boolean ensure(KeycloakSessionFactory factory) {
        if (ready) {
            return true;
        }
        synchronized (StateTables.class) {
            if (!ready && !(ready = exist(factory))) {
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, StateTables::create);
                } catch (RuntimeException e) {
                    LOG.debugf("Creating %s and %s: %s", TENANT, TOKEN, e.toString());
                }
                ready = exist(factory);
                if (!ready) {
                    LOG.warnf("The provisioning tables %s and %s could not be created; provisioning stays off", TENANT, TOKEN);
                }
            }
            return ready;
        }
    }

    /** Whether the tables are known to exist, without asking the database. */
    public static boolean known() {
        return ready;
    }

    private static boolean exist(KeycloakSessionFactory factory) {
        // A transaction of its own: on PostgreSQL a failed statement spoils the transaction it ran in.
        boolean[] exist = {false};
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> Persistence.entityManager(session).ifPresent(em -> {
                em.createNativeQuery("SELECT COUNT(*) FROM " + TENANT + " WHERE 1 = 0").getSingleResult();
                em.createNativeQuery("SELECT COUNT(*) FROM " + TOKEN + " WHERE 1 = 0").getSingleResult();
                exist[0] = true;
            }));
        } catch (RuntimeException e) {
            LOG.debugf("Looking for %s: %s", TENANT, e.toString());
        }
        return exist[0];
    }

    private static void create(KeycloakSession session) {
        EntityManager em = Persistence.entityManager(session).orElseThrow();
        em.createNativeQuery("CREATE TABLE " + TENANT + " (REALM_ID VARCHAR(36) NOT NULL, TENANT VARCHAR(36) NOT NULL, "
                + "SETTINGS VARCHAR(" + MAX_SETTINGS + ") NOT NULL, CONSTRAINT PK_KCSCIM_TENANT PRIMARY KEY (REALM_ID, TENANT))").executeUpdate();
        em.createNativeQuery("CREATE TABLE " + TOKEN + " (ID VARCHAR(36) NOT NULL, REALM_ID VARCHAR(36) NOT NULL, TENANT VARCHAR(36) NOT NULL, "
                + "NAME VARCHAR(64) NOT NULL, HASH VARCHAR(64) NOT NULL, CREATED_MS BIGINT NOT NULL, EXPIRES_MS BIGINT, LAST_USED_MS BIGINT, "
                + "CONSTRAINT PK_KCSCIM_TOKEN PRIMARY KEY (ID))").executeUpdate();
        em.createNativeQuery("CREATE UNIQUE INDEX IDX_KCSCIM_TOKEN_HASH ON " + TOKEN + " (HASH)").executeUpdate();
        em.createNativeQuery("CREATE INDEX IDX_KCSCIM_TOKEN_TENANT ON " + TOKEN + " (REALM_ID, TENANT)").executeUpdate();
    }

    /**
     * The entity manager to read and write a realm's tenant state with: the tables exist, and whatever an earlier
     * version kept in the realm's attributes has been moved into them.
     */
    public static EntityManager entityManager(KeycloakSession session, RealmModel realm) {
        if (!ensure(session.getKeycloakSessionFactory())) {
            throw new IllegalStateException("The provisioning tables " + TENANT + " and " + TOKEN + " are not available");
        }
        LegacyAttributes.migrateIfNeeded(session, realm);
        return Persistence.entityManager(session).orElseThrow(() -> new IllegalStateException("Keycloak stores no JPA entities here"));
    }

    /** Stores a token's row as it is: for tokens created here and for those carried over from earlier versions. */
    public static void insertToken(EntityManager em, String realmId, String tenantKey, String id, String name, String hash,
                                   long createdMillis, Long expiresMillis, Long lastUsedMillis) {
        em.createNativeQuery("INSERT INTO " + TOKEN + " (REALM_ID, TENANT, ID, NAME, HASH, CREATED_MS, EXPIRES_MS, LAST_USED_MS) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                .setParameter(1, realmId).setParameter(2, tenantKey).setParameter(3, id).setParameter(4, name).setParameter(5, hash)
                .setParameter(6, createdMillis).setParameter(7, expiresMillis).setParameter(8, lastUsedMillis)
                .executeUpdate();
    }

    /** The tenant's key in the tables: the organization's id, or "realm". */
    public static String tenantKey(Tenant tenant) {
        return tenant.isOrganization() ? tenant.organization().getId() : "realm";
    }

    /** Removes a deleted realm's rows, or a deleted organization's ({@code tenant} its id), in the deleting transaction. */
    public static void forget(KeycloakSession session, String realmId, String tenant) {
        if (!ready) {
            // Without the tables, nothing was stored; asking here could spoil the deleting transaction.
            return;
        }
        Persistence.entityManager(session).ifPresent(em -> {
            for (String table : new String[]{TENANT, TOKEN}) {
                var delete = em.createNativeQuery("DELETE FROM " + table + " WHERE REALM_ID = ?1" + (tenant == null ? "" : " AND TENANT = ?2"))
                        .setParameter(1, realmId);
                if (tenant != null) {
                    delete.setParameter(2, tenant);
                }
                delete.executeUpdate();
            }
        });
    }
}
