package dev.kcscim.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Keycloak options that switch admission control off on a test or benchmark server. The tests of other behaviour
 * send requests as fast as the machine allows (Okta's SPEC runner does not back off on 429), and the benchmarks
 * measure what the server can do; admission control has tests of its own (AdmissionIT, AdmissionControlTest).
 */
public final class AdmissionOff {

    public static final List<String> ARGS = List.of(
            "--spi-realm-restapi-extension--provisioning--admission-max-concurrent=0",
            "--spi-realm-restapi-extension--provisioning--admission-requests-per-second=0",
            "--spi-realm-restapi-extension--provisioning--admission-tenant-max-concurrent=0",
            "--spi-realm-restapi-extension--provisioning--admission-tenant-requests-per-second=0",
            "--spi-realm-restapi-extension--provisioning--admission-cpu-share=0");

    private AdmissionOff() {
    }

    /** {@code args} and these options. */
    public static List<String> with(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(ARGS);
        return all;
    }
}
