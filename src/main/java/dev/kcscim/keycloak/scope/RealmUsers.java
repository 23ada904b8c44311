package dev.kcscim.keycloak.scope;

import dev.kcscim.tenant.ProvisioningSettings;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Every person of a realm. */
final class RealmUsers implements UserScope {

    private final KeycloakSession session;
    private final RealmModel realm;

    RealmUsers(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    static boolean isPerson(UserModel user) {
        return user.getServiceAccountClientLink() == null;
    }

    @Override
    public Optional<UserModel> find(String id) {
        return Optional.ofNullable(session.users().getUserById(realm, id)).filter(RealmUsers::isPerson);
    }

    @Override
    public long candidateCount(Map<String, String> params) {
        return session.users().getUsersCount(realm, params);
    }

    @Override
    public Stream<UserModel> candidates(Map<String, String> params, int first, int max) {
        return session.users().searchForUserStream(realm, params, first, max);
    }

    @Override
    public boolean searchesExactly(Map<String, String> params) {
        return true;
    }

    @Override
    public Optional<List<UserModel>> withAttribute(String name, String value, int max) {
        return UserIndex.idsWithAttribute(session, realm, name, value, max).map(ids -> UserIndex.load(session, realm, ids));
    }

    @Override
    public Optional<List<UserModel>> withEmail(String address, int max) {
        return UserIndex.idsWithEmail(session, realm, address, max).map(ids -> UserIndex.load(session, realm, ids));
    }

    @Override
    public Optional<List<UserModel>> fromEnd(int first, int max) {
        return UserIndex.realmIdsFromEnd(session, realm, first, max).map(ids -> UserIndex.load(session, realm, ids));
    }

    @Override
    public void admit(UserModel created) {
        // Every user of the realm is in scope already.
    }

    @Override
    public boolean activeIsEnabled() {
        return true;
    }

    @Override
    public boolean isActive(UserModel user) {
        return user.isEnabled();
    }

    @Override
    public void setActive(UserModel user, boolean active) {
        Sessions.setEnabled(session, realm, user, active);
    }

    @Override
    public void remove(UserModel user, ProvisioningSettings.DeleteMode mode) {
        if (mode == ProvisioningSettings.DeleteMode.DISABLE) {
            setActive(user, false);
            return;
        }
        Sessions.endAll(session, realm, user);
        new UserManager(session).removeUser(realm, user);
    }

    @Override
    public Optional<String> refusedEmail(String email, ProvisioningSettings settings) {
        return Optional.empty();
    }
}
