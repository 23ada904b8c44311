package dev.kcscim.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The browser tests' scripts in src/test/e2e (playwright-core driving Debian's Chromium; playwright's own browser
 * download cannot reach its host here). Each script prints what it checked and exits non-zero on a failure.
 */
public final class Browser {

    public static final Path E2E = Path.of("src/test/e2e");
    private static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");

    private Browser() {
    }

    /** Skips the calling test class, with the reason, where Chromium is not installed; installs playwright-core once. */
    public static void require() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(CHROMIUM)),
                "Chromium is not installed at " + CHROMIUM + " (apt-get install chromium; .ci/run does)");
        if (Files.isDirectory(E2E.resolve("node_modules/playwright-core"))) {
            return;
        }
        // Output goes to a file: a child writing to this JVM's own stdout corrupts the test runner's channel.
        Path log = Path.of("target", "e2e-npm-ci.log");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(E2E.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        assertTrue(npm.waitFor(5, TimeUnit.MINUTES) && npm.exitValue() == 0, "npm ci in src/test/e2e: " + Files.readString(log));
    }

    /** What a script printed, and how it exited. */
    public record Run(int exitCode, String output) {
    }

    /** Runs {@code node script args...}; the output also goes to target/e2e-{logName}.log and to the test's output. */
    public static Run run(String script, List<String> args, String logName) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(args);
        Path log = Path.of("target", "e2e-" + logName + ".log");
        Process process = new ProcessBuilder(command).directory(E2E.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the browser script " + script + " finished");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        return new Run(process.exitValue(), output);
    }
}
