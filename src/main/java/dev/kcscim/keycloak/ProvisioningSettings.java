package dev.kcscim.keycloak;

import java.util.Locale;

/**
 * A tenant's provisioning settings, stored as realm attributes under the tenant's prefix (see {@link Tenant}),
 * so that they are cluster-wide, cached with the realm and carried by realm export and import.
 *
 * @param enabled              whether the tenant's SCIM API answers at all; new realms and organizations start disabled
 * @param usernameMustBeEmail  the SaaS model: a user's userName is their primary email (default on)
 * @param deleteMode           what {@code DELETE /Users/{id}} does: delete the Keycloak user, or only disable it
 * @param teamsParentGroup     realm only: path of the group whose sub-groups are the teams ("/teams"), or null for
 *                             top-level groups. An organization's teams are its own groups.
 * @param restrictEmailDomains organization only: a user's primary email must be in one of the organization's
 *                             domains, when it has any (default on)
 * @param trustEmail           like an identity provider's "Trust email" switch: an email the IdP pushes (new or
 *                             changed) is stored as verified; when off, unverified (default on)
 * @param activityLog          whether the tenant's SCIM requests go into the activity log (default on)
 */
public record ProvisioningSettings(boolean enabled, boolean usernameMustBeEmail, DeleteMode deleteMode, String teamsParentGroup,
                                   boolean restrictEmailDomains, boolean trustEmail, boolean activityLog) {

    public enum DeleteMode {
        DELETE, DISABLE;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static DeleteMode fromWire(String value) {
            return value != null && value.equalsIgnoreCase("disable") ? DISABLE : DELETE;
        }
    }

    static final String ENABLED = "enabled";
    static final String USERNAME_MUST_BE_EMAIL = "usernameMustBeEmail";
    static final String DELETE_MODE = "deleteMode";
    static final String TEAMS_PARENT_GROUP = "teamsParentGroup";
    static final String RESTRICT_EMAIL_DOMAINS = "restrictEmailDomains";
    static final String TRUST_EMAIL = "trustEmail";
    static final String ACTIVITY_LOG = "activityLog";

    public static ProvisioningSettings of(Tenant tenant) {
        String prefix = tenant.attributePrefix();
        var realm = tenant.realm();
        return new ProvisioningSettings(Boolean.parseBoolean(realm.getAttribute(prefix + ENABLED)),
                defaultTrue(realm.getAttribute(prefix + USERNAME_MUST_BE_EMAIL)),
                DeleteMode.fromWire(realm.getAttribute(prefix + DELETE_MODE)),
                tenant.isOrganization() ? null : realm.getAttribute(prefix + TEAMS_PARENT_GROUP),
                defaultTrue(realm.getAttribute(prefix + RESTRICT_EMAIL_DOMAINS)),
                defaultTrue(realm.getAttribute(prefix + TRUST_EMAIL)),
                defaultTrue(realm.getAttribute(prefix + ACTIVITY_LOG)));
    }

    private static boolean defaultTrue(String value) {
        return value == null || Boolean.parseBoolean(value);
    }

    public void saveTo(Tenant tenant) {
        String prefix = tenant.attributePrefix();
        var realm = tenant.realm();
        realm.setAttribute(prefix + ENABLED, Boolean.toString(enabled));
        realm.setAttribute(prefix + USERNAME_MUST_BE_EMAIL, Boolean.toString(usernameMustBeEmail));
        realm.setAttribute(prefix + DELETE_MODE, deleteMode.wire());
        realm.setAttribute(prefix + TRUST_EMAIL, Boolean.toString(trustEmail));
        realm.setAttribute(prefix + ACTIVITY_LOG, Boolean.toString(activityLog));
        if (tenant.isOrganization()) {
            realm.setAttribute(prefix + RESTRICT_EMAIL_DOMAINS, Boolean.toString(restrictEmailDomains));
        } else if (teamsParentGroup == null) {
            realm.removeAttribute(prefix + TEAMS_PARENT_GROUP);
        } else {
            realm.setAttribute(prefix + TEAMS_PARENT_GROUP, teamsParentGroup);
        }
    }
}
