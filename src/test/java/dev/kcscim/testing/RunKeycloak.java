package dev.kcscim.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * {@code ./mvnw -Prun}: Keycloak in dev mode on H2 with this JAR, a demo realm {@code acme} with
 * provisioning on, and a fresh provisioning token, printed once Keycloak is up. Runs until Ctrl-C; the
 * shutdown hook stops Keycloak, so nothing is left running.
 */
public final class RunKeycloak {

    static final String DEMO_REALM = "acme";
    static final String DEMO_TOKEN_PREFIX = "dev-run-";

    private RunKeycloak() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getProperty("port", "8080"));
        KeycloakDistribution.Options options = new KeycloakDistribution.Options(
                KeycloakDistribution.requiredPath("kcscim.keycloakDist"),
                KeycloakDistribution.requiredPath("kcscim.runHome"),
                KeycloakDistribution.requiredPath("kcscim.providerJar"),
                port, KeycloakDistribution.freePort(), false, extraArgs(), null, Duration.ofMinutes(5));
        KeycloakDistribution keycloak = KeycloakDistribution.start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(keycloak::close, "stop-keycloak"));

        AdminApi admin = new AdminApi(keycloak.baseUrl(), "master", KeycloakDistribution.ADMIN_USER, KeycloakDistribution.ADMIN_PASSWORD);
        String token = prepareDemoRealm(admin);

        System.out.println();
        System.out.println("SCIM base URL: " + keycloak.baseUrl() + "/realms/" + DEMO_REALM + "/provisioning/scim/v2");
        System.out.println("SCIM token: " + token);
        System.out.println("Admin console: " + keycloak.baseUrl() + "/admin (admin / admin)");
        System.out.println();
        System.out.flush();
        int exit = keycloak.process().waitFor();
        System.exit(exit);
    }

    /** {@code -Dkeycloak.args="--db=postgres ..."} passes more options to kc.sh, for trying other databases. */
    private static List<String> extraArgs() {
        String args = System.getProperty("keycloak.args", "").trim();
        return args.isEmpty() ? List.of() : List.of(args.split("\\s+"));
    }

    /** Creates the demo realm on first run, turns provisioning on and swaps the previous run's token for a new one. */
    static String prepareDemoRealm(AdminApi admin) {
        if (Http.get(admin.baseUrl() + "/admin/realms/" + DEMO_REALM).bearer(admin.token()).send().status() == 404) {
            admin.require(Http.post(admin.baseUrl() + "/admin/realms").bearer(admin.token())
                    .json(Map.of("realm", DEMO_REALM, "displayName", "Acme (SCIM demo)", "enabled", true)).send(), 201);
        }
        // The Provisioning page comes with the admin theme; admins of master and of the demo realm get it.
        for (String realm : new String[]{"master", DEMO_REALM}) {
            admin.require(admin.call("PUT", "/" + realm).json(Map.of("adminTheme", AdminApi.ADMIN_THEME)).send(), 204);
        }
        admin.require(admin.call("PUT", "/" + DEMO_REALM + "/provisioning/settings")
                .json(Map.of("enabled", true, "teamsParentGroup", "/teams")).send(), 200);
        for (JsonNode listed : admin.call("GET", "/" + DEMO_REALM + "/provisioning/tokens").send().json()) {
            if (listed.get("name").asText().startsWith(DEMO_TOKEN_PREFIX)) {
                admin.call("DELETE", "/" + DEMO_REALM + "/provisioning/tokens/" + listed.get("id").asText()).send();
            }
        }
        String name = DEMO_TOKEN_PREFIX + Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return admin.createToken(DEMO_REALM, name).get("token").asText();
    }
}
