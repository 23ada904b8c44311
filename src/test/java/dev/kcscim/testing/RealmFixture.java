package dev.kcscim.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Map;

/**
 * A provisioned realm for one test class, on the run's shared server: created before the class's
 * {@code @BeforeAll} methods and deleted after the class, whatever happened in between.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final RealmFixture realm = RealmFixture.provisioned("users", Map.of());
 * </pre>
 */
public final class RealmFixture implements BeforeAllCallback, AfterAllCallback {

    private final String prefix;
    private final Map<String, Object> settings;
    private TestServer server;
    private TestServer.ProvisionedRealm realm;

    private RealmFixture(String prefix, Map<String, Object> settings) {
        this.prefix = prefix;
        this.settings = settings;
    }

    /** A fresh realm with provisioning on, these settings, and a token named "okta". */
    public static RealmFixture provisioned(String prefix, Map<String, Object> settings) {
        return new RealmFixture(prefix, settings);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = KeycloakExtension.server(context);
        realm = server.provisionedRealm(prefix, settings);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (realm != null) {
            realm.close();
        }
    }

    public TestServer server() {
        return server;
    }

    public AdminApi admin() {
        return server.admin();
    }

    public String name() {
        return realm.name();
    }

    public ScimClient scim() {
        return realm.scim();
    }
}
