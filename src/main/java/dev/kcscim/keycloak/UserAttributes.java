package dev.kcscim.keycloak;

import dev.kcscim.protocol.ScimUser;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names of the Keycloak user attributes that hold SCIM data. Profile data keeps readable names an admin
 * recognises; bookkeeping carries a {@code scim} prefix. All are declared in the realm's User Profile by
 * {@link UserProfileSetup}.
 */
public final class UserAttributes {

    /** The marker: set on every user created or matched by SCIM. Searchable in the admin console. */
    public static final String PROVISIONED = "scimProvisioned";
    /** Which token (by name) last wrote the user. */
    public static final String PROVISIONED_BY = "scimProvisionedBy";
    public static final String EXTERNAL_ID = "scimExternalId";
    /** userName as the client spelled it; Keycloak lower-cases usernames. */
    public static final String USER_NAME = "scimUserName";
    public static final String EMAILS = "scimEmails";
    public static final String PHONE_NUMBERS = "scimPhoneNumbers";
    public static final String ADDRESSES = "scimAddresses";
    public static final String LAST_MODIFIED = "scimLastModified";

    /** SCIM string attribute (as keyed in {@link ScimUser#attributes()}) to Keycloak attribute name. */
    public static final Map<String, String> STRINGS;

    static {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("name.middleName", "middleName");
        map.put("name.honorificPrefix", "honorificPrefix");
        map.put("name.honorificSuffix", "honorificSuffix");
        for (String core : ScimUser.CORE_STRINGS) {
            map.put(core, core);
        }
        for (String enterprise : ScimUser.ENTERPRISE_STRINGS) {
            map.put("enterprise." + enterprise, enterprise);
        }
        map.put("enterprise.manager", "manager");
        STRINGS = Map.copyOf(map);
    }

    private UserAttributes() {
    }
}
