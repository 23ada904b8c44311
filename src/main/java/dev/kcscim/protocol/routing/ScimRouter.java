package dev.kcscim.protocol.routing;

import dev.kcscim.protocol.ScimError;
import dev.kcscim.protocol.ScimException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps SCIM paths and methods to handlers. Routing is done here instead of by JAX-RS so that unknown
 * paths (404) and wrong methods (405) answer with SCIM error bodies, which JAX-RS's own matching cannot
 * give from inside a Keycloak extension.
 *
 * <p>Templates are slash-separated segments; a segment in braces ({@code {id}}) matches any one segment.
 * Literal segments match case-insensitively, because IdPs differ in how they spell resource names.
 */
public final class ScimRouter {

    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

    private final List<Route> routes = new ArrayList<>();

    public ScimRouter route(String method, String template, ScimHandler handler) {
        String[] segments = template.isEmpty() ? new String[0] : template.split("/");
        Route route = routes.stream().filter(r -> r.sameTemplate(segments)).findFirst().orElseGet(() -> {
            Route created = new Route(segments, new LinkedHashMap<>());
            routes.add(created);
            return created;
        });
        route.handlers().put(method.toUpperCase(Locale.ROOT), handler);
        return this;
    }

    /** Whether a handler is registered for this method on exactly this template: what discovery may advertise. */
    public boolean handles(String method, String template) {
        String[] segments = template.isEmpty() ? new String[0] : template.split("/");
        return routes.stream().anyMatch(r -> r.sameTemplate(segments) && r.handlers().containsKey(method.toUpperCase(Locale.ROOT)));
    }

    public ScimResponse dispatch(ScimRequest request) {
        String[] segments = request.path().isEmpty() ? new String[0] : request.path().split("/");
        for (Route route : routes) {
            Map<String, String> variables = route.match(segments);
            if (variables == null) {
                continue;
            }
            // Negotiation comes before the method check, so a wrong media type is reported as such on any route.
            MediaTypes.requireAcceptable(request);
            if (BODY_METHODS.contains(request.method()) || request.hasBody()) {
                MediaTypes.requireJsonBody(request);
            }
            ScimHandler handler = route.handlers().get(request.method());
            if (handler == null) {
                Set<String> allowed = new TreeSet<>(route.handlers().keySet());
                throw new ScimException(new ScimError(405, null,
                        "Method " + request.method() + " is not allowed on /" + request.path() + "; allowed: " + String.join(", ", allowed) + "."),
                        Map.of("Allow", String.join(", ", allowed)));
            }
            return handler.handle(request, variables);
        }
        throw ScimException.notFound("No SCIM endpoint at /" + request.path() + ".");
    }

    private record Route(String[] segments, Map<String, ScimHandler> handlers) {

        boolean sameTemplate(String[] other) {
            return java.util.Arrays.equals(segments, other);
        }

        Map<String, String> match(String[] path) {
            if (path.length != segments.length) {
                return null;
            }
            Map<String, String> variables = new LinkedHashMap<>();
            for (int i = 0; i < segments.length; i++) {
                String template = segments[i];
                if (template.startsWith("{") && template.endsWith("}")) {
                    variables.put(template.substring(1, template.length() - 1), path[i]);
                } else if (!template.equalsIgnoreCase(path[i])) {
                    return null;
                }
            }
            return variables;
        }
    }
}
