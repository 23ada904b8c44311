package dev.kcscim.protocol.schema;

import java.util.List;
import java.util.Optional;

import static dev.kcscim.protocol.schema.AttributeDefinition.reference;
import static dev.kcscim.protocol.schema.AttributeDefinition.string;

/**
 * The single declaration of the User's simple attributes: where each lives in SCIM, what it is called in
 * Keycloak, and how it is shown to an admin. The schemas served by {@code /Schemas}, the reading and writing of
 * {@code ScimUser}, the Keycloak mapping and the User Profile declaration are all derived from this list.
 */
public final class UserAttributeCatalog {

    /** Where an attribute sits in the SCIM representation. */
    public enum Place {
        /** A top-level attribute of the core User schema. */
        CORE,
        /** A sub-attribute of the core {@code name}. */
        NAME,
        /** An attribute of the enterprise extension. */
        ENTERPRISE
    }

    /**
     * One simple string attribute.
     *
     * @param place      where it sits in SCIM
     * @param definition its schema definition (the name is the SCIM name)
     * @param storage    the Keycloak user attribute that holds it, or the {@code UserModel} field
     *                   ({@code firstName}, {@code lastName}) for the two that Keycloak keeps as columns
     * @param label      what the admin console shows for it
     */
    public record Entry(Place place, AttributeDefinition definition, String storage, String label) {

        /** The key used inside the server: {@code displayName}, {@code name.givenName}, {@code enterprise.department}. */
        public String key() {
            return switch (place) {
                case CORE -> definition.name();
                case NAME -> "name." + definition.name();
                case ENTERPRISE -> "enterprise." + definition.name();
            };
        }

        /** True for the two attributes Keycloak keeps as columns of the user, not as user attributes. */
        public boolean modelField() {
            return storage.equals(FIRST_NAME) || storage.equals(LAST_NAME);
        }
    }

    public static final String FIRST_NAME = "firstName";
    public static final String LAST_NAME = "lastName";
    /** The enterprise manager: a complex attribute whose {@code value} (a user id) is stored under this name. */
    public static final String MANAGER_STORAGE = "manager";
    public static final String MANAGER_LABEL = "Manager (user id)";

    public static final List<Entry> STRINGS = List.of(
            new Entry(Place.NAME, string("familyName", "The family name (Keycloak lastName)."), LAST_NAME, "Last name"),
            new Entry(Place.NAME, string("givenName", "The given name (Keycloak firstName)."), FIRST_NAME, "First name"),
            new Entry(Place.NAME, string("middleName", "The middle name."), "middleName", "Middle name"),
            new Entry(Place.NAME, string("honorificPrefix", "The honorific prefix, such as 'Ms.'."), "honorificPrefix", "Honorific prefix"),
            new Entry(Place.NAME, string("honorificSuffix", "The honorific suffix, such as 'III'."), "honorificSuffix", "Honorific suffix"),
            new Entry(Place.CORE, string("displayName", "The name of the user, suitable for display."), "displayName", "Display name"),
            new Entry(Place.CORE, string("nickName", "The casual way to address the user."), "nickName", "Nickname"),
            new Entry(Place.CORE, reference("profileUrl", "A URI of the user's online profile.", "external"), "profileUrl", "Profile URL"),
            new Entry(Place.CORE, string("title", "The user's title, such as 'Vice President'."), "title", "Title"),
            new Entry(Place.CORE, string("userType", "The relationship between the organization and the user."), "userType", "User type"),
            new Entry(Place.CORE, string("preferredLanguage", "The user's preferred written or spoken language."), "preferredLanguage", "Preferred language"),
            // Keycloak's own locale attribute, so the login pages follow what the IdP says.
            new Entry(Place.CORE, string("locale", "The user's default location for localisation."), "locale", "Locale"),
            new Entry(Place.CORE, string("timezone", "The user's time zone in IANA format."), "timezone", "Time zone"),
            new Entry(Place.ENTERPRISE, string("employeeNumber", "Numeric or alphanumeric identifier assigned to a person."), "employeeNumber", "Employee number"),
            new Entry(Place.ENTERPRISE, string("costCenter", "Name of a cost center."), "costCenter", "Cost center"),
            new Entry(Place.ENTERPRISE, string("organization", "Name of an organization."), "organization", "Organization"),
            new Entry(Place.ENTERPRISE, string("division", "Name of a division."), "division", "Division"),
            new Entry(Place.ENTERPRISE, string("department", "Name of a department."), "department", "Department"));

    private UserAttributeCatalog() {
    }

    public static List<Entry> in(Place place) {
        return STRINGS.stream().filter(e -> e.place() == place).toList();
    }

    public static Optional<Entry> byKey(String key) {
        return STRINGS.stream().filter(e -> e.key().equals(key)).findFirst();
    }
}
