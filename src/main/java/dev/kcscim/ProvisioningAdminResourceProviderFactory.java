package dev.kcscim;

import dev.kcscim.admin.ProvisioningAdminResource;
import dev.kcscim.tenant.Tenant;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.time.Clock;

/** Registers {@code /admin/realms/{realm}/provisioning} for settings and tokens. */
public class ProvisioningAdminResourceProviderFactory implements AdminRealmResourceProviderFactory {

    public static final String ID = "provisioning";

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(KeycloakSession s, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
                return new ProvisioningAdminResource(s, Tenant.of(realm), auth, adminEvent,
                        new ProvisioningAdminResource.Node(ProvisioningRealmResourceProviderFactory.activityLog(s),
                                ProvisioningRealmResourceProviderFactory.admission(s), Clock.systemUTC()));
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
