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

    public static final SchemaDefinition USER_SCHEMA = new SchemaDefinition(USER, "User", "User Account", concat(
            List.of(string("userName", "Unique identifier for the user, used to sign in. Keycloak stores it lower-cased.")
                            .asRequired().uniqueness(Uniqueness.server),
                    complex("name", "The components of the user's name.", concat(
                            List.of(string("formatted", "The full name, derived from the other name parts.")),
                            definitions(UserAttributeCatalog.Place.NAME)).toArray(AttributeDefinition[]::new))),
            definitions(UserAttributeCatalog.Place.CORE),
            List.of(bool("active", "Whether the account may sign in (Keycloak 'enabled')."),
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
                            .asMultiValued().mutability(Mutability.readOnly))));

    public static final SchemaDefinition ENTERPRISE_USER_SCHEMA = new SchemaDefinition(ENTERPRISE_USER, "EnterpriseUser",
            "Enterprise User", concat(definitions(UserAttributeCatalog.Place.ENTERPRISE), List.of(
            complex("manager", "The user's manager.",
                    string("value", "The id of the manager."),
                    reference("$ref", "The URI of the manager.", "User"),
                    string("displayName", "The manager's displayName.").mutability(Mutability.readOnly)))));

    public static final SchemaDefinition GROUP_SCHEMA = new SchemaDefinition(GROUP, "Group", "Group (a team in Keycloak)", List.of(
            string("displayName", "A human-readable name for the group, unique among teams.")
                    .asRequired().uniqueness(Uniqueness.server),
            complex("members", "The members of the group.",
                    string("value", "The id of the member.").mutability(Mutability.immutable),
                    reference("$ref", "The URI of the member.", "User", "Group").mutability(Mutability.immutable),
                    string("display", "The member's display name.").mutability(Mutability.readOnly),
                    string("type", "The type of member.").canonicalValues("User").mutability(Mutability.immutable))
                    .asMultiValued()));

    public static final ResourceTypeDefinition USER_RESOURCE_TYPE = new ResourceTypeDefinition("User", "User", "/Users",
            "A Keycloak realm user", USER_SCHEMA, List.of(ENTERPRISE_USER_SCHEMA));

    public static final ResourceTypeDefinition GROUP_RESOURCE_TYPE = new ResourceTypeDefinition("Group", "Group", "/Groups",
            "A team: a Keycloak group under the configured parent group", GROUP_SCHEMA, List.of());

    private static List<AttributeDefinition> definitions(UserAttributeCatalog.Place place) {
        return UserAttributeCatalog.in(place).stream().map(UserAttributeCatalog.Entry::definition).toList();
    }

    @SafeVarargs
    private static List<AttributeDefinition> concat(List<AttributeDefinition>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }

    private CoreSchemas() {
    }
}
