package dev.kcscim.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.kcscim.admission.TenantLimits;
import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.schema.AttributeMapping;
import org.keycloak.models.KeycloakSession;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A tenant's provisioning settings, one row per tenant in Keycloak's database (see {@link StateTables}), shared
 * by every node and read on every SCIM request.
 *
 * @param enabled              whether the tenant's SCIM API answers at all; new realms and organizations start disabled
 * @param usernameMustBeEmail  the SaaS model: a user's userName is their primary email (default on)
 * @param deleteMode           what {@code DELETE /Users/{id}} does: delete the Keycloak user, or only disable it
 * @param teamsParentGroup     realm only: path of the group whose sub-groups are the teams ("/teams"), or null for
 *                             top-level groups. An organization's teams are its own groups.
 * @param restrictEmailDomains organization only: a user's primary email must be in one of the organization's
 *                             domains, when it has any (default on)
 * @param trustEmail           like an identity provider's "Trust email" switch: an email the IdP pushes (new or
 *                             changed) is stored as verified; when off, unverified (default on)
 * @param activityLog          whether the tenant's SCIM requests go into the activity log (default on)
 * @param attributeMappings    User Profile attributes mapped to SCIM paths (resolved per request by the users package, UserMapping)
 * @param roles                provisionable roles and the roles teams carry
 * @param link                 which identity provider provisioned accounts are linked to, and by which SCIM value
 * @param admission            how much SCIM work the tenant may give one node (requests at once, per second, burst);
 *                             each unset one is the node's default for tenants
 */
public record ProvisioningSettings(boolean enabled, boolean usernameMustBeEmail, DeleteMode deleteMode, String teamsParentGroup,
                                   boolean restrictEmailDomains, boolean trustEmail, boolean activityLog,
                                   List<AttributeMapping> attributeMappings, RoleSettings roles, LinkSettings link,
                                   TenantLimits admission) {

    public ProvisioningSettings {
        attributeMappings = List.copyOf(attributeMappings);
        link = link == null ? LinkSettings.NONE : link;
        admission = admission == null ? TenantLimits.DEFAULTS : admission;
    }

    public enum DeleteMode {
        DELETE, DISABLE;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static DeleteMode fromWire(String value) {
            return value != null && value.equalsIgnoreCase("disable") ? DISABLE : DELETE;
        }
    }

    static final String ENABLED = "enabled";
    static final String USERNAME_MUST_BE_EMAIL = "usernameMustBeEmail";
    static final String DELETE_MODE = "deleteMode";
    static final String TEAMS_PARENT_GROUP = "teamsParentGroup";
    static final String RESTRICT_EMAIL_DOMAINS = "restrictEmailDomains";
    static final String TRUST_EMAIL = "trustEmail";
    static final String ACTIVITY_LOG = "activityLog";
    static final String ATTRIBUTE_MAPPINGS = "attributeMappings";
    static final String ROLES_SOURCE = "rolesSource";
    static final String ROLES_CLIENT = "rolesClient";
    static final String TEAM_ROLES = "teamRoles";
    static final String IDP_ALIAS = "identityProviderAlias";
    static final String IDP_SUBJECT = "identityProviderSubject";
    static final String MAX_CONCURRENT = "maxConcurrentRequests";
    static final String REQUESTS_PER_SECOND = "requestsPerSecond";
    static final String BURST = "burst";

    public static ProvisioningSettings of(KeycloakSession session, Tenant tenant) {
        return fromValues(TenantSettingsStore.read(session, tenant), tenant.isOrganization());
    }

    /** The settings from their stored values; a value missing or unreadable is the setting's default. */
    static ProvisioningSettings fromValues(Map<String, String> values, boolean organization) {
        return new ProvisioningSettings(Boolean.parseBoolean(values.get(ENABLED)),
                defaultTrue(values.get(USERNAME_MUST_BE_EMAIL)),
                DeleteMode.fromWire(values.get(DELETE_MODE)),
                organization ? null : values.get(TEAMS_PARENT_GROUP),
                defaultTrue(values.get(RESTRICT_EMAIL_DOMAINS)),
                defaultTrue(values.get(TRUST_EMAIL)),
                defaultTrue(values.get(ACTIVITY_LOG)),
                readMappings(values.get(ATTRIBUTE_MAPPINGS)),
                new RoleSettings(sourceOrNone(values.get(ROLES_SOURCE)), values.get(ROLES_CLIENT), readRoleRefs(values.get(TEAM_ROLES))),
                new LinkSettings(values.get(IDP_ALIAS), subjectOrDefault(values.get(IDP_SUBJECT))),
                new TenantLimits(count(values.get(MAX_CONCURRENT)), count(values.get(REQUESTS_PER_SECOND)), count(values.get(BURST))));
    }

    /** A stored count, or null (the default) where it is missing, edited by hand into something else, or below zero. */
    private static Integer count(String stored) {
        try {
            int value = stored == null ? -1 : Integer.parseInt(stored.trim());
            return value < 0 ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static LinkSettings.Subject subjectOrDefault(String value) {
        try {
            return value == null ? LinkSettings.Subject.EXTERNAL_ID : LinkSettings.Subject.fromWire(value);
        } catch (IllegalArgumentException e) {
            return LinkSettings.Subject.EXTERNAL_ID;
        }
    }

    private static RoleSettings.Source sourceOrNone(String value) {
        try {
            return RoleSettings.Source.fromWire(value);
        } catch (IllegalArgumentException e) {
            return RoleSettings.Source.NONE;
        }
    }

    /** Stored as a JSON array; a value edited by hand that does not read is treated as no mappings. */
    private static List<AttributeMapping> readMappings(String stored) {
        List<AttributeMapping> out = new ArrayList<>();
        for (JsonNode node : storedArray(stored)) {
            try {
                out.add(new AttributeMapping(node.path("attribute").asText(null), node.path("scimPath").asText(null),
                        AttributeMapping.Direction.fromWire(node.path("direction").asText(null))));
            } catch (IllegalArgumentException ignored) {
                // skipped: saving through the admin API never stores such a row
            }
        }
        return out;
    }

    private static List<RoleSettings.RoleRef> readRoleRefs(String stored) {
        List<RoleSettings.RoleRef> out = new ArrayList<>();
        for (JsonNode node : storedArray(stored)) {
            if (node.hasNonNull("role")) {
                out.add(new RoleSettings.RoleRef(node.path("client").asText(null), node.get("role").asText()));
            }
        }
        return out;
    }

    private static JsonNode storedArray(String stored) {
        if (stored == null || stored.isBlank()) {
            return Json.array();
        }
        try {
            JsonNode node = Json.mapper().readTree(stored);
            return node.isArray() ? node : Json.array();
        } catch (Exception e) {
            return Json.array();
        }
    }

    public static ArrayNode mappingsJson(List<AttributeMapping> mappings) {
        ArrayNode array = Json.array();
        mappings.forEach(m -> array.addObject().put("attribute", m.attribute()).put("scimPath", m.scimPath())
                .put("direction", m.direction().wire()));
        return array;
    }

    public static ArrayNode roleRefsJson(List<RoleSettings.RoleRef> refs) {
        ArrayNode array = Json.array();
        refs.forEach(r -> {
            var node = array.addObject();
            if (r.client() != null) {
                node.put("client", r.client());
            }
            node.put("role", r.role());
        });
        return array;
    }

    private static void putIfSet(Map<String, String> values, String name, String value) {
        if (value != null && !value.isEmpty() && !value.equals("[]")) {
            values.put(name, value);
        }
    }

    private static boolean defaultTrue(String value) {
        return value == null || Boolean.parseBoolean(value);
    }

    public void saveTo(KeycloakSession session, Tenant tenant) {
        TenantSettingsStore.write(session, tenant, values(tenant.isOrganization()));
    }

    /** The stored values, one string each, under the names they had as realm attributes. */
    Map<String, String> values(boolean organization) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(ENABLED, Boolean.toString(enabled));
        values.put(USERNAME_MUST_BE_EMAIL, Boolean.toString(usernameMustBeEmail));
        values.put(DELETE_MODE, deleteMode.wire());
        values.put(TRUST_EMAIL, Boolean.toString(trustEmail));
        values.put(ACTIVITY_LOG, Boolean.toString(activityLog));
        putIfSet(values, ATTRIBUTE_MAPPINGS, new String(Json.write(mappingsJson(attributeMappings)), StandardCharsets.UTF_8));
        putIfSet(values, ROLES_SOURCE, roles.enabled() ? roles.source().wire() : null);
        putIfSet(values, ROLES_CLIENT, roles.source() == RoleSettings.Source.CLIENT ? roles.client() : null);
        putIfSet(values, TEAM_ROLES, new String(Json.write(roleRefsJson(roles.teamRoles())), StandardCharsets.UTF_8));
        putIfSet(values, IDP_ALIAS, link.alias());
        putIfSet(values, IDP_SUBJECT, link.subject() == LinkSettings.Subject.EXTERNAL_ID ? null : link.subject().wire());
        putIfSet(values, MAX_CONCURRENT, admission.maxConcurrent() == null ? null : admission.maxConcurrent().toString());
        putIfSet(values, REQUESTS_PER_SECOND, admission.requestsPerSecond() == null ? null : admission.requestsPerSecond().toString());
        putIfSet(values, BURST, admission.burst() == null ? null : admission.burst().toString());
        if (organization) {
            values.put(RESTRICT_EMAIL_DOMAINS, Boolean.toString(restrictEmailDomains));
        } else {
            putIfSet(values, TEAMS_PARENT_GROUP, teamsParentGroup);
        }
        return values;
    }
}
