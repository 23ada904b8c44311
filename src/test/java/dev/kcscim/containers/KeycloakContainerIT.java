package dev.kcscim.containers;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import dev.kcscim.testing.AdmissionOff;
import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.ContainerImages;
import dev.kcscim.testing.ContainerImagesPresent;
import dev.kcscim.testing.SmokeChecks;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The JAR in a testcontainers-keycloak {@link KeycloakContainer}, the way most extension authors test: Okta's
 * SPEC test and the user and team lifecycles against the container. Without a Docker engine the class is skipped,
 * with testcontainers' reason in the report; it never fails for that.
 */
@Tag("container")
@ExtendWith(ContainerImagesPresent.class)
@Testcontainers(disabledWithoutDocker = true)
class KeycloakContainerIT {

    @Container
    static final KeycloakContainer KEYCLOAK = new KeycloakContainer(ContainerImages.keycloak())
            .withProviderLibsFrom(List.of(ContainerImages.providerJar().toFile()))

            .withStartupTimeout(Duration.ofMinutes(6));

    static {
        AdmissionOff.ARGS.forEach(KEYCLOAK::withCustomCommand);
    }

    @Test
    void oktasSpecTestAndTheLifecyclesPassInTheContainer() throws Exception {
        AdminApi admin = new AdminApi(stripSlash(KEYCLOAK.getAuthServerUrl()), "master", KEYCLOAK.getAdminUsername(), KEYCLOAK.getAdminPassword());
        assertEquals(ContainerImages.keycloakVersion(), SmokeChecks.keycloakVersion(admin));
        SmokeChecks.run(admin, "okta-spec-keycloak-container.log");
        SmokeChecks.organizationLifecycle(admin);
    }

    static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
