package dev.kcscim.keycloak;

import org.keycloak.models.RealmModel;

import java.util.Locale;

/**
 * A realm's provisioning settings, stored as realm attributes so that they are cluster-wide, cached with
 * the realm and carried by realm export and import.
 *
 * @param enabled             whether the realm's SCIM API answers at all; new realms start disabled
 * @param usernameMustBeEmail the SaaS model: a user's userName is their primary email (default on)
 * @param deleteMode          what {@code DELETE /Users/{id}} does: delete the Keycloak user, or only disable it
 * @param teamsParentGroup    path of the group whose sub-groups are the teams SCIM sees ("/teams"), or null for
 *                            top-level groups
 */
public record ProvisioningSettings(boolean enabled, boolean usernameMustBeEmail, DeleteMode deleteMode, String teamsParentGroup) {

    public enum DeleteMode {
        DELETE, DISABLE;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static DeleteMode fromWire(String value) {
            return value != null && value.equalsIgnoreCase("disable") ? DISABLE : DELETE;
        }
    }

    static final String ENABLED = "kcscim.enabled";
    static final String USERNAME_MUST_BE_EMAIL = "kcscim.usernameMustBeEmail";
    static final String DELETE_MODE = "kcscim.deleteMode";
    static final String TEAMS_PARENT_GROUP = "kcscim.teamsParentGroup";

    public static ProvisioningSettings of(RealmModel realm) {
        String mustBeEmail = realm.getAttribute(USERNAME_MUST_BE_EMAIL);
        return new ProvisioningSettings(Boolean.parseBoolean(realm.getAttribute(ENABLED)),
                mustBeEmail == null || Boolean.parseBoolean(mustBeEmail),
                DeleteMode.fromWire(realm.getAttribute(DELETE_MODE)), realm.getAttribute(TEAMS_PARENT_GROUP));
    }

    public void saveTo(RealmModel realm) {
        realm.setAttribute(ENABLED, Boolean.toString(enabled));
        realm.setAttribute(USERNAME_MUST_BE_EMAIL, Boolean.toString(usernameMustBeEmail));
        realm.setAttribute(DELETE_MODE, deleteMode.wire());
        if (teamsParentGroup == null) {
            realm.removeAttribute(TEAMS_PARENT_GROUP);
        } else {
            realm.setAttribute(TEAMS_PARENT_GROUP, teamsParentGroup);
        }
    }
}
