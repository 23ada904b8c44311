package dev.kcscim.keycloak.roles;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.MultiValue;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.ScimType;
import dev.kcscim.protocol.schema.CoreSchemas;
import dev.kcscim.tenant.RoleSettings;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The roles a tenant's identity provider may grant (see {@link RoleSettings}). A role's SCIM {@code id} and
 * {@code value} are its Keycloak name, unique within the realm or the client, so that what Okta discovers at
 * {@code /Roles} is what it sends back in a user's {@code roles}. Only direct role mappings inside the set are
 * a user's SCIM roles: a role that comes through a team or a composite is not the IdP's to revoke.
 */
public final class ProvisionableRoles {

    private final RealmModel realm;
    private final RoleSettings settings;
    private final ClientModel client;

    private ProvisionableRoles(RealmModel realm, RoleSettings settings, ClientModel client) {
        this.realm = realm;
        this.settings = settings;
        this.client = client;
    }

    public static ProvisionableRoles of(RealmModel realm, RoleSettings settings) {
        ClientModel client = settings.source() == RoleSettings.Source.CLIENT && settings.client() != null
                ? realm.getClientByClientId(settings.client()) : null;
        return new ProvisionableRoles(realm, settings, client);
    }

    /** True when some role may be provisionable: the setting is on (and its client still exists). */
    public boolean enabled() {
        return switch (settings.source()) {
            case NONE -> false;
            case REALM -> true;
            case CLIENT -> client != null;
        };
    }

    /** Every provisionable role, by name. */
    public List<RoleModel> all() {
        Stream<RoleModel> roles = switch (settings.source()) {
            case NONE -> Stream.empty();
            case REALM -> realm.getRolesStream().filter(ProvisionableRoles::marked);
            case CLIENT -> client == null ? Stream.empty() : client.getRolesStream();
        };
        return roles.sorted(Comparator.comparing(RoleModel::getName)).toList();
    }

    public Optional<RoleModel> byName(String name) {
        if (name == null || !enabled()) {
            return Optional.empty();
        }
        RoleModel role = settings.source() == RoleSettings.Source.REALM ? realm.getRole(name) : client.getRole(name);
        return role == null || (settings.source() == RoleSettings.Source.REALM && !marked(role)) ? Optional.empty() : Optional.of(role);
    }

    private static boolean marked(RoleModel role) {
        return "true".equalsIgnoreCase(role.getFirstAttribute(RoleSettings.MARKER));
    }

    /** The user's direct mappings of provisionable roles. */
    public List<RoleModel> of(UserModel user) {
        if (!enabled()) {
            return List.of();
        }
        Stream<RoleModel> direct = settings.source() == RoleSettings.Source.REALM
                ? user.getRealmRoleMappingsStream().filter(ProvisionableRoles::marked)
                : user.getClientRoleMappingsStream(client);
        return direct.sorted(Comparator.comparing(RoleModel::getName)).toList();
    }

    /** A user's {@code roles} values. */
    public List<MultiValue> valuesOf(UserModel user) {
        return of(user).stream().map(r -> new MultiValue(r.getName(), type(), null, display(r))).toList();
    }

    /**
     * The roles a request names, or a 400 that names every value outside the set. Nothing is granted before
     * every value is known.
     */
    public List<RoleModel> resolve(List<MultiValue> values) {
        Map<String, RoleModel> out = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (MultiValue value : values) {
            Optional<RoleModel> role = byName(value.value());
            if (role.isPresent()) {
                out.putIfAbsent(role.get().getId(), role.get());
            } else {
                unknown.add("'" + value.value() + "'");
            }
        }
        if (!unknown.isEmpty()) {
            throw ScimException.badRequest(ScimType.invalidValue, "Not a provisionable role: " + String.join(", ", unknown) + ". "
                    + (enabled() ? "GET /Roles lists the roles this SCIM client may grant." : "No role is provisionable here (setting rolesSource is \"none\")."));
        }
        return List.copyOf(out.values());
    }

    public String type() {
        return settings.source() == RoleSettings.Source.CLIENT && client != null ? client.getClientId() : "realm";
    }

    /** Whether the roles are a client's (for admin events, which Keycloak files as client or realm role mappings). */
    public ClientModel client() {
        return client;
    }

    private static String display(RoleModel role) {
        String description = role.getDescription();
        return description == null || description.isBlank() || description.startsWith("${") ? role.getName() : description;
    }

    /** The {@code /Roles} representation (Okta's Role schema). */
    public ObjectNode toJson(RoleModel role, String baseUri) {
        ObjectNode node = Json.object();
        node.putArray("schemas").add(CoreSchemas.ROLE);
        node.put("id", role.getName());
        node.put("displayName", display(role));
        node.put("value", role.getName());
        node.put("type", type());
        if (role.getDescription() != null && !role.getDescription().isBlank()) {
            node.put("description", role.getDescription());
        }
        ObjectNode meta = node.putObject("meta");
        meta.put("resourceType", "Role");
        meta.put("location", baseUri + "/Roles/" + URLEncoder.encode(role.getName(), StandardCharsets.UTF_8).replace("+", "%20"));
        return node;
    }
}
