package dev.kcscim.protocol.routing;

import java.util.Map;

/** Handles one method on one route. Path variables are passed by name. */
@FunctionalInterface
public interface ScimHandler {
    ScimResponse handle(ScimRequest request, Map<String, String> pathVariables);
}
