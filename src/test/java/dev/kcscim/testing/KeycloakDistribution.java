package dev.kcscim.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real Keycloak distribution, unpacked from the Maven artifact, with this project's JAR in
 * {@code providers/}, started with {@code kc.sh start-dev} on a chosen port. Used by the integration tests
 * and by {@code ./mvnw -Prun}; no Docker is needed.
 */
public final class KeycloakDistribution implements AutoCloseable {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";
    private static final String PROVIDER_FILE = "keycloak-scim-provisioning.jar";

    /**
     * @param distributionZip keycloak-quarkus-dist zip from the local Maven repository
     * @param home            where the distribution lives; unpacked there when missing
     * @param providerJar     this project's JAR
     * @param freshData       delete the H2 database first (tests) or keep it (the run command)
     * @param extraArgs       more {@code kc.sh} options, such as {@code --features=...} or database settings
     * @param log             file for Keycloak's output, or null to share this process's console
     * @param command         the kc.sh command and its fixed options, {@code start-dev} unless a test needs production mode
     */
    public record Options(Path distributionZip, Path home, Path providerJar, int httpPort, int managementPort,
                          boolean freshData, List<String> extraArgs, Path log, Duration startTimeout, List<String> command,
                          List<Path> extraProviders) {

        /** With a chosen kc.sh command and no other providers. */
        public Options(Path distributionZip, Path home, Path providerJar, int httpPort, int managementPort,
                       boolean freshData, List<String> extraArgs, Path log, Duration startTimeout, List<String> command) {
            this(distributionZip, home, providerJar, httpPort, managementPort, freshData, extraArgs, log, startTimeout, command, List.of());
        }

        /** Development mode on the embedded H2 database, as the run command and most tests use. */
        public Options(Path distributionZip, Path home, Path providerJar, int httpPort, int managementPort,
                       boolean freshData, List<String> extraArgs, Path log, Duration startTimeout) {
            this(distributionZip, home, providerJar, httpPort, managementPort, freshData, extraArgs, log, startTimeout, List.of("start-dev"));
        }
    }

    private final Options options;
    private final Process process;

    private KeycloakDistribution(Options options, Process process) {
        this.options = options;
        this.process = process;
    }

    public static KeycloakDistribution start(Options options) throws IOException, InterruptedException {
        prepare(options);
        List<String> command = new ArrayList<>(List.of("bash", options.home().resolve("bin/kc.sh").toString()));
        command.addAll(options.command());
        command.add("--http-port=" + options.httpPort());
        command.add("--http-management-port=" + options.managementPort());
        command.addAll(options.extraArgs());
        ProcessBuilder builder = new ProcessBuilder(command).directory(options.home().toFile());
        Map<String, String> env = builder.environment();
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        String heap = System.getProperty("kcscim.serverHeap", "");
        if (!heap.isBlank()) {
            // kc.sh's own heap options (a benchmark runs the server on dev mode's default heap, -Xmx512m).
            env.put("JAVA_OPTS_KC_HEAP", heap);
        }
        if (options.log() != null) {
            Files.createDirectories(options.log().getParent());
            builder.redirectErrorStream(true).redirectOutput(options.log().toFile());
        } else {
            builder.inheritIO();
        }
        Process process = builder.start();
        KeycloakDistribution server = new KeycloakDistribution(options, process);
        try {
            server.awaitReady();
        } catch (IOException | RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public String baseUrl() {
        return "http://localhost:" + options.httpPort();
    }

    /** The management interface (health, and metrics where enabled). */
    public String managementUrl() {
        return "http://localhost:" + options.managementPort();
    }

    public Process process() {
        return process;
    }

    /** Kills Keycloak at once with SIGKILL, as a crashed node or a lost machine: no shutdown, no cleanup. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops Keycloak and everything it started (kc.sh runs Java as a child), gracefully first. */
    @Override
    public void close() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        Instant deadline = Instant.now().plusSeconds(30);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void prepare(Options options) throws IOException {
        Path home = options.home();
        if (!Files.exists(home.resolve("bin/kc.sh"))) {
            unpack(options.distributionZip(), home);
        }
        Path providers = home.resolve("providers");
        Files.createDirectories(providers);
        Path installed = providers.resolve(PROVIDER_FILE);
        // Copy only when changed: an unchanged JAR lets start-dev skip its ~30 s re-augmentation.
        if (!Files.exists(installed) || Files.mismatch(installed, options.providerJar()) != -1) {
            Files.copy(options.providerJar(), installed, StandardCopyOption.REPLACE_EXISTING);
        }
        for (Path extra : options.extraProviders()) {
            Path target = providers.resolve(extra.getFileName());
            if (!Files.exists(target) || Files.mismatch(target, extra) != -1) {
                Files.copy(extra, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (options.freshData()) {
            deleteTree(home.resolve("data"));
        }
    }

    private static void unpack(Path zip, Path home) throws IOException {
        Path staging = Files.createTempDirectory(home.getParent() == null ? Path.of(".") : createParent(home), "kc-unpack");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path target = staging.resolve(entry.getName()).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException("Refusing zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        try (Stream<Path> roots = Files.list(staging)) {
            Path root = roots.filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IOException("Empty Keycloak distribution: " + zip));
            deleteTree(home);
            Files.move(root, home);
        }
        deleteTree(staging);
    }

    private static Path createParent(Path home) throws IOException {
        return Files.createDirectories(home.toAbsolutePath().getParent());
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUrl() + "/realms/master"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        Instant deadline = Instant.now().plus(options.startTimeout());
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("Keycloak exited with code " + process.exitValue() + " before it was ready" + logTail());
            }
            try {
                if (client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IOException("Keycloak was not ready within " + options.startTimeout() + logTail());
    }

    private String logTail() {
        if (options.log() == null || !Files.exists(options.log())) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(options.log());
            return "; last log lines:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    public static Path requiredPath(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set; run through Maven (./mvnw verify or ./mvnw -Prun)");
        }
        return Path.of(value);
    }
}
