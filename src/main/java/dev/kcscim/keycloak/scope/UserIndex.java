package dev.kcscim.keycloak.scope;

import dev.kcscim.keycloak.jpa.Persistence;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads user ids through indexes Keycloak's schema has but its user API does not use, for the reads that grow
 * with the realm otherwise:
 * <ul>
 *   <li>an email: Keycloak's search compares {@code lower(email)}, which its email index does not cover, while it
 *   stores emails lower-cased; the column itself is indexed;</li>
 *   <li>an exact attribute value: Keycloak's search compares {@code lower(value)}, which none of its indexes
 *   covers, so an {@code externalId eq} read every externalId of the realm; the {@code (name, value)} index of
 *   {@code USER_ATTRIBUTE} answers the exact value directly;</li>
 *   <li>the end of the username order: Keycloak pages users only forwards, by {@code OFFSET}, so the last page
 *   of 100,000 users walked the 99,900 before it; the {@code (realm, username)} key read backwards starts
 *   there.</li>
 * </ul>
 * The queries name Keycloak's JPA entities in JPQL, since their classes are not on the compile path (see
 * {@link Persistence}). Each answer is empty where the query cannot run, and the caller then uses Keycloak's API.
 */
final class UserIndex {

    /** Keycloak keeps attribute values up to this length in the indexed column, and longer ones elsewhere. */
    static final int INDEXED_VALUE_LENGTH = 255;

    private static final Logger LOG = Logger.getLogger(UserIndex.class);
    private static final java.util.concurrent.atomic.AtomicBoolean WARNED = new java.util.concurrent.atomic.AtomicBoolean();

    private UserIndex() {
    }

    /** The ids of the realm's people whose attribute {@code name} holds exactly {@code value}, at most {@code max}. */
    static Optional<List<String>> idsWithAttribute(KeycloakSession session, RealmModel realm, String name, String value, int max) {
        if (value.isEmpty() || value.length() > INDEXED_VALUE_LENGTH) {
            return Optional.empty();
        }
        return query(session, em -> em.createQuery("select a.user.id from UserAttributeEntity a where a.name = :name and a.value = :value"
                        + " and a.user.realmId = :realmId and a.user.serviceAccountClientLink is null", String.class)
                .setParameter("name", name).setParameter("value", value).setParameter("realmId", realm.getId())
                .setMaxResults(max).getResultList());
    }

    /** The ids of the realm's people whose Keycloak email is this address (Keycloak keeps emails lower-cased). */
    static Optional<List<String>> idsWithEmail(KeycloakSession session, RealmModel realm, String address, int max) {
        return query(session, em -> em.createQuery("select u.id from UserEntity u where u.realmId = :realmId and u.email = :email"
                        + " and u.serviceAccountClientLink is null", String.class)
                .setParameter("realmId", realm.getId()).setParameter("email", address.toLowerCase(java.util.Locale.ROOT))
                .setMaxResults(max).getResultList());
    }

    /** The realm's people in descending username order: Keycloak's user order, read from its end. */
    static Optional<List<String>> realmIdsFromEnd(KeycloakSession session, RealmModel realm, int first, int max) {
        return query(session, em -> em.createQuery("select u.id from UserEntity u where u.realmId = :realmId"
                        + " and u.serviceAccountClientLink is null order by u.username desc", String.class)
                .setParameter("realmId", realm.getId()).setFirstResult(first).setMaxResults(max).getResultList());
    }

    /** The ids of a group's members, in no order. */
    static Optional<List<String>> memberIds(KeycloakSession session, String groupId) {
        return query(session, em -> em.createQuery("select m.user.id from UserGroupMembershipEntity m where m.groupId = :groupId", String.class)
                .setParameter("groupId", groupId).getResultList());
    }

    /** The users of these ids that still exist, in the same order. */
    static List<UserModel> load(KeycloakSession session, RealmModel realm, List<String> ids) {
        return ids.stream().map(id -> session.users().getUserById(realm, id)).filter(java.util.Objects::nonNull).toList();
    }

    /** The members of a group in descending username order: Keycloak's order of group members, read from its end. */
    static Optional<List<String>> memberIdsFromEnd(KeycloakSession session, String groupId, int first, int max) {
        return query(session, em -> em.createQuery("select m.user.id from UserGroupMembershipEntity m where m.groupId = :groupId"
                        + " order by m.user.username desc", String.class)
                .setParameter("groupId", groupId).setFirstResult(first).setMaxResults(max).getResultList());
    }

    private static Optional<List<String>> query(KeycloakSession session, Function<EntityManager, List<String>> query) {
        return Persistence.entityManager(session).flatMap(em -> {
            try {
                return Optional.of(query.apply(em));
            } catch (IllegalArgumentException e) {
                // An entity or field this Keycloak does not have (found before the query reaches the database): its
                // API answers instead, more slowly on large realms. Said once, as the cause does not change.
                if (WARNED.compareAndSet(false, true)) {
                    LOG.warnf("Reading users through Keycloak's user API instead of its indexes, which is slower on large realms: %s",
                            e.getMessage());
                } else {
                    LOG.debugf("Reading users through Keycloak's user API instead of its indexes: %s", e.getMessage());
                }
                return Optional.empty();
            }
        });
    }
}
