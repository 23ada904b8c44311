package dev.kcscim.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Okta's own SCIM 2.0 SPEC test (a Runscope export in ../shared/conformance), run by its Node runner against a base URL. */
public final class OktaSpecTest {

    private static final Path CONFORMANCE = Path.of(System.getProperty("kcscim.conformanceDir", "../shared/conformance"));

    private OktaSpecTest() {
    }

    /**
     * Runs the suite and asserts 12 of 12 passed. Where ../shared is missing, CI ({@code CI=true}) fails, since it
     * must run the suite; elsewhere the test is skipped with the reason, and the reason is printed too.
     */
    public static void assertPasses(String base, String token, String logName) throws IOException, InterruptedException {
        Path suite = CONFORMANCE.resolve("okta/Okta-SCIM-20-SPEC-Test.json");
        if (!Files.exists(suite)) {
            String reason = "Okta's SPEC test is not at " + suite.toAbsolutePath() + " (../shared missing; -Dkcscim.conformanceDir=... names another place)";
            assertTrue(!"true".equalsIgnoreCase(System.getenv("CI")), reason);
            System.out.println("SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
        Path output = Path.of("target", logName);
        Process process = new ProcessBuilder("node", CONFORMANCE.resolve("runscope-runner.mjs").toString(),
                "--suite", suite.toString(), "--base", base, "--token", token, "--verbose")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the runner finished");
        String log = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println(log);
        List<String> lines = log.lines().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.get(lines.size() - 1).endsWith("12 passed, 0 failed"), log);
        assertEquals(0, process.exitValue(), log);
    }
}
