package dev.kcscim.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts one real Keycloak with this project's JAR for the whole test run (not per class) and injects a
 * {@link TestServer}. It is stopped when the run ends.
 *
 * <p>Settings (system properties, set by the POM): {@code kcscim.keycloakDist}, {@code kcscim.providerJar},
 * {@code kcscim.itHome}; optional {@code kcscim.it.port} and {@code kcscim.it.extraArgs} (space-separated
 * kc.sh options, for example a PostgreSQL database).
 */
public final class KeycloakExtension implements ParameterResolver {

    /** The scan bound the test server runs with (the product default is 10,000). */
    public static final int MAX_SCAN = 2000;

    /** The activity log bound (entries per realm or organization) the test server runs with (the default is 1,000). */
    public static final int ACTIVITY_MAX_ENTRIES = 40;

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KeycloakExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    /** The run's one server, started on first use. */
    public static TestServer server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(TestServer.class, k -> start(), TestServer.class);
    }

    /** Test-only providers (such as an event listener that always fails), built by the POM as a second JAR. */
    static List<java.nio.file.Path> testProviders() {
        String jar = System.getProperty("kcscim.testProvidersJar", "");
        return jar.isBlank() ? List.of() : List.of(java.nio.file.Path.of(jar));
    }

    private static TestServer start() {
        String portProperty = System.getProperty("kcscim.it.port", "");
        int port = portProperty.isBlank() ? KeycloakDistribution.freePort() : Integer.parseInt(portProperty);
        List<String> extraArgs = new ArrayList<>();
        // A small scan bound lets the scale test show the tooMany answer with a few thousand users.
        extraArgs.add("--spi-realm-restapi-extension--provisioning--max-scan=" + MAX_SCAN);
        // A small activity log bound lets a test show the bound with a few dozen requests.
        extraArgs.add("--spi-realm-restapi-extension--provisioning--activity-max-entries=" + ACTIVITY_MAX_ENTRIES);
        extraArgs.add("--metrics-enabled=true");
        extraArgs.addAll(AdmissionOff.ARGS);
        String extra = System.getProperty("kcscim.it.extraArgs", "").trim();
        if (!extra.isEmpty()) {
            extraArgs.addAll(List.of(extra.split("\\s+")));
        }
        Path home = KeycloakDistribution.requiredPath("kcscim.itHome");
        return start(home, home.resolveSibling("it-keycloak.log"), port, extraArgs);
    }

    /**
     * A server of one test class's own, for behaviour that only other server options show (the node's admission
     * ceiling, for one): its own distribution directory and H2 database beside the run's, and the given options
     * instead of the run's. The caller closes it.
     */
    public static TestServer dedicated(String name, List<String> extraArgs) {
        Path home = KeycloakDistribution.requiredPath("kcscim.itHome").resolveSibling(name).resolve("keycloak");
        List<String> args = new ArrayList<>(List.of("--metrics-enabled=true"));
        args.addAll(extraArgs);
        return start(home, home.resolveSibling(name + ".log"), KeycloakDistribution.freePort(), args);
    }

    private static TestServer start(Path home, Path log, int port, List<String> extraArgs) {
        KeycloakDistribution.Options options = new KeycloakDistribution.Options(
                KeycloakDistribution.requiredPath("kcscim.keycloakDist"), home,
                KeycloakDistribution.requiredPath("kcscim.providerJar"),
                port, KeycloakDistribution.freePort(), true, extraArgs, log, Duration.ofMinutes(5), List.of("start-dev"), testProviders());
        try {
            return new TestServer(KeycloakDistribution.start(options));
        } catch (Exception e) {
            throw new IllegalStateException("Could not start Keycloak for the integration tests", e);
        }
    }
}
