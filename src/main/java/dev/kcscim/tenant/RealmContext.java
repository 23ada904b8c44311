package dev.kcscim.tenant;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.function.Supplier;

/**
 * Runs code with a realm as the session's context realm. Providers such as the User Profile and the
 * organizations work on the context realm, which in the admin API is the admin's own realm, not the one
 * being administered.
 */
public final class RealmContext {

    private RealmContext() {
    }

    public static <T> T in(KeycloakSession session, RealmModel realm, Supplier<T> work) {
        RealmModel previous = session.getContext().getRealm();
        session.getContext().setRealm(realm);
        try {
            return work.get();
        } finally {
            session.getContext().setRealm(previous);
        }
    }
}
