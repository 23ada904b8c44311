package dev.kcscim.protocol.schema;

import dev.kcscim.protocol.schema.AttributeDefinition.Mutability;
import dev.kcscim.protocol.schema.AttributeDefinition.Returned;
import dev.kcscim.protocol.schema.AttributeDefinition.Type;
import dev.kcscim.protocol.schema.AttributeDefinition.Uniqueness;

import java.util.List;

import static dev.kcscim.protocol.schema.AttributeDefinition.bool;
import static dev.kcscim.protocol.schema.AttributeDefinition.complex;
import static dev.kcscim.protocol.schema.AttributeDefinition.reference;
import static dev.kcscim.protocol.schema.AttributeDefinition.string;

/**
 * The schemas this server implements (RFC 7643 §4 and §8.7). Only attributes that are really stored are
 * listed, so that {@code /Schemas} tells an IdP the truth about what survives a round trip.
 */
public final class CoreSchemas {

    public static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    /** This server's User extension: the User Profile attributes an admin maps (see {@link AttributeMappings}). */
    public static final String KEYCLOAK_USER = "urn:ietf:params:scim:schemas:extension:keycloak:2.0:User";
    /** Okta Identity Governance's Role schema (Okta's "Build a SCIM 2.0 server with entitlements"). */
    public static final String ROLE = "urn:okta:scim:schemas:core:1.0:Role";

    /** Attributes every resource has (RFC 7643 §3.1); they are not part of any schema's attribute list. */
    public static final List<AttributeDefinition> COMMON_ATTRIBUTES = List.of(
            string("id", "Unique identifier assigned by the service provider: the Keycloak id.").asCaseExact()
                    .mutability(Mutability.readOnly).returned(Returned.always).uniqueness(Uniqueness.server),
            string("externalId", "Identifier of the resource as defined by the provisioning client.").asCaseExact(),
            complex("meta", "Resource metadata.",
                    string("resourceType", "Name of the resource type.").asCaseExact().mutability(Mutability.readOnly),
                    AttributeDefinition.of("created", Type.DATE_TIME, "When the resource was added.").mutability(Mutability.readOnly),
                    AttributeDefinition.of("lastModified", Type.DATE_TIME, "When the resource was last changed.").mutability(Mutability.readOnly),
                    reference("location", "URI of the resource.", "uri").asCaseExact().mutability(Mutability.readOnly),
                    string("version", "Entity tag of the resource.").asCaseExact().mutability(Mutability.readOnly))
                    .mutability(Mutability.readOnly));

    private static AttributeDefinition multiValuedTyped(String name, String description, String... types) {
        return complex(name, description,
                string("value", "The value."),
                string("display", "A human-readable name, primarily for display."),
                string("type", "A label for the function of this value.").canonicalValues(types),
                bool("primary", "Whether this is the primary value."))
                .asMultiValued();
    }

    /** A user's roles (RFC 7643 §4.1.2): the provisionable Keycloak roles mapped to the user directly. */
    private static final AttributeDefinition ROLES = complex("roles", "The user's provisionable Keycloak roles; see /Roles.",
            string("value", "The role's name, as listed by /Roles."),
            string("display", "The role's description or name.").mutability(Mutability.readOnly),
            string("type", "'realm', or the client id of a client role.").mutability(Mutability.readOnly),
            bool("primary", "Not used; accepted for clients that send it."))
            .asMultiValued();

    /**
     * The core User schema for a catalog; with {@code roles} only when the tenant has provisionable roles, so that
     * IdPs do not offer what would be refused.
     */
    public static SchemaDefinition userSchema(UserAttributeCatalog catalog, boolean roles) {
        List<AttributeDefinition> tail = new java.util.ArrayList<>(List.of(
                bool("active", "Whether the account may sign in (Keycloak 'enabled')."),
                string("password", "The user's clear-text password; write-only, never returned.")
                        .mutability(Mutability.writeOnly).returned(Returned.never),
                multiValuedTyped("emails", "Email addresses; the primary one is the Keycloak email.", "work", "home", "other"),
                multiValuedTyped("phoneNumbers", "Phone numbers.", "work", "home", "mobile", "fax", "pager", "other"),
                complex("addresses", "Physical mailing addresses.",
                        string("formatted", "The full mailing address."),
                        string("streetAddress", "The street address."),
                        string("locality", "The city or locality."),
                        string("region", "The state or region."),
                        string("postalCode", "The zip or postal code."),
                        string("country", "The country."),
                        string("type", "A label for the address.").canonicalValues("work", "home", "other"),
                        bool("primary", "Whether this is the primary address.")).asMultiValued(),
                complex("groups", "The teams the user belongs to; managed through /Groups.",
                        string("value", "The id of the group.").mutability(Mutability.readOnly),
                        reference("$ref", "The URI of the group.", "Group").mutability(Mutability.readOnly),
                        string("display", "The group's displayName.").mutability(Mutability.readOnly),
                        string("type", "How the membership is derived.").canonicalValues("direct").mutability(Mutability.readOnly))
                        .asMultiValued().mutability(Mutability.readOnly)));
        if (roles) {
            tail.add(ROLES);
        }
        return new SchemaDefinition(USER, "User", "User Account", concat(
                List.of(string("userName", "Unique identifier for the user, used to sign in. Keycloak stores it lower-cased.")
                                .asRequired().uniqueness(Uniqueness.server),
                        complex("name", "The components of the user's name.", concat(
                                List.of(string("formatted", "The full name, derived from the other name parts.")),
                                definitions(catalog, UserAttributeCatalog.Place.NAME)).toArray(AttributeDefinition[]::new))),
                definitions(catalog, UserAttributeCatalog.Place.CORE),
                tail));
    }

    public static SchemaDefinition enterpriseUserSchema(UserAttributeCatalog catalog) {
        return new SchemaDefinition(ENTERPRISE_USER, "EnterpriseUser", "Enterprise User", concat(
                definitions(catalog, UserAttributeCatalog.Place.ENTERPRISE), List.of(
                        complex("manager", "The user's manager.",
                                string("value", "The id of the manager."),
                                reference("$ref", "The URI of the manager.", "User"),
                                string("displayName", "The manager's displayName.").mutability(Mutability.readOnly)))));
    }

    /** The Keycloak extension: the User Profile attributes mapped into it. */
    public static SchemaDefinition keycloakUserSchema(UserAttributeCatalog catalog) {
        return new SchemaDefinition(KEYCLOAK_USER, "KeycloakUser", "User Profile attributes of the Keycloak realm, as mapped on the Provisioning page",
                definitions(catalog, UserAttributeCatalog.Place.EXTENSION));
    }

    /** The User resource type: core and enterprise always, the Keycloak extension when something is mapped into it. */
    public static ResourceTypeDefinition userResourceType(UserAttributeCatalog catalog, boolean roles) {
        List<SchemaDefinition> extensions = catalog.in(UserAttributeCatalog.Place.EXTENSION).isEmpty()
                ? List.of(enterpriseUserSchema(catalog))
                : List.of(enterpriseUserSchema(catalog), keycloakUserSchema(catalog));
        return new ResourceTypeDefinition("User", "User", "/Users", "A Keycloak realm user", userSchema(catalog, roles), extensions);
    }

    /** The built-in User schemas, as served when nothing is mapped and no roles are provisionable. */
    public static final SchemaDefinition USER_SCHEMA = userSchema(UserAttributeCatalog.BUILT_IN, false);
    public static final SchemaDefinition ENTERPRISE_USER_SCHEMA = enterpriseUserSchema(UserAttributeCatalog.BUILT_IN);

    public static final SchemaDefinition GROUP_SCHEMA = new SchemaDefinition(GROUP, "Group", "Group (a team in Keycloak)", List.of(
            string("displayName", "A human-readable name for the group, unique among teams.")
                    .asRequired().uniqueness(Uniqueness.server),
            complex("members", "The members of the group.",
                    string("value", "The id of the member.").mutability(Mutability.immutable),
                    reference("$ref", "The URI of the member.", "User", "Group").mutability(Mutability.immutable),
                    string("display", "The member's display name.").mutability(Mutability.readOnly),
                    string("type", "The type of member.").canonicalValues("User").mutability(Mutability.immutable))
                    .asMultiValued()));

    public static final ResourceTypeDefinition USER_RESOURCE_TYPE = userResourceType(UserAttributeCatalog.BUILT_IN, false);

    public static final ResourceTypeDefinition GROUP_RESOURCE_TYPE = new ResourceTypeDefinition("Group", "Group", "/Groups",
            "A team: a Keycloak group under the configured parent group", GROUP_SCHEMA, List.of());

    /** Okta's Role: what {@code /Roles} lists (read-only; the roles are Keycloak's). */
    public static final SchemaDefinition ROLE_SCHEMA = new SchemaDefinition(ROLE, "Role", "A provisionable Keycloak role", List.of(
            string("displayName", "The role's description, or its name.").mutability(Mutability.readOnly),
            string("value", "The role's name: the value of a user's roles.").mutability(Mutability.readOnly).uniqueness(Uniqueness.server),
            string("type", "'realm', or the client id of a client role.").mutability(Mutability.readOnly),
            string("description", "The role's description in Keycloak.").mutability(Mutability.readOnly)));

    public static final ResourceTypeDefinition ROLE_RESOURCE_TYPE = new ResourceTypeDefinition("Role", "Role", "/Roles",
            "A Keycloak role that the identity provider may grant to users", ROLE_SCHEMA, List.of());

    private static List<AttributeDefinition> definitions(UserAttributeCatalog catalog, UserAttributeCatalog.Place place) {
        return catalog.in(place).stream().map(UserAttributeCatalog.Entry::definition).toList();
    }

    @SafeVarargs
    private static List<AttributeDefinition> concat(List<AttributeDefinition>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }

    private CoreSchemas() {
    }
}
