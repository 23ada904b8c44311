package dev.kcscim.testproviders;

import org.keycloak.Config;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * A deliberately broken event listener, installed only in the integration-test server (from the
 * test-providers JAR): it throws on every admin event, as a listener with a dead downstream system would.
 * A realm opts in by adding {@value #ID} to its event listeners.
 */
public class FailingEventListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "kcscim-test-failing";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new EventListenerProvider() {
            @Override
            public void onEvent(Event event) {
            }

            @Override
            public void onEvent(AdminEvent event, boolean includeRepresentation) {
                throw new IllegalStateException("kcscim test listener: the downstream system is unavailable");
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
