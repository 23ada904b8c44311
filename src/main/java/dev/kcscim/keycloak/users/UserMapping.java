package dev.kcscim.keycloak.users;

import dev.kcscim.keycloak.roles.ProvisionableRoles;
import dev.kcscim.protocol.schema.AttributeMappings;
import dev.kcscim.protocol.schema.AttributeResolver;
import dev.kcscim.protocol.schema.CoreSchemas;
import dev.kcscim.protocol.schema.ResourceTypeDefinition;
import dev.kcscim.protocol.schema.UserAttributeCatalog;
import dev.kcscim.tenant.ProvisioningSettings;
import dev.kcscim.tenant.Tenant;
import org.keycloak.models.KeycloakSession;

import java.util.List;

/**
 * How one tenant's users look in SCIM: its attribute catalog (the built-in entries and the User Profile
 * attributes mapped on the Provisioning page) and its provisionable roles. Everything that reads, writes,
 * filters or describes a User takes it from here, so that {@code /Schemas} and behaviour cannot disagree.
 *
 * @param skippedAnnotations User Profile annotations that were not adopted, with the reason (shown to the admin)
 */
public record UserMapping(UserAttributeCatalog catalog, ProvisionableRoles roles, List<String> skippedAnnotations) {

    /**
     * The tenant's mapping. The stored mappings were checked when saved; should the User Profile have changed
     * since (an attribute removed), the mappings that no longer hold are left out rather than failing requests.
     */
    public static UserMapping of(KeycloakSession session, Tenant tenant, ProvisioningSettings settings) {
        UserProfileFacts profile = UserProfileFacts.of(session, tenant.realm());
        AttributeMappings rules = new AttributeMappings(profile, UserProfileFacts.RESERVED);
        AttributeMappings.Result result;
        try {
            result = rules.resolve(settings.attributeMappings(), profile.annotated());
        } catch (AttributeMappings.MappingException e) {
            result = rules.resolve(rules.stillValid(settings.attributeMappings()), profile.annotated());
        }
        return new UserMapping(result.catalog(), ProvisionableRoles.of(tenant.realm(), settings.roles()), result.skippedAnnotations());
    }

    /** Checks mappings an admin is saving: a problem is an exception naming every one, before anything is stored. */
    public static AttributeMappings.Result check(KeycloakSession session, Tenant tenant, ProvisioningSettings settings) {
        UserProfileFacts profile = UserProfileFacts.of(session, tenant.realm());
        return new AttributeMappings(profile, UserProfileFacts.RESERVED).resolve(settings.attributeMappings(), profile.annotated());
    }

    public ResourceTypeDefinition resourceType() {
        return CoreSchemas.userResourceType(catalog, roles.enabled());
    }

    public AttributeResolver resolver() {
        return new AttributeResolver(resourceType());
    }
}
