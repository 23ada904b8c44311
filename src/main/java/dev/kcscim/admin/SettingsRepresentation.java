package dev.kcscim.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.keycloak.ProvisioningSettings;
import dev.kcscim.keycloak.Tenant;
import dev.kcscim.keycloak.ProvisioningSettings.DeleteMode;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON of {@code /provisioning/settings}. {@code scimBaseUrl} and {@code canManage} are read-only: they
 * tell the admin page what to paste into the IdP and whether to offer changes, and are ignored when sent back.
 */
// Keycloak's JSON provider drops nulls by default; an explicit null tells the page "never" or "not yet".
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SettingsRepresentation(boolean enabled, boolean usernameMustBeEmail, String deleteMode, boolean trustEmail, boolean activityLog,
                                     String teamsParentGroup, Boolean restrictEmailDomains, String organizationId, String organizationName,
                                     String scimBaseUrl, boolean canManage) {

    private static final Set<String> READ_ONLY = Set.of("scimBaseUrl", "canManage", "organizationId", "organizationName");
    private static final Set<String> REALM_SETTINGS = new TreeSet<>(Set.of("enabled", "usernameMustBeEmail", "deleteMode", "trustEmail",
            "activityLog", "teamsParentGroup"));
    private static final Set<String> ORGANIZATION_SETTINGS = new TreeSet<>(Set.of("enabled", "usernameMustBeEmail", "deleteMode",
            "trustEmail", "activityLog", "restrictEmailDomains"));

    /** Settings that do not apply to the tenant are null: an organization's teams are its own groups, for example. */
    static SettingsRepresentation of(Tenant tenant, ProvisioningSettings settings, String scimBaseUrl, boolean canManage) {
        boolean organization = tenant.isOrganization();
        return new SettingsRepresentation(settings.enabled(), settings.usernameMustBeEmail(), settings.deleteMode().wire(),
                settings.trustEmail(), settings.activityLog(), organization ? null : settings.teamsParentGroup(), organization ? settings.restrictEmailDomains() : null,
                organization ? tenant.organization().getId() : null, organization ? tenant.organization().getName() : null,
                scimBaseUrl, canManage);
    }

    /** Applies a PUT body to the current settings; fields left out keep their value. */
    static ProvisioningSettings apply(Tenant tenant, ProvisioningSettings current, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw AdminErrors.badRequest("Expected a JSON object such as {\"enabled\": true}.");
        }
        Set<String> writable = tenant.isOrganization() ? ORGANIZATION_SETTINGS : REALM_SETTINGS;
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            // A representation sent back as it was read carries read-only fields, and nulls for what the tenant lacks.
            boolean otherTenantsNull = field.getValue().isNull() && (REALM_SETTINGS.contains(name) || ORGANIZATION_SETTINGS.contains(name));
            if (!writable.contains(name) && !READ_ONLY.contains(name) && !otherTenantsNull) {
                throw AdminErrors.badRequest("Unknown setting '" + name + "'. Known settings"
                        + (tenant.isOrganization() ? " of an organization" : "") + ": " + writable + ".");
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
        if (!tenant.isOrganization() && body.has("teamsParentGroup")) {
            parent = parentPath(body.get("teamsParentGroup"));
        }
        boolean restrict = tenant.isOrganization() ? bool(body, "restrictEmailDomains", current.restrictEmailDomains())
                : current.restrictEmailDomains();
        return new ProvisioningSettings(bool(body, "enabled", current.enabled()),
                bool(body, "usernameMustBeEmail", current.usernameMustBeEmail()), deleteMode, parent, restrict,
                bool(body, "trustEmail", current.trustEmail()), bool(body, "activityLog", current.activityLog()));
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
