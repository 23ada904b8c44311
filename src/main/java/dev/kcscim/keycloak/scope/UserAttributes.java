package dev.kcscim.keycloak.scope;

import dev.kcscim.protocol.schema.UserAttributeCatalog;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names of the Keycloak user attributes that hold SCIM data. Profile data keeps the readable names declared
 * in {@link UserAttributeCatalog}; bookkeeping carries a {@code scim} prefix and is declared here. All are
 * declared in the realm's User Profile by the users package (UserProfileSetup).
 */
public final class UserAttributes {

    /** The marker: set on every user created or matched by SCIM. Searchable in the admin console. */
    public static final String PROVISIONED = "scimProvisioned";
    /** Which token (by name) last wrote the user. */
    public static final String PROVISIONED_BY = "scimProvisionedBy";
    public static final String EXTERNAL_ID = "scimExternalId";
    /** userName as the client spelled it, where that is not Keycloak's lower-cased username. */
    public static final String USER_NAME = "scimUserName";
    public static final String EMAILS = "scimEmails";
    /**
     * The user's emails other than Keycloak's own email, lower-cased, one value each: Keycloak searches
     * attributes by exact value, so {@code emails eq} finds secondary emails through this index (and the primary
     * through Keycloak's email column) and not through a scan.
     */
    public static final String EMAIL_INDEX = "scimEmail";
    public static final String PHONE_NUMBERS = "scimPhoneNumbers";
    public static final String ADDRESSES = "scimAddresses";
    public static final String LAST_MODIFIED = "scimLastModified";
    /** Ids of the organizations whose SCIM deactivated this user while the account stays in use elsewhere. */
    public static final String INACTIVE_IN = "scimInactiveIn";

    /** Bookkeeping attributes with the label the admin console shows. */
    public static final Map<String, String> BOOKKEEPING = new LinkedHashMap<>();

    static {
        BOOKKEEPING.put(PROVISIONED, "Provisioned by SCIM");
        BOOKKEEPING.put(PROVISIONED_BY, "SCIM token");
        BOOKKEEPING.put(EXTERNAL_ID, "External id (IdP)");
        BOOKKEEPING.put(USER_NAME, "SCIM userName");
        BOOKKEEPING.put(EMAILS, "SCIM emails");
        BOOKKEEPING.put(EMAIL_INDEX, "SCIM email addresses (search index)");
        BOOKKEEPING.put(PHONE_NUMBERS, "SCIM phone numbers");
        BOOKKEEPING.put(ADDRESSES, "SCIM addresses");
        BOOKKEEPING.put(LAST_MODIFIED, "Last SCIM change");
        BOOKKEEPING.put(INACTIVE_IN, "Deactivated by SCIM in organizations");
    }

    /** Attributes kept in the User Profile's "Provisioning" group, by name, that hold more than one value. */
    public static final java.util.Set<String> MULTI_VALUED = java.util.Set.of(EMAIL_INDEX, INACTIVE_IN);

    private UserAttributes() {
    }
}
