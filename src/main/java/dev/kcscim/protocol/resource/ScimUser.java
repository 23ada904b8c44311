package dev.kcscim.protocol.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.protocol.Address;
import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.JsonReader;
import dev.kcscim.protocol.MultiValue;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.ScimType;
import dev.kcscim.protocol.schema.CoreSchemas;
import dev.kcscim.protocol.schema.UserAttributeCatalog.Place;
import dev.kcscim.protocol.schema.UserAttributeCatalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The SCIM User as this server understands it: the core schema plus the enterprise extension, read
 * from client JSON (with validation) and written back as the canonical representation.
 *
 * <p>Which simple attributes exist, and where, is the tenant's {@link UserAttributeCatalog}: the built-in
 * entries and what the admin mapped from the User Profile.
 *
 * @param attributes single values by catalog key: displayName, title, name.givenName, the enterprise
 *                   fields as {@code enterprise.department}, mapped ones as {@code keycloak.githubHandle} (see
 *                   {@link UserAttributeCatalog}), and {@code enterprise.manager} for the manager's id
 * @param lists      the values of multi-valued catalog entries, by key
 * @param roles      the user's roles, or null when the request did not mention them (they are then left as they are)
 */
public record ScimUser(String userName, String externalId, Boolean active, Map<String, String> attributes, Map<String, List<String>> lists,
                       List<MultiValue> emails, List<MultiValue> phoneNumbers, List<Address> addresses, List<MultiValue> roles,
                       String password) {

    public static final String MANAGER = "manager";
    public static final String MANAGER_KEY = "enterprise.manager";

    public ScimUser {
        attributes = Map.copyOf(attributes);
        lists = Map.copyOf(lists);
        emails = List.copyOf(emails);
        phoneNumbers = List.copyOf(phoneNumbers);
        addresses = List.copyOf(addresses);
        roles = roles == null ? null : List.copyOf(roles);
    }

    /** A user with single-valued attributes only and roles left alone. */
    public ScimUser(String userName, String externalId, Boolean active, Map<String, String> attributes,
                    List<MultiValue> emails, List<MultiValue> phoneNumbers, List<Address> addresses, String password) {
        this(userName, externalId, active, attributes, Map.of(), emails, phoneNumbers, addresses, null, password);
    }

    public String attribute(String key) {
        return attributes.get(key);
    }

    public MultiValue primaryEmail() {
        return MultiValue.primaryOf(emails);
    }

    /** Reads a POST or PUT body (or a PATCH result) with the built-in attributes only. */
    public static ScimUser fromJson(JsonNode body) {
        return fromJson(body, UserAttributeCatalog.BUILT_IN);
    }

    /** Reads a POST or PUT body (or a PATCH result). Read-only attributes (id, meta, groups, read-only mappings) are ignored. */
    public static ScimUser fromJson(JsonNode body, UserAttributeCatalog catalog) {
        if (body == null || !body.isObject()) {
            throw ScimException.badRequest(ScimType.invalidSyntax, "A User is a JSON object.");
        }
        JsonReader.requireSchema(body, CoreSchemas.USER);
        String userName = JsonReader.string(body, "userName", "userName");
        if (userName == null || userName.isBlank()) {
            throw ScimException.badRequest(ScimType.invalidValue, "'userName' is required.");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, List<String>> lists = new LinkedHashMap<>();
        JsonNode name = JsonReader.object(body, "name", "name");
        JsonNode enterprise = JsonReader.object(body, CoreSchemas.ENTERPRISE_USER, CoreSchemas.ENTERPRISE_USER);
        JsonNode keycloak = JsonReader.object(body, CoreSchemas.KEYCLOAK_USER, CoreSchemas.KEYCLOAK_USER);
        for (UserAttributeCatalog.Entry entry : catalog.entries()) {
            JsonNode holder = switch (entry.place()) {
                case CORE -> body;
                case NAME -> name;
                case ENTERPRISE -> enterprise;
                case EXTENSION -> keycloak;
            };
            if (holder == null || !entry.writable()) {
                continue;
            }
            String label = entry.place() == Place.NAME ? entry.key() : entry.definition().name();
            if (entry.multiValued()) {
                List<String> values = SimpleValues.readAll(holder, entry.definition(), label);
                if (!values.isEmpty()) {
                    lists.put(entry.key(), values);
                }
            } else {
                putIfPresent(attributes, entry.key(), SimpleValues.read(holder, entry.definition(), label));
            }
        }
        if (enterprise != null) {
            putIfPresent(attributes, MANAGER_KEY, managerId(enterprise));
        }
        JsonNode rolesNode = JsonReader.field(body, "roles");
        List<MultiValue> roles = rolesNode == null ? null : MultiValue.readAll(body, "roles");
        String password = JsonReader.string(body, "password", "password");
        return new ScimUser(userName.trim(), JsonReader.string(body, "externalId", "externalId"),
                JsonReader.bool(body, "active", "active"), attributes, lists,
                MultiValue.readAll(body, "emails"), MultiValue.readAll(body, "phoneNumbers"), Address.readAll(body), roles,
                password == null || password.isEmpty() ? null : password);
    }

    /** Entra sends the manager as an object with {@code value}; some clients send the bare id. */
    private static String managerId(JsonNode enterprise) {
        JsonNode manager = JsonReader.field(enterprise, MANAGER);
        if (manager == null) {
            return null;
        }
        if (manager.isTextual()) {
            return manager.asText();
        }
        if (manager.isObject()) {
            return JsonReader.string(manager, "value", "manager.value");
        }
        throw ScimException.badRequest(ScimType.invalidValue, "'manager' must be an object with 'value' or a string.");
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }

    /**
     * The canonical representation. {@code password} is never written; {@code name.formatted} is derived.
     *
     * @param groups   the user's teams as {@code groups} values, or null to leave the attribute out
     * @param meta     the {@code meta} object
     * @param managerRef the URI of the manager resource, or null
     */
    public ObjectNode toJson(String id, List<ObjectNode> groups, ObjectNode meta, String managerRef) {
        return toJson(UserAttributeCatalog.BUILT_IN, id, groups, meta, managerRef);
    }

    /** The canonical representation of the attributes in {@code catalog}; see the other {@code toJson}. */
    public ObjectNode toJson(UserAttributeCatalog catalog, String id, List<ObjectNode> groups, ObjectNode meta, String managerRef) {
        return toJson(catalog, id, groups, meta, managerRef, false);
    }

    /**
     * @param withWriteOnly also the write-only attributes: what a PATCH is applied to, so that the attributes it
     *                      does not name are written back as they are instead of being cleared
     */
    public ObjectNode toJson(UserAttributeCatalog catalog, String id, List<ObjectNode> groups, ObjectNode meta, String managerRef,
                             boolean withWriteOnly) {
        ObjectNode node = Json.object();
        ArrayNode schemas = node.putArray("schemas").add(CoreSchemas.USER);
        node.put("id", id);
        if (externalId != null) {
            node.put("externalId", externalId);
        }
        node.put("userName", userName);
        ObjectNode name = Json.object();
        String formatted = Stream.of("honorificPrefix", "givenName", "middleName", "familyName", "honorificSuffix")
                .map(p -> attributes.get("name." + p)).filter(Objects::nonNull).collect(Collectors.joining(" "));
        if (!formatted.isEmpty()) {
            name.put("formatted", formatted);
        }
        putAll(catalog, name, Place.NAME, withWriteOnly);
        if (!name.isEmpty()) {
            node.set("name", name);
        }
        putAll(catalog, node, Place.CORE, withWriteOnly);
        node.put("active", active == null || active);
        if (!emails.isEmpty()) {
            ArrayNode array = node.putArray("emails");
            emails.forEach(e -> array.add(e.toJson()));
        }
        if (!phoneNumbers.isEmpty()) {
            ArrayNode array = node.putArray("phoneNumbers");
            phoneNumbers.forEach(p -> array.add(p.toJson()));
        }
        if (!addresses.isEmpty()) {
            ArrayNode array = node.putArray("addresses");
            addresses.forEach(a -> array.add(a.toJson()));
        }
        if (roles != null && !roles.isEmpty()) {
            ArrayNode array = node.putArray("roles");
            roles.forEach(r -> array.add(r.toJson()));
        }
        if (groups != null && !groups.isEmpty()) {
            ArrayNode array = node.putArray("groups");
            groups.forEach(array::add);
        }
        ObjectNode enterprise = Json.object();
        putAll(catalog, enterprise, Place.ENTERPRISE, withWriteOnly);
        if (attributes.containsKey(MANAGER_KEY)) {
            ObjectNode manager = enterprise.putObject(MANAGER);
            manager.put("value", attributes.get(MANAGER_KEY));
            if (managerRef != null) {
                manager.put("$ref", managerRef);
            }
        }
        if (!enterprise.isEmpty()) {
            schemas.add(CoreSchemas.ENTERPRISE_USER);
            node.set(CoreSchemas.ENTERPRISE_USER, enterprise);
        }
        ObjectNode keycloak = Json.object();
        putAll(catalog, keycloak, Place.EXTENSION, withWriteOnly);
        if (!keycloak.isEmpty()) {
            schemas.add(CoreSchemas.KEYCLOAK_USER);
            node.set(CoreSchemas.KEYCLOAK_USER, keycloak);
        }
        node.set("meta", meta);
        return node;
    }

    private void putAll(UserAttributeCatalog catalog, ObjectNode holder, Place place, boolean withWriteOnly) {
        for (UserAttributeCatalog.Entry entry : catalog.in(place)) {
            if (!entry.readable() && !withWriteOnly) {
                continue;
            }
            if (entry.multiValued()) {
                List<String> values = lists.get(entry.key());
                if (values != null && !values.isEmpty()) {
                    ArrayNode array = holder.putArray(entry.definition().name());
                    values.forEach(v -> array.add(SimpleValues.toJson(entry.definition(), v)));
                }
            } else {
                String value = attributes.get(entry.key());
                if (value != null) {
                    holder.set(entry.definition().name(), SimpleValues.toJson(entry.definition(), value));
                }
            }
        }
    }

    public List<String> list(String key) {
        return lists.getOrDefault(key, List.of());
    }

    public ScimUser withEmails(List<MultiValue> newEmails) {
        return new ScimUser(userName, externalId, active, attributes, lists, newEmails, phoneNumbers, addresses, roles, password);
    }

    public ScimUser withRoles(List<MultiValue> newRoles) {
        return new ScimUser(userName, externalId, active, attributes, lists, emails, phoneNumbers, addresses, newRoles, password);
    }

    public static List<MultiValue> singleEmail(String email) {
        List<MultiValue> list = new ArrayList<>();
        list.add(new MultiValue(email, "work", true, null));
        return list;
    }
}
