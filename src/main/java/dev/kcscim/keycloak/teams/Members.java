package dev.kcscim.keycloak.teams;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;

import java.util.function.Consumer;

/**
 * Streams a team's members straight from the database provider, in one query. Going through the user
 * cache would build a full cached user (attributes, roles, groups) for each of 10,000 members, one at a
 * time; the listing needs only the user rows.
 */
final class Members {

    private Members() {
    }

    static void forEach(KeycloakSession session, RealmModel realm, GroupModel group, Consumer<UserModel> action) {
        UserProvider database = session.getProvider(UserProvider.class, "jpa");
        UserProvider users = database != null ? database : session.users();
        try (var members = users.getGroupMembersStream(realm, group, null, null)) {
            members.forEach(action);
        }
    }
}
