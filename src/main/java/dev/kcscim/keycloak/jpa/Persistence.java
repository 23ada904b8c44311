package dev.kcscim.keycloak.jpa;

import jakarta.persistence.EntityManager;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.provider.Provider;

import java.lang.reflect.Method;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Sends a request's pending writes to the database before the SCIM answer is chosen. Keycloak commits after
 * the resource method has returned, so a unique-key conflict with a concurrent request (two creates of one
 * email, say) would otherwise surface at commit, where only Keycloak's generic error can answer. Flushed
 * here, the database reports it inside the request: Keycloak's entity manager turns a constraint violation
 * into a {@code ModelDuplicateException}, which the SCIM boundary answers as 409 {@code uniqueness}.
 *
 * <p>{@code JpaConnectionProvider} lives in keycloak-model-jpa, whose POM cannot be resolved from Maven
 * Central (its parent is not published), so the provider is looked up by name; the entity manager itself is
 * the standard Jakarta Persistence API.
 */
public final class Persistence {

    private static final String JPA_PROVIDER = "org.keycloak.connections.jpa.JpaConnectionProvider";

    private static final JpaAccess JPA = JpaAccess.find();

    private Persistence() {
    }

    public static void flush(KeycloakSession session) {
        // A server without JPA storage (none ships with Keycloak today) has nothing to flush here.
        entityManager(session).filter(EntityManager::isJoinedToTransaction).ifPresent(EntityManager::flush);
    }

    /** The cause chain holds a duplicate as Keycloak or the database reports it. */
    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ModelDuplicateException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    /** The request's entity manager, where Keycloak stores in a relational database (it always does today). */
    public static Optional<EntityManager> entityManager(KeycloakSession session) {
        return Optional.ofNullable(JPA == null ? null : JPA.entityManager(session));
    }

    /** The provider type and its {@code getEntityManager} method, resolved once. */
    private record JpaAccess(Class<? extends Provider> type, Method getEntityManager) {

        @SuppressWarnings("unchecked")
        static JpaAccess find() {
            try {
                Class<?> type = Class.forName(JPA_PROVIDER, false, KeycloakSession.class.getClassLoader());
                return new JpaAccess((Class<? extends Provider>) type, type.getMethod("getEntityManager"));
            } catch (ReflectiveOperationException | LinkageError e) {
                return null;
            }
        }

        EntityManager entityManager(KeycloakSession session) {
            Provider provider = session.getProvider(type);
            if (provider == null) {
                return null;
            }
            try {
                return (EntityManager) getEntityManager.invoke(provider);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Keycloak's JPA connection provider did not give its entity manager", e);
            }
        }
    }
}
