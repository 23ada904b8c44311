package dev.kcscim.bench;

import dev.kcscim.testing.AdminApi;
import dev.kcscim.testing.AdmissionOff;
import dev.kcscim.testing.Http;
import dev.kcscim.testing.KeycloakDistribution;
import dev.kcscim.testing.ScimClient;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./mvnw -Pbench -Dbench.mode=signin}: what a provisioning storm does to sign-in, with admission control and
 * without it, on one machine in one run. Keycloak 26.7.3 in production mode on its file-based H2 with this JAR; people sign in at a steady
 * pace through the token endpoint (password grant, 4 per second) and through the browser login form (GET the form,
 * POST the credentials, 1 per second), while {@link ProvisioningStorm} runs: Okta-shaped creates from 16 workers,
 * group pushes and /Bulk. Four phases: idle and storm on a server with the default admission limits, then idle and
 * storm on the same distribution restarted with admission control off. {@code -Dbench.phaseSeconds} (60) sets the
 * length of each phase.
 */
public final class SignInBenchmark {

    private static final String REALM = "signin";
    private static final String CLIENT = "bench-login";
    private static final String REDIRECT = "http://localhost/callback";
    private static final int PEOPLE = 20;
    private static final int PHASE_SECONDS = Integer.getInteger("bench.phaseSeconds", 60);
    /**
     * A third phase on the server with admission control: the same storm, its people without passwords (Entra's
     * way, and Okta's without "Sync Password"). {@code -Dbench.stormWithoutPasswords=false} leaves it out.
     */
    private static final boolean WITHOUT_PASSWORDS = Boolean.parseBoolean(System.getProperty("bench.stormWithoutPasswords", "true"));
    /**
     * Production mode on Keycloak's file-based H2 database: dev mode re-reads the login theme's templates on every
     * page, which would make the login form cost several times what it does on a real server.
     */
    private static final String[] PRODUCTION = {"--db=dev-file", "--http-enabled=true", "--hostname-strict=false", "--metrics-enabled=true"};
    /**
     * {@code -Dbench.signinDb=postgres} runs the servers on a fresh database of their own on the local PostgreSQL, as
     * production does, instead of H2's file.
     */
    private static final boolean POSTGRES = "postgres".equals(System.getProperty("bench.signinDb", "h2"));
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    /** @param serverCores the cores the server used on average; {@code clientCores} the same for this benchmark's own JVM */
    private record Phase(String name, Timing.Percentiles token, Timing.Percentiles form, ProvisioningStorm.Result storm,
                         double serverCores, double clientCores) {
    }

    public static void main(String[] args) throws Exception {
        List<Phase> phases = new ArrayList<>();
        String servers = System.getProperty("bench.signinServers", "on,off");
        if (servers.contains("on")) {
            List<String> settings = new ArrayList<>();
            // -Dbench.cpuShare and -Dbench.cpuTarget try other values of the processor budget than the defaults.
            String label = "";
            for (String option : List.of("cpuShare", "cpuTarget")) {
                String value = System.getProperty("bench." + option);
                if (value != null) {
                    settings.add("--spi-realm-restapi-extension--provisioning--admission-" + (option.equals("cpuShare") ? "cpu-share" : "cpu-target") + "=" + value);
                    label += " " + option + " " + value;
                }
            }
            phases.addAll(onServer(label.isEmpty() ? "admission control on (defaults)" : "admission control on (" + label.trim() + ")", false, settings));
        }
        if (servers.contains("off")) {
            phases.addAll(onServer("admission control off", true, List.of()));
        }
        print(phases);
    }

    private static List<Phase> onServer(String admission, boolean admissionOff, List<String> settings) throws Exception {
        if (POSTGRES) {
            try (PostgresServer server = PostgresServer.start("signinpg", admissionOff, settings)) {
                return phases(admission, admissionOff, server.baseUrl(), server.process());
            }
        }
        List<String> args = new ArrayList<>(admissionOff ? AdmissionOff.with(PRODUCTION) : List.of(PRODUCTION));
        args.addAll(settings);
        Path home = Path.of(System.getProperty("kcscim.benchHome")).resolveSibling("bench-keycloak-signin");
        KeycloakDistribution.Options options = new KeycloakDistribution.Options(
                Path.of(System.getProperty("kcscim.keycloakDist")), home, Path.of(System.getProperty("kcscim.providerJar")),
                KeycloakDistribution.freePort(), KeycloakDistribution.freePort(), true, args, home.resolveSibling("bench-keycloak-signin.log"),
                Duration.ofMinutes(6), List.of("start"));
        try (KeycloakDistribution keycloak = KeycloakDistribution.start(options)) {
            return phases(admission, admissionOff, keycloak.baseUrl(), keycloak.process().toHandle());
        }
    }

    private static List<Phase> phases(String admission, boolean admissionOff, String base, ProcessHandle launched) throws Exception {
        AdminApi admin = new AdminApi(base, "master", KeycloakDistribution.ADMIN_USER, KeycloakDistribution.ADMIN_PASSWORD);
        ScimClient scim = setUp(admin, base);
        ProcessHandle server = java(launched);
        // Both kinds of traffic warm up first, so that neither phase pays for the other's JIT compilation.
        System.out.printf("%s: warming up%n", admission);
        measureSignIn(base, 20, new ProvisioningStorm(scim, "warm-" + admission.hashCode(), true), server);
        Thread.sleep(5_000);
        List<Phase> out = new ArrayList<>();
        System.out.printf("%s: idle, %d s%n", admission, PHASE_SECONDS);
        out.add(measureSignIn(base, PHASE_SECONDS, null, server).named("idle, " + admission));
        String prefix = admissionOff ? "off" : "on";
        System.out.printf("%s: storm, %d s%n", admission, PHASE_SECONDS);
        out.add(measureSignIn(base, PHASE_SECONDS, new ProvisioningStorm(scim, prefix, true), server).named("storm, " + admission));
        if (WITHOUT_PASSWORDS && !admissionOff) {
            Thread.sleep(5_000);
            System.out.printf("%s: storm without passwords, %d s%n", admission, PHASE_SECONDS);
            out.add(measureSignIn(base, PHASE_SECONDS, new ProvisioningStorm(scim, prefix + "-np", false), server)
                    .named("storm, no passwords, " + admission));
        }
        return out;
    }

    /** A realm with provisioning on (its default admission limits), people with passwords and a client they sign in with. */
    private static ScimClient setUp(AdminApi admin, String base) {
        admin.require(Http.post(base + "/admin/realms").bearer(admin.token()).json(Map.of("realm", REALM, "enabled", true)).send(), 201);
        admin.require(admin.call("PUT", "/" + REALM + "/provisioning/settings").json(Map.of("enabled", true, "teamsParentGroup", "/teams")).send(), 200);
        admin.require(admin.call("POST", "/" + REALM + "/clients").json(Map.of("clientId", CLIENT, "publicClient", true,
                "directAccessGrantsEnabled", true, "standardFlowEnabled", true, "redirectUris", List.of(REDIRECT))).send(), 201);
        for (int i = 0; i < PEOPLE; i++) {
            admin.require(admin.call("POST", "/" + REALM + "/users").json(Map.of("username", person(i), "email", person(i), "enabled", true,
                    "firstName", "Sign", "lastName", "In" + i, "credentials", List.of(Map.of("type", "password", "value", "Passw0rd!" + i,
                            "temporary", false)))).send(), 201);
        }
        return new ScimClient(base + "/realms/" + REALM + "/provisioning/scim/v2", admin.createToken(REALM, "okta").get("token").asText());
    }

    private static String person(int i) {
        return "person-" + i + "@signin.example";
    }

    private record Measured(List<Double> token, List<Double> form, ProvisioningStorm.Result storm, double serverCores, double clientCores) {
        Phase named(String name) {
            return new Phase(name, Timing.percentiles(token), Timing.percentiles(form), storm, serverCores, clientCores);
        }
    }

    /** The Java process under kc.sh. */
    private static ProcessHandle java(ProcessHandle launched) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(launched), launched.descendants())
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)).findFirst().orElse(launched);
    }

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** Sign-ins at a fixed pace for {@code seconds}, with the storm running meanwhile when one is given. */
    private static Measured measureSignIn(String base, int seconds, ProvisioningStorm storm, ProcessHandle server) throws Exception {
        long wallBefore = System.nanoTime();
        long serverBefore = cpuNanos(server);
        long clientBefore = cpuNanos(ProcessHandle.current());
        List<Double> token = Collections.synchronizedList(new ArrayList<>());
        List<Double> form = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService pace = Executors.newScheduledThreadPool(2);
        ExecutorService signIns = Executors.newCachedThreadPool();
        int[] next = {0};
        if (storm != null) {
            storm.start();
        }
        pace.scheduleAtFixedRate(() -> signIns.submit(() -> token.add(timed(() -> passwordGrant(base, next[0]++ % PEOPLE)))),
                0, 250, TimeUnit.MILLISECONDS);
        pace.scheduleAtFixedRate(() -> signIns.submit(() -> form.add(timed(() -> loginForm(base, next[0]++ % PEOPLE)))),
                100, 1000, TimeUnit.MILLISECONDS);
        Thread.sleep(seconds * 1000L);
        pace.shutdownNow();
        signIns.shutdown();
        signIns.awaitTermination(1, TimeUnit.MINUTES);
        ProvisioningStorm.Result result = storm == null ? null : storm.stop(seconds);
        double wall = System.nanoTime() - wallBefore;
        return new Measured(List.copyOf(token), List.copyOf(form), result, (cpuNanos(server) - serverBefore) / wall,
                (cpuNanos(ProcessHandle.current()) - clientBefore) / wall);
    }

    private static double timed(Runnable signIn) {
        long started = System.nanoTime();
        try {
            signIn.run();
        } catch (RuntimeException e) {
            if (FAILURES.getAndIncrement() < 3) {
                System.out.println("a sign-in failed: " + e.getMessage());
            }
            throw e;
        }
        return (System.nanoTime() - started) / 1e6;
    }

    /** One client for every sign-in, as many browsers would share one server: HTTP/1.1, no redirects followed. */
    private static final HttpClient CLIENT_HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    private static final java.util.concurrent.atomic.AtomicInteger FAILURES = new java.util.concurrent.atomic.AtomicInteger();

    private static void passwordGrant(String base, int i) {
        String body = "grant_type=password&client_id=" + CLIENT + "&scope=openid&username=" + enc(person(i)) + "&password=" + enc("Passw0rd!" + i);
        HttpResponse<String> response = send(CLIENT_HTTP, HttpRequest.newBuilder(URI.create(base + "/realms/" + REALM + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("password grant answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** What a browser does: GET the login form (a new session), POST the credentials with its cookies, get a code. */
    private static void loginForm(String base, int i) {
        String auth = base + "/realms/" + REALM + "/protocol/openid-connect/auth?client_id=" + CLIENT + "&response_type=code&scope=openid"
                + "&redirect_uri=" + enc(REDIRECT) + "&state=s" + i;
        HttpResponse<String> page = send(CLIENT_HTTP, HttpRequest.newBuilder(URI.create(auth)).GET().build());
        Matcher action = FORM_ACTION.matcher(page.body());
        if (page.statusCode() != 200 || !action.find()) {
            throw new IllegalStateException("no login form: " + page.statusCode());
        }
        String cookies = String.join("; ", page.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0]).toList());
        String body = "username=" + enc(person(i)) + "&password=" + enc("Passw0rd!" + i) + "&credentialId=";
        HttpResponse<String> posted = send(CLIENT_HTTP, HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookies)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        String location = posted.headers().firstValue("Location").orElse("");
        if (posted.statusCode() != 302 || !location.startsWith(REDIRECT) || !location.contains("code=")) {
            throw new IllegalStateException("the login form answered " + posted.statusCode() + " " + location);
        }
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void print(List<Phase> phases) {
        System.out.printf("%nSign-in while provisioning runs: Keycloak 26.7.3 (production mode, %s), %d cores, %d s per phase (median / p95 ms)%n",
                POSTGRES ? "PostgreSQL" : "H2 file", Runtime.getRuntime().availableProcessors(), PHASE_SECONDS);
        System.out.printf("%-52s %-17s %-17s %-10s %-7s %-8s %-12s %s%n", "phase", "token endpoint", "login form", "SCIM 2xx/s",
                "429/s", "users/s", "server cores", "p95 against the first idle (token, form)");
        // The first idle phase is the baseline: a later one comes after a storm, whose after-effects (a busy database,
        // collections) can linger on a node that had no admission control.
        Phase idle = phases.stream().filter(p -> p.storm() == null).findFirst().orElse(null);
        for (Phase phase : phases) {
            String ratio = phase.storm() == null || idle == null ? "" : String.format("%.2fx, %.2fx",
                    phase.token().p95() / idle.token().p95(), phase.form().p95() / idle.form().p95());
            System.out.printf("%-52s %6.1f / %6.1f   %6.1f / %6.1f   %-10s %-7s %-8s %4.2f (%4.2f)   %s%n", phase.name(),
                    phase.token().p50(), phase.token().p95(), phase.form().p50(), phase.form().p95(),
                    phase.storm() == null ? "" : String.format("%.1f", phase.storm().okPerSecond()),
                    phase.storm() == null ? "" : String.format("%.1f", phase.storm().throttledPerSecond()),
                    phase.storm() == null ? "" : String.format("%.1f", phase.storm().usersPerSecond()),
                    phase.serverCores(), phase.clientCores(), ratio);
        }
        System.out.println("(server cores: CPU the server used, on average; in brackets what this benchmark's own JVM used)");
        phases.stream().filter(p -> p.storm() != null).forEach(p -> System.out.printf("  %s: answers by status %s%n", p.name(), p.storm().statuses()));
    }
}
