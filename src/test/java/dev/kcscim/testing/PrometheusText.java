package dev.kcscim.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Samples read from Keycloak's {@code /metrics} page (Prometheus text format). */
public final class PrometheusText {

    private PrometheusText() {
    }

    /** The value of the one Prometheus sample of {@code name} whose labels include all of {@code labels}. */
    public static double sample(String metrics, String name, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(metrics);
        List<Double> found = new ArrayList<>();
        while (matcher.find()) {
            String tags = matcher.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= tags.contains(label);
            }
            if (all) {
                found.add(Double.parseDouble(matcher.group(2)));
            }
        }
        assertEquals(1, found.size(), () -> name + " " + List.of(labels) + " in:\n" + metrics.lines().filter(l -> l.startsWith(name)).toList());
        return found.get(0);
    }

    /** The same, or 0 where no such sample exists yet (a counter appears with its first increment). */
    public static double sampleOrZero(String metrics, String name, String... labels) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        while (matcher.find()) {
            String tags = matcher.group(1);
            if (java.util.Arrays.stream(labels).allMatch(tags::contains)) {
                return sample(metrics, name, labels);
            }
        }
        return 0;
    }
}
