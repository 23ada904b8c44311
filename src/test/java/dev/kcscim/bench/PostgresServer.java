package dev.kcscim.bench;

import dev.kcscim.testing.AdmissionOff;
import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.KeycloakDistribution;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Keycloak in production mode on a fresh PostgreSQL database of its own (the local server), dropped when closed. */
final class PostgresServer implements AutoCloseable {

    private final KeycloakDistribution keycloak;
    private final String database;
    private final int managementPort;

    private PostgresServer(KeycloakDistribution keycloak, String database, int managementPort) {
        this.keycloak = keycloak;
        this.database = database;
        this.managementPort = managementPort;
    }

    /** @param name names the database ({@code kcscim_<name>_<time>}) and the server's folder beside the H2 benchmark's */
    static PostgresServer start(String name) throws Exception {
        return start(name, true);
    }

    /** @param admissionOff whether admission control is off, as the benchmarks that measure what the server can do want it */
    static PostgresServer start(String name, boolean admissionOff) throws Exception {
        return start(name, admissionOff, List.of());
    }

    /** @param settings more server options, such as admission settings to try */
    static PostgresServer start(String name, boolean admissionOff, List<String> settings) throws Exception {
        String database = "kcscim_" + name + "_" + System.currentTimeMillis();
        ServerProbe.psql("test", "CREATE DATABASE " + database);
        try {
            int managementPort = KeycloakDistribution.freePort();
            Path home = Path.of(System.getProperty("kcscim.benchHome")).resolveSibling("bench-keycloak-" + name);
            KeycloakDistribution.Options options = new KeycloakDistribution.Options(
                    Path.of(System.getProperty("kcscim.keycloakDist")), home.resolve("keycloak"), Path.of(System.getProperty("kcscim.providerJar")),
                    KeycloakDistribution.freePort(), managementPort, true,
                    args(admissionOff, settings, "--db=postgres", "--db-url=jdbc:postgresql://127.0.0.1:5432/" + database, "--db-username=postgres",
                            "--db-password=unused", "--metrics-enabled=true", "--http-enabled=true", "--hostname-strict=false", "--cache=local"),
                    home.resolve("keycloak.log"), Duration.ofMinutes(6), List.of("start"));
            return new PostgresServer(KeycloakDistribution.start(options), database, managementPort);
        } catch (Exception | Error e) {
            ServerProbe.psql("test", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            throw e;
        }
    }

    private static List<String> args(boolean admissionOff, List<String> settings, String... args) {
        List<String> all = new ArrayList<>(admissionOff ? AdmissionOff.with(args) : List.of(args));
        all.addAll(settings);
        return all;
    }

    String baseUrl() {
        return keycloak.baseUrl();
    }

    String database() {
        return database;
    }

    AdminApi admin() {
        return new AdminApi(keycloak.baseUrl(), "master", KeycloakDistribution.ADMIN_USER, KeycloakDistribution.ADMIN_PASSWORD);
    }

    /** The server's own process, whose processor time a benchmark reads. */
    ProcessHandle process() {
        return keycloak.process().toHandle();
    }

    ServerProbe probe() {
        return new ServerProbe(keycloak.process().toHandle(), "http://localhost:" + managementPort + "/metrics");
    }

    @Override
    public void close() {
        try {
            keycloak.close();
        } finally {
            ServerProbe.psql("test", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }
}
