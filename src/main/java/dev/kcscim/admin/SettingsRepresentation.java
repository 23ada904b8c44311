package dev.kcscim.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.kcscim.admission.AdmissionControl;
import dev.kcscim.admission.AdmissionLimits;
import dev.kcscim.admission.TenantLimits;
import dev.kcscim.keycloak.users.IdentityLinks;
import dev.kcscim.keycloak.users.UserMapping;
import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.schema.AttributeMapping;
import dev.kcscim.tenant.LinkSettings;
import dev.kcscim.tenant.ProvisioningSettings.DeleteMode;
import dev.kcscim.tenant.ProvisioningSettings;
import dev.kcscim.tenant.RoleSettings;
import dev.kcscim.tenant.Tenant;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
                                     String teamsParentGroup, Boolean restrictEmailDomains,
                                     JsonNode attributeMappings, String rolesSource, String rolesClient, JsonNode teamRoles,
                                     JsonNode mappedAttributes, List<String> skippedAnnotations,
                                     String identityProviderAlias, String identityProviderSubject,
                                     List<IdentityProviderChoice> identityProviders, String identityProviderInUse,
                                     Integer maxConcurrentRequests, Integer requestsPerSecond, Integer burst, AdmissionDefaults admissionDefaults,
                                     String organizationId, String organizationName, String scimBaseUrl, boolean canManage) {

    /**
     * An identity provider the page offers for linking: the realm's, or those linked to the organization.
     *
     * @param domain the organization domain the identity provider is bound to, or null
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record IdentityProviderChoice(String alias, String displayName, String providerId, String domain) {
    }

    /**
     * The limits of a tenant that sets none of its own, from the server's options, and the server's own ceiling:
     * {@code serverProcessors} is the processors' worth of time SCIM may use at most (0: not bounded), and
     * {@code maxWaitMillis} how long a request over a limit waits for its turn.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record AdmissionDefaults(int maxConcurrentRequests, int requestsPerSecond, int burst,
                                    int serverMaxConcurrentRequests, int serverRequestsPerSecond, int serverBurst,
                                    double serverProcessors, long maxWaitMillis) {
        static AdmissionDefaults of(AdmissionControl admission) {
            AdmissionLimits tenant = admission.tenantDefaults();
            AdmissionLimits server = admission.nodeLimits();
            return new AdmissionDefaults(tenant.maxConcurrent(), tenant.requestsPerSecond(), tenant.burst(),
                    server.maxConcurrent(), server.requestsPerSecond(), server.burst(), admission.cpuCoresMax(), admission.maxWaitMillis());
        }
    }

    private static final Set<String> READ_ONLY = Set.of("scimBaseUrl", "canManage", "organizationId", "organizationName",
            "mappedAttributes", "skippedAnnotations", "identityProviders", "identityProviderInUse", "admissionDefaults");
    private static final Set<String> COMMON_SETTINGS = Set.of("enabled", "usernameMustBeEmail", "deleteMode", "trustEmail", "activityLog",
            "attributeMappings", "rolesSource", "rolesClient", "identityProviderAlias", "identityProviderSubject",
            "maxConcurrentRequests", "requestsPerSecond", "burst");
    private static final Set<String> REALM_SETTINGS = new TreeSet<>(union(COMMON_SETTINGS, Set.of("teamsParentGroup", "teamRoles")));
    private static final Set<String> ORGANIZATION_SETTINGS = new TreeSet<>(union(COMMON_SETTINGS, Set.of("restrictEmailDomains")));

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new java.util.HashSet<>(a);
        out.addAll(b);
        return out;
    }

    /**
     * Settings that do not apply to the tenant are null: an organization's teams are its own groups, for example.
     * {@code mappedAttributes} is every attribute the tenant's SCIM User has, built-in and mapped, as served.
     */
    static SettingsRepresentation of(Tenant tenant, ProvisioningSettings settings, UserMapping mapping, IdentityLinks links,
                                     List<IdentityProviderChoice> identityProviders, AdmissionDefaults admissionDefaults,
                                     String scimBaseUrl, boolean canManage) {
        boolean organization = tenant.isOrganization();
        ArrayNode mapped = Json.array();
        mapping.catalog().entries().forEach(e -> mapped.addObject().put("attribute", e.storage()).put("scimPath", e.path())
                .put("type", e.definition().type().wire()).put("multiValued", e.multiValued())
                .put("mutability", e.definition().mutability().name()));
        return new SettingsRepresentation(settings.enabled(), settings.usernameMustBeEmail(), settings.deleteMode().wire(),
                settings.trustEmail(), settings.activityLog(), organization ? null : settings.teamsParentGroup(), organization ? settings.restrictEmailDomains() : null,
                ProvisioningSettings.mappingsJson(settings.attributeMappings()), settings.roles().source().wire(), settings.roles().client(),
                organization ? null : ProvisioningSettings.roleRefsJson(settings.roles().teamRoles()), mapped, mapping.skippedAnnotations(),
                settings.link().alias(), settings.link().subject().wire(), identityProviders, links.describe(),
                settings.admission().maxConcurrent(), settings.admission().requestsPerSecond(), settings.admission().burst(), admissionDefaults,
                organization ? tenant.organization().getId() : null, organization ? tenant.organization().getName() : null,
                scimBaseUrl, canManage);
    }

    /** Applies a PUT body to the current settings; fields left out keep their value. */
    static ProvisioningSettings apply(Tenant tenant, ProvisioningSettings current, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw AdminErrors.badRequest("Expected a JSON object such as {\"enabled\": true}.");
        }
        Set<String> writable = tenant.isOrganization() ? ORGANIZATION_SETTINGS : REALM_SETTINGS;
        JsonNode teamRoles = body.get("teamRoles");
        if (tenant.isOrganization() && teamRoles != null && !teamRoles.isNull() && !teamRoles.isEmpty()) {
            throw AdminErrors.badRequest("'teamRoles' is for the realm's teams only: Keycloak does not put the role mappings of an "
                    + "organization's groups into its members' tokens, so an organization's teams cannot carry roles. Use 'rolesSource' "
                    + "to let the organization's identity provider grant roles to its people.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            // A representation sent back as it was read carries read-only fields, and nulls for what the tenant lacks.
            boolean otherTenantsNull = (field.getValue().isNull() || (name.equals("teamRoles") && field.getValue().isEmpty()))
                    && (REALM_SETTINGS.contains(name) || ORGANIZATION_SETTINGS.contains(name));
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
        List<AttributeMapping> mappings = body.has("attributeMappings") ? mappings(body.get("attributeMappings")) : current.attributeMappings();
        return new ProvisioningSettings(bool(body, "enabled", current.enabled()),
                bool(body, "usernameMustBeEmail", current.usernameMustBeEmail()), deleteMode, parent, restrict,
                bool(body, "trustEmail", current.trustEmail()), bool(body, "activityLog", current.activityLog()),
                mappings, roles(tenant, body, current.roles()), link(body, current.link()), admission(body, current.admission()));
    }

    /** The most any admission setting takes: far above what one node can serve, so only a typo is refused. */
    static final int MAX_ADMISSION = 100_000;

    /** Requests at once, per second and the burst: each a whole number from 0 (no limit) up, or null for the default. */
    private static TenantLimits admission(JsonNode body, TenantLimits current) {
        return new TenantLimits(count(body, "maxConcurrentRequests", current.maxConcurrent()),
                count(body, "requestsPerSecond", current.requestsPerSecond()), count(body, "burst", current.burst()));
    }

    private static Integer count(JsonNode body, String name, Integer current) {
        if (!body.has(name)) {
            return current;
        }
        JsonNode node = body.get(name);
        if (node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 0 || node.asInt() > MAX_ADMISSION) {
            throw AdminErrors.badRequest("'" + name + "' must be a whole number from 0 (no limit) to " + MAX_ADMISSION + ".");
        }
        return node.asInt();
    }

    /** The link settings as sent; whether the alias names one of the tenant's identity providers is checked on saving. */
    private static LinkSettings link(JsonNode body, LinkSettings current) {
        String alias = current.alias();
        if (body.has("identityProviderAlias")) {
            JsonNode node = body.get("identityProviderAlias");
            if (!node.isNull() && !node.isTextual()) {
                throw AdminErrors.badRequest("'identityProviderAlias' must be an identity provider's alias, or null for no linking.");
            }
            alias = node.isNull() ? null : node.asText();
        }
        LinkSettings.Subject subject = current.subject();
        if (body.has("identityProviderSubject") && !body.get("identityProviderSubject").isNull()) {
            JsonNode node = body.get("identityProviderSubject");
            try {
                subject = LinkSettings.Subject.fromWire(node.isTextual() ? node.asText() : "?");
            } catch (IllegalArgumentException e) {
                throw AdminErrors.badRequest(e.getMessage());
            }
        }
        return new LinkSettings(alias, subject);
    }

    /** The rows as sent; whether they hold against the User Profile is checked by {@code UserMapping.check}. */
    private static List<AttributeMapping> mappings(JsonNode node) {
        if (node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw AdminErrors.badRequest("'attributeMappings' must be an array of {\"attribute\", \"scimPath\", \"direction\"}.");
        }
        List<AttributeMapping> out = new ArrayList<>();
        for (JsonNode row : node) {
            if (!row.isObject() || !row.path("attribute").isTextual() || !row.path("scimPath").isTextual()) {
                throw AdminErrors.badRequest("Each attribute mapping needs 'attribute' (a User Profile attribute) and 'scimPath' as strings.");
            }
            try {
                out.add(new AttributeMapping(row.get("attribute").asText().trim(), row.get("scimPath").asText().trim(),
                        AttributeMapping.Direction.fromWire(row.path("direction").isTextual() ? row.get("direction").asText() : null)));
            } catch (IllegalArgumentException e) {
                throw AdminErrors.badRequest(e.getMessage());
            }
        }
        return out;
    }

    private static RoleSettings roles(Tenant tenant, JsonNode body, RoleSettings current) {
        RoleSettings.Source source = current.source();
        if (body.has("rolesSource")) {
            JsonNode node = body.get("rolesSource");
            try {
                source = RoleSettings.Source.fromWire(node.isNull() ? null : node.isTextual() ? node.asText() : "?");
            } catch (IllegalArgumentException e) {
                throw AdminErrors.badRequest(e.getMessage());
            }
        }
        String client = current.client();
        if (body.has("rolesClient")) {
            JsonNode node = body.get("rolesClient");
            client = node.isTextual() && !node.asText().isBlank() ? node.asText().trim() : null;
        }
        if (source == RoleSettings.Source.CLIENT && client == null) {
            throw AdminErrors.badRequest("'rolesClient' names the client whose roles are provisionable when 'rolesSource' is \"client\".");
        }
        List<RoleSettings.RoleRef> teamRoles = current.teamRoles();
        if (body.has("teamRoles") && !tenant.isOrganization()) {
            JsonNode node = body.get("teamRoles");
            if (!node.isNull() && !node.isArray()) {
                throw AdminErrors.badRequest("'teamRoles' must be an array of {\"role\"} (a realm role) or {\"client\", \"role\"}.");
            }
            List<RoleSettings.RoleRef> refs = new ArrayList<>();
            for (JsonNode row : node.isNull() ? Json.array() : node) {
                if (!row.path("role").isTextual() || (row.has("client") && !row.get("client").isNull() && !row.get("client").isTextual())) {
                    throw AdminErrors.badRequest("Each team role is {\"role\": name} for a realm role or {\"client\": clientId, \"role\": name}.");
                }
                refs.add(new RoleSettings.RoleRef(row.path("client").isTextual() ? row.get("client").asText() : null, row.get("role").asText()));
            }
            teamRoles = refs;
        }
        return new RoleSettings(source, client, teamRoles);
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
