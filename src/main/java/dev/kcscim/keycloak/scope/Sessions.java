package dev.kcscim.keycloak.scope;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.UserSessionManager;

import java.util.List;

/**
 * Ends everything a deprovisioned person still holds: online sessions (with backchannel logout to the
 * clients), offline sessions (refresh tokens), and, through not-before, any access token already issued.
 * This is the security point of deprovisioning, so it happens in the same request as the disable.
 */
public final class Sessions {

    private Sessions() {
    }

    /** Enables or disables the account; disabling it also ends everything its person still holds. */
    public static void setEnabled(KeycloakSession session, RealmModel realm, UserModel user, boolean enabled) {
        boolean wasEnabled = user.isEnabled();
        user.setEnabled(enabled);
        if (wasEnabled && !enabled) {
            endAll(session, realm, user);
        }
    }

    public static void endAll(KeycloakSession session, RealmModel realm, UserModel user) {
        session.users().setNotBeforeForUser(realm, user, Time.currentTime());
        List<UserSessionModel> online = session.sessions().getUserSessionsStream(realm, user).toList();
        for (UserSessionModel userSession : online) {
            AuthenticationManager.backchannelLogout(session, realm, userSession, session.getContext().getUri(),
                    session.getContext().getConnection(), session.getContext().getRequestHeaders(), true);
        }
        UserSessionManager manager = new UserSessionManager(session);
        session.sessions().getOfflineUserSessionsStream(realm, user).toList().forEach(manager::revokeOfflineUserSession);
    }
}
