package dev.kcscim.testing;

import java.nio.file.Path;

/**
 * The images the container tests use. As in docker/compose.yaml, the variables KEYCLOAK_IMAGE (repository) and
 * POSTGRES_IMAGE (full name) let a mirror or an air-gapped registry stand in for the public ones; CI tags its
 * locally built stand-ins with the public names, so it sets neither.
 */
public final class ContainerImages {

    private ContainerImages() {
    }

    /** The Keycloak version the images are tagged with: the one this JAR is built and tested against. */
    public static String keycloakVersion() {
        return System.getProperty("kcscim.keycloakVersion", "26.7.3");
    }

    public static String keycloakRepository() {
        return setting("KEYCLOAK_IMAGE", "kcscim.keycloakImage", "quay.io/keycloak/keycloak");
    }

    public static String keycloak() {
        return keycloakRepository() + ":" + keycloakVersion();
    }

    public static String postgres() {
        return setting("POSTGRES_IMAGE", "kcscim.postgresImage", "postgres:17");
    }

    /** This project's packaged JAR. */
    public static Path providerJar() {
        return KeycloakDistribution.requiredPath("kcscim.providerJar");
    }

    private static String setting(String environment, String property, String fallback) {
        String value = System.getenv(environment);
        if (value == null || value.isBlank()) {
            value = System.getProperty(property, "");
        }
        return value.isBlank() ? fallback : value;
    }
}
