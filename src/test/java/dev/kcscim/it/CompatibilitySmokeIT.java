package dev.kcscim.it;

import dev.kcscim.testing.KeycloakExtension;
import dev.kcscim.testing.SmokeChecks;
import dev.kcscim.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The smoke suite of the compatibility matrix: .ci/run runs it against every supported Keycloak minor (with
 * {@code -Dkeycloak.dist.version=...}), and the main run runs it against 26.7.3 with everything else.
 */
@ExtendWith(KeycloakExtension.class)
class CompatibilitySmokeIT {

    @Test
    void oktasSpecTestAndTheUserAndTeamLifecyclesPass(TestServer server) throws Exception {
        System.out.println("Keycloak " + SmokeChecks.keycloakVersion(server.admin()));
        SmokeChecks.run(server.admin(), "smoke-" + SmokeChecks.keycloakVersion(server.admin()) + ".log");
    }

    @Test
    void organizationsAreProvisionedAndTeamsWorkOrSayWhyNot(TestServer server) {
        SmokeChecks.organizationLifecycle(server.admin());
    }
}
