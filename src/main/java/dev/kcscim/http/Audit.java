package dev.kcscim.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

/** Where a resource endpoint files each change it makes: Keycloak's admin events on the server, a list in a test. */
@FunctionalInterface
public interface Audit {

    Audit NONE = (type, operation, path, representation) -> {
    };

    void record(ResourceType type, OperationType operation, String path, JsonNode representation);
}
