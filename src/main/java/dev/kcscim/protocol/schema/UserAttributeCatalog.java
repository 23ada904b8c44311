package dev.kcscim.protocol.schema;

import dev.kcscim.protocol.schema.AttributeDefinition.Mutability;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.kcscim.protocol.schema.AttributeDefinition.reference;
import static dev.kcscim.protocol.schema.AttributeDefinition.string;

/**
 * Which SCIM attribute of a User is kept in which Keycloak user attribute. The built-in entries below and the
 * mappings an admin adds from the realm's User Profile (see {@link AttributeMappings}) are entries of one
 * catalog: the schemas served by {@code /Schemas}, the reading and writing of {@code ScimUser}, filtering, the
 * Keycloak mapping and the User Profile declaration are all derived from it.
 */
public final class UserAttributeCatalog {

    /** Where an attribute sits in the SCIM representation. */
    public enum Place {
        /** A top-level attribute of the core User schema. */
        CORE,
        /** A sub-attribute of the core {@code name}. */
        NAME,
        /** An attribute of the enterprise extension. */
        ENTERPRISE,
        /** An attribute of this server's own extension, {@link CoreSchemas#KEYCLOAK_USER}: any User Profile attribute. */
        EXTENSION
    }

    /**
     * One simple attribute.
     *
     * @param place      where it sits in SCIM
     * @param definition its schema definition (the name is the SCIM name; type, multi-valuedness and mutability)
     * @param storage    the Keycloak user attribute that holds it, or the {@code UserModel} field
     *                   ({@code firstName}, {@code lastName}) for the two that Keycloak keeps as columns
     * @param label      what the admin console shows for it
     */
    public record Entry(Place place, AttributeDefinition definition, String storage, String label) {

        /** The key used inside the server: {@code displayName}, {@code name.givenName}, {@code enterprise.department}. */
        public String key() {
            return keyOf(place, definition.name());
        }

        /** The path a client writes in a filter or PATCH, and an admin in a mapping. */
        public String path() {
            return switch (place) {
                case CORE -> definition.name();
                case NAME -> "name." + definition.name();
                case ENTERPRISE -> CoreSchemas.ENTERPRISE_USER + ":" + definition.name();
                case EXTENSION -> CoreSchemas.KEYCLOAK_USER + ":" + definition.name();
            };
        }

        /** True for the two attributes Keycloak keeps as columns of the user, not as user attributes. */
        public boolean modelField() {
            return storage.equals(FIRST_NAME) || storage.equals(LAST_NAME);
        }

        /** Whether a client's value is stored: read-only attributes in a request are ignored (RFC 7643 §7). */
        public boolean writable() {
            return definition.mutability() != Mutability.readOnly;
        }

        /** Whether the attribute is returned: write-only ones never are. */
        public boolean readable() {
            return definition.mutability() != Mutability.writeOnly;
        }

        public boolean multiValued() {
            return definition.multiValued();
        }
    }

    static String keyOf(Place place, String name) {
        return switch (place) {
            case CORE -> name;
            case NAME -> "name." + name;
            case ENTERPRISE -> "enterprise." + name;
            case EXTENSION -> "keycloak." + name;
        };
    }

    public static final String FIRST_NAME = "firstName";
    public static final String LAST_NAME = "lastName";
    /** The enterprise manager: a complex attribute whose {@code value} (a user id) is stored under this name. */
    public static final String MANAGER_STORAGE = "manager";
    public static final String MANAGER_LABEL = "Manager (user id)";

    /** The mapping every tenant starts from. */
    public static final UserAttributeCatalog BUILT_IN = new UserAttributeCatalog(List.of(
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
            new Entry(Place.ENTERPRISE, string("department", "Name of a department."), "department", "Department")));

    private final List<Entry> entries;

    public UserAttributeCatalog(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    public List<Entry> in(Place place) {
        return entries.stream().filter(e -> e.place() == place).toList();
    }

    public Optional<Entry> byKey(String key) {
        return entries.stream().filter(e -> e.key().equals(key)).findFirst();
    }

    /** Which entry a Keycloak attribute backs, if any. */
    public Optional<Entry> byStorage(String storage) {
        return entries.stream().filter(e -> e.storage().equals(storage)).findFirst();
    }

    /** This catalog with {@code mapped} entries: an entry with the key of an existing one takes its place. */
    public UserAttributeCatalog with(List<Entry> mapped) {
        List<Entry> out = new ArrayList<>();
        for (Entry entry : entries) {
            out.add(mapped.stream().filter(m -> m.key().equals(entry.key())).findFirst().orElse(entry));
        }
        mapped.stream().filter(m -> byKey(m.key()).isEmpty()).forEach(out::add);
        return new UserAttributeCatalog(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserAttributeCatalog other && other.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }
}
