package dev.kcscim.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.keycloak.ProvisioningSettings;
import dev.kcscim.keycloak.ProvisioningSettings.DeleteMode;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The JSON of {@code /provisioning/settings}. {@code scimBaseUrl} and {@code canManage} are read-only: they
 * tell the admin page what to paste into the IdP and whether to offer changes, and are ignored when sent back.
 */
// Keycloak's JSON provider drops nulls by default; an explicit null tells the page "never" or "not yet".
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SettingsRepresentation(boolean enabled, boolean usernameMustBeEmail, String deleteMode, String teamsParentGroup,
                                     String scimBaseUrl, boolean canManage) {

    private static final Set<String> READ_ONLY = Set.of("scimBaseUrl", "canManage");
    private static final Set<String> WRITABLE = Set.of("enabled", "usernameMustBeEmail", "deleteMode", "teamsParentGroup");

    static SettingsRepresentation of(ProvisioningSettings settings, String scimBaseUrl, boolean canManage) {
        return new SettingsRepresentation(settings.enabled(), settings.usernameMustBeEmail(), settings.deleteMode().wire(),
                settings.teamsParentGroup(), scimBaseUrl, canManage);
    }

    /** Applies a PUT body to the current settings; fields left out keep their value. */
    static ProvisioningSettings apply(ProvisioningSettings current, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw AdminErrors.badRequest("Expected a JSON object such as {\"enabled\": true}.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            String field = it.next().getKey();
            if (!WRITABLE.contains(field) && !READ_ONLY.contains(field)) {
                throw AdminErrors.badRequest("Unknown setting '" + field + "'. Known settings: " + WRITABLE + ".");
            }
        }
        DeleteMode deleteMode = current.deleteMode();
        JsonNode mode = body.get("deleteMode");
        if (mode != null) {
            if (!mode.isTextual() || !(mode.asText().equals("delete") || mode.asText().equals("disable"))) {
                throw AdminErrors.badRequest("'deleteMode' must be \"delete\" or \"disable\".");
            }
            deleteMode = DeleteMode.fromWire(mode.asText());
        }
        String parent = current.teamsParentGroup();
        if (body.has("teamsParentGroup")) {
            parent = parentPath(body.get("teamsParentGroup"));
        }
        return new ProvisioningSettings(bool(body, "enabled", current.enabled()),
                bool(body, "usernameMustBeEmail", current.usernameMustBeEmail()), deleteMode, parent);
    }

    /** A group path such as "/teams" or "/org/teams"; null or "" means top-level groups. */
    private static String parentPath(JsonNode node) {
        if (node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            return null;
        }
        String path = node.isTextual() ? node.asText().trim() : "";
        if (!path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
            throw AdminErrors.badRequest("'teamsParentGroup' must be a group path such as \"/teams\", or null for top-level groups.");
        }
        return path;
    }

    private static boolean bool(JsonNode body, String name, boolean current) {
        JsonNode node = body.get(name);
        if (node == null) {
            return current;
        }
        if (!node.isBoolean()) {
            throw AdminErrors.badRequest("'" + name + "' must be true or false.");
        }
        return node.booleanValue();
    }
}
