package dev.kcscim.containers;

import dev.kcscim.testing.AdmissionOff;
import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.ContainerImages;
import dev.kcscim.testing.ContainerImagesPresent;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.SmokeChecks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Builds the image of docker/Dockerfile from this checkout, as a user would, and runs it in production mode
 * ({@code start --optimized}) on PostgreSQL, both in containers on one network: the smoke suite passes, and the
 * build-time options of the Dockerfile (health, metrics, PostgreSQL) are in effect. Skipped without Docker.
 */
@Tag("container")
@ExtendWith(ContainerImagesPresent.class)
@ContainerImagesPresent.WithPostgres
@Testcontainers(disabledWithoutDocker = true)
class DockerImageContainerIT {

    private static final String DATABASE_PASSWORD = "kcscim-image-test";
    private static Network network;
    private static GenericContainer<?> postgres;
    private static GenericContainer<?> keycloak;

    @BeforeAll
    static void start() {
        network = Network.newNetwork();
        postgres = new GenericContainer<>(ContainerImages.postgres())
                .withNetwork(network).withNetworkAliases("postgres")
                .withEnv(Map.of("POSTGRES_DB", "keycloak", "POSTGRES_USER", "keycloak", "POSTGRES_PASSWORD", DATABASE_PASSWORD))
                .withExposedPorts(5432)
                .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(2)));
        postgres.start();

        Path jar = ContainerImages.providerJar();
        ImageFromDockerfile image = new ImageFromDockerfile("kcscim/keycloak-scim-test", false)
                .withFileFromPath("docker/Dockerfile", Path.of("docker/Dockerfile"))
                .withFileFromPath("target/" + jar.getFileName(), jar)
                .withDockerfilePath("docker/Dockerfile")
                .withBuildArg("KEYCLOAK_IMAGE", ContainerImages.keycloakRepository())
                .withBuildArg("KEYCLOAK_VERSION", ContainerImages.keycloakVersion());
        keycloak = new GenericContainer<>(image)
                .withNetwork(network)
                .withEnv(Map.of("KC_DB_URL", "jdbc:postgresql://postgres:5432/keycloak", "KC_DB_USERNAME", "keycloak",
                        "KC_DB_PASSWORD", DATABASE_PASSWORD, "KC_HTTP_ENABLED", "true", "KC_HOSTNAME_STRICT", "false",
                        "KC_BOOTSTRAP_ADMIN_USERNAME", "admin", "KC_BOOTSTRAP_ADMIN_PASSWORD", "admin"))
                .withCommand(AdmissionOff.with("start", "--optimized").toArray(String[]::new))
                .withExposedPorts(8080, 9000)
                .withLogConsumer(new Slf4jLogConsumer(org.slf4j.LoggerFactory.getLogger("keycloak-image")))
                .waitingFor(Wait.forHttp("/health/ready").forPort(9000).forStatusCode(200).withStartupTimeout(Duration.ofMinutes(6)));
        keycloak.start();
    }

    @AfterAll
    static void stop() {
        if (keycloak != null) {
            keycloak.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
        if (network != null) {
            network.close();
        }
    }

    private static String url(int port) {
        return "http://" + keycloak.getHost() + ":" + keycloak.getMappedPort(port);
    }

    @Test
    void theBuiltImageRunsTheSmokeSuiteOnPostgresql() throws Exception {
        AdminApi admin = new AdminApi(url(8080), "master", "admin", "admin");
        SmokeChecks.run(admin, "okta-spec-docker-image.log");
        SmokeChecks.organizationLifecycle(admin);
        // The image was built for PostgreSQL: Keycloak's data lives in the PostgreSQL container.
        var realms = postgres.execInContainer("psql", "-U", "keycloak", "-d", "keycloak", "-tAc",
                "select name from realm where name = 'master'");
        assertEquals(0, realms.getExitCode(), realms::getStderr);
        assertEquals("master", realms.getStdout().trim());
    }

    @Test
    void healthAndMetricsAreOnTheManagementPort() {
        assertEquals(200, Http.get(url(9000) + "/health/ready").send().status());
        Http.Result metrics = Http.get(url(9000) + "/metrics").send();
        assertEquals(200, metrics.status());
        assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "Micrometer's metrics are exported");
    }
}
