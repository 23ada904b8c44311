package dev.kcscim.testing;

import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Map;

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

    /** Keycloak's management interface: {@code /metrics} (the test server runs with metrics on) and health. */
    public String managementUrl() {
        return distribution.managementUrl();
    }

    public AdminApi admin() {
        return admin;
    }

    public String scimBase(String realm) {
        return baseUrl() + "/realms/" + realm + "/provisioning/scim/v2";
    }

    /** A fresh realm with provisioning on (plus any other settings) and a SCIM client holding a token named "okta". */
    public ProvisionedRealm provisionedRealm(String prefix, Map<String, Object> settings) {
        String realm = admin.createRealm(prefix);
        Map<String, Object> all = new java.util.HashMap<>(settings);
        all.putIfAbsent("enabled", true);
        admin.require(admin.call("PUT", "/" + realm + "/provisioning/settings").json(all).send(), 200);
        return new ProvisionedRealm(realm, new ScimClient(scimBase(realm), admin.createToken(realm, "okta").get("token").asText()), admin);
    }

    /** The SCIM base URL of one organization of a realm. */
    public String scimBase(String realm, String organizationId) {
        return baseUrl() + "/realms/" + realm + "/provisioning/organizations/" + organizationId + "/scim/v2";
    }

    /** A realm a test made; closing it deletes the realm, so {@code try (var r = server.provisionedRealm(...))} cleans up. */
    public record ProvisionedRealm(String name, ScimClient scim, AdminApi admin) implements AutoCloseable {
        @Override
        public void close() {
            admin.deleteRealm(name);
        }
    }

    @Override
    public void close() {
        distribution.close();
    }
}
