package dev.kcscim.testing;

import org.junit.jupiter.api.extension.ExtensionContext;

/** The running Keycloak of a test run, with an admin client for the master administrator. */
public final class TestServer implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    private final KeycloakDistribution distribution;
    private final AdminApi admin;

    TestServer(KeycloakDistribution distribution) {
        this.distribution = distribution;
        this.admin = new AdminApi(distribution.baseUrl(), "master", KeycloakDistribution.ADMIN_USER, KeycloakDistribution.ADMIN_PASSWORD);
    }

    public String baseUrl() {
        return distribution.baseUrl();
    }

    public AdminApi admin() {
        return admin;
    }

    public String scimBase(String realm) {
        return baseUrl() + "/realms/" + realm + "/provisioning/scim/v2";
    }

    @Override
    public void close() {
        distribution.close();
    }
}
