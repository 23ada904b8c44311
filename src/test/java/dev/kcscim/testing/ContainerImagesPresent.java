package dev.kcscim.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Skips a container test class at once, with the reason, when an image it needs is neither on the Docker engine nor
 * pulled within a minute: on a machine that reaches no registry, testcontainers would spend minutes retrying the pull
 * and then fail. Where there is no Docker CLI, the decision is left to {@code @Testcontainers(disabledWithoutDocker)}.
 * Evaluated before the class's containers start.
 */
public final class ContainerImagesPresent implements ExecutionCondition {

    /** On a container test class: it also needs the PostgreSQL image (the Keycloak image it always needs). */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
    public @interface WithPostgres {
    }

    private static final long PULL_SECONDS = 60;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isPresent()) {
            return ConditionEvaluationResult.enabled("decided for the class");
        }
        boolean postgres = context.getRequiredTestClass().isAnnotationPresent(WithPostgres.class);
        for (String image : postgres ? List.of(ContainerImages.keycloak(), ContainerImages.postgres()) : List.of(ContainerImages.keycloak())) {
            Boolean present = run(List.of("docker", "image", "inspect", image), 30);
            if (present == null) {
                return ConditionEvaluationResult.enabled("no Docker CLI here; testcontainers decides");
            }
            if (!present && !Boolean.TRUE.equals(run(List.of("docker", "pull", "-q", image), PULL_SECONDS))) {
                return ConditionEvaluationResult.disabled("The image " + image + " is not on this Docker engine and could not be pulled within "
                        + PULL_SECONDS + " s (no registry reachable?); KEYCLOAK_IMAGE and POSTGRES_IMAGE name others.");
            }
        }
        return ConditionEvaluationResult.enabled("the images are here");
    }

    /** Whether the command succeeded in time; null where it could not be started at all. */
    private static Boolean run(List<String> command, long seconds) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
