package dev.kcscim.keycloak;

import org.keycloak.models.RealmModel;

/**
 * A realm's provisioning settings, stored as realm attributes so that they are cluster-wide, cached with
 * the realm and carried by realm export and import.
 *
 * @param enabled whether the realm's SCIM API answers at all; new realms start disabled
 */
public record ProvisioningSettings(boolean enabled) {

    static final String ENABLED = "kcscim.enabled";

    public static final ProvisioningSettings DEFAULTS = new ProvisioningSettings(false);

    public static ProvisioningSettings of(RealmModel realm) {
        return new ProvisioningSettings(Boolean.parseBoolean(realm.getAttribute(ENABLED)));
    }

    public void saveTo(RealmModel realm) {
        realm.setAttribute(ENABLED, Boolean.toString(enabled));
    }
}
