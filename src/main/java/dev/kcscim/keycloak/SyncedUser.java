package dev.kcscim.keycloak;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What the console's user lists show next to a user that SCIM provisioned: the token that did it, and the
 * organization whose endpoint it came through, if any. One call answers a whole page of the list.
 *
 * @param organization the name of the organization that manages the user, or null for the realm's endpoint
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SyncedUser(String id, String token, String organization) {

    /** The largest page of ids one call answers (the console's lists page by at most 100). */
    public static final int MAX_IDS = 100;

    /** Those of {@code ids} that are SCIM-provisioned users of the realm and that {@code visible} lets the admin see. */
    public static List<SyncedUser> among(KeycloakSession session, RealmModel realm, List<String> ids, Predicate<UserModel> visible) {
        OrganizationProvider organizations = realm.isOrganizationsEnabled() ? session.getProvider(OrganizationProvider.class) : null;
        return ids.stream().distinct()
                .map(id -> session.users().getUserById(realm, id))
                .filter(Objects::nonNull)
                .filter(u -> Boolean.parseBoolean(u.getFirstAttribute(UserAttributes.PROVISIONED)))
                .filter(visible)
                .map(u -> new SyncedUser(u.getId(), u.getFirstAttribute(UserAttributes.PROVISIONED_BY), managingOrganization(organizations, u)))
                .toList();
    }

    private static String managingOrganization(OrganizationProvider organizations, UserModel user) {
        if (organizations == null) {
            return null;
        }
        return organizations.getByMember(user).filter(o -> organizations.isManagedMember(o, user))
                .map(OrganizationModel::getName).findFirst().orElse(null);
    }
}
