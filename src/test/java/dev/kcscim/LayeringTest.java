package dev.kcscim;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package layering of docs/architecture.md, read from the sources: a package may use its own classes and
 * those of packages below it, never one above it or beside it. A new package must be given its place here,
 * so that the drawing and the code cannot part ways.
 */
class LayeringTest {

    private static final Path SOURCES = Path.of("src/main/java");

    /** Top first. Packages on one line are siblings: neither may use the other. */
    private static final List<List<String>> LAYERS = List.of(
            List.of("dev.kcscim"),
            List.of("dev.kcscim.admin", "dev.kcscim.http"),
            List.of("dev.kcscim.auth"),
            List.of("dev.kcscim.keycloak.users"),
            List.of("dev.kcscim.keycloak.teams"),
            List.of("dev.kcscim.keycloak.roles"),
            List.of("dev.kcscim.observe"),
            List.of("dev.kcscim.keycloak.scope"),
            List.of("dev.kcscim.tenant"),
            List.of("dev.kcscim.keycloak.jpa"),
            List.of("dev.kcscim.admission"),
            List.of("dev.kcscim.protocol"));

    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    /** Any use of one of our classes by its package: an import, a static import or a qualified name in code. */
    private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.kcscim(?:\\.[a-z]\\w*)*)\\.[A-Z]");

    @Test
    void noPackageUsesOneAboveOrBesideIt() throws IOException {
        List<String> violations = new ArrayList<>();
        Map<String, Integer> filesPerPackage = new TreeMap<>();
        for (Path file : sources()) {
            String text = Files.readString(file);
            String from = packageOf(text, file);
            filesPerPackage.merge(from, 1, Integer::sum);
            int fromLayer = layerOf(from);
            assertTrue(fromLayer >= 0, () -> from + " (" + file + ") has no place in LayeringTest.LAYERS");
            Matcher m = REFERENCE.matcher(withoutPackageLine(text));
            while (m.find()) {
                String to = m.group(1);
                if (samePart(from, to)) {
                    continue;
                }
                int toLayer = layerOf(to);
                if (toLayer <= fromLayer) {
                    violations.add(file.getFileName() + " (" + from + ") uses " + to + (toLayer == fromLayer ? ", beside it" : ", above it"));
                }
            }
        }
        assertTrue(filesPerPackage.size() > 10, "the sources were not found from " + Path.of("").toAbsolutePath());
        assertEquals(List.of(), violations.stream().distinct().toList());
    }

    @Test
    void theProtocolCoreHasNoKeycloakImport() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : sources()) {
            String text = Files.readString(file);
            if (packageOf(text, file).startsWith("dev.kcscim.protocol")
                    && Pattern.compile("^import (static )?(org\\.keycloak|jakarta\\.ws)\\.", Pattern.MULTILINE).matcher(text).find()) {
                violations.add(file.getFileName().toString());
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void theCheckSeesAnUpwardUse() {
        // Guards the pattern itself: were it to match nothing, the layering test above could not fail.
        Matcher m = REFERENCE.matcher("import dev.kcscim.keycloak.users.UserStore;\nx = dev.kcscim.tenant.Tenant.of(a);");
        assertTrue(m.find());
        assertEquals("dev.kcscim.keycloak.users", m.group(1));
        assertTrue(m.find());
        assertEquals("dev.kcscim.tenant", m.group(1));
        assertTrue(layerOf("dev.kcscim.keycloak.users") < layerOf("dev.kcscim.tenant"));
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static String packageOf(String text, Path file) {
        Matcher m = PACKAGE.matcher(text);
        assertTrue(m.find(), () -> file + " has no package line");
        return m.group(1);
    }

    private static String withoutPackageLine(String text) {
        return PACKAGE.matcher(text).replaceFirst("");
    }

    /** The protocol core's sub-packages form one layer; its own structure is its business. */
    private static boolean samePart(String from, String to) {
        return from.equals(to) || (from.startsWith("dev.kcscim.protocol") && to.startsWith("dev.kcscim.protocol"));
    }

    private static int layerOf(String pkg) {
        String key = pkg.startsWith("dev.kcscim.protocol") ? "dev.kcscim.protocol" : pkg;
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(key)) {
                return i;
            }
        }
        return -1;
    }
}
