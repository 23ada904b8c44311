package dev.kcscim;

import dev.kcscim.http.ProvisioningRealmResource;
import dev.kcscim.http.ScimLimits;
import dev.kcscim.keycloak.KeycloakCapabilities;
import dev.kcscim.keycloak.OrganizationCleanup;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Registers {@code /realms/{realm}/provisioning}. The id is not {@code scim}, so that Keycloak's own
 * experimental SCIM API (feature {@code scim-api}) can run beside this one.
 */
public class ProvisioningRealmResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String ID = "provisioning";

    private ScimLimits limits = ScimLimits.DEFAULTS;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new ProvisioningRealmResource(session, limits);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        // --spi-realm-restapi-extension--provisioning--max-scan=N (and --max-results) tune the bounds.
        limits = new ScimLimits(config.getInt("maxResults", ScimLimits.DEFAULTS.maxResults()),
                config.getInt("maxScan", ScimLimits.DEFAULTS.maxScan()));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        if (KeycloakCapabilities.organizationRemovedEvent()) {
            factory.register(OrganizationCleanup::onEvent);
        }
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
