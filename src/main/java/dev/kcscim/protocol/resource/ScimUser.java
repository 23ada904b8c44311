package dev.kcscim.protocol.resource;

import dev.kcscim.protocol.Address;
import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.JsonReader;
import dev.kcscim.protocol.MultiValue;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.ScimType;
import dev.kcscim.protocol.schema.UserAttributeCatalog;
import dev.kcscim.protocol.schema.UserAttributeCatalog.Place;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.protocol.schema.CoreSchemas;

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
 * @param attributes simple string attributes by key: displayName, title, name.givenName, the enterprise
 *                   fields as {@code enterprise.department} and so on (see {@link UserAttributeCatalog}), and
 *                   {@code enterprise.manager} for the manager's id
 */
public record ScimUser(String userName, String externalId, Boolean active, Map<String, String> attributes,
                       List<MultiValue> emails, List<MultiValue> phoneNumbers, List<Address> addresses, String password) {

    public static final String MANAGER = "manager";
    public static final String MANAGER_KEY = "enterprise.manager";

    public ScimUser {
        attributes = Map.copyOf(attributes);
        emails = List.copyOf(emails);
        phoneNumbers = List.copyOf(phoneNumbers);
        addresses = List.copyOf(addresses);
    }

    public String attribute(String key) {
        return attributes.get(key);
    }

    public MultiValue primaryEmail() {
        return MultiValue.primaryOf(emails);
    }

    /** Reads a POST or PUT body (or a PATCH result). Read-only attributes (id, meta, groups) are ignored. */
    public static ScimUser fromJson(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimException.badRequest(ScimType.invalidSyntax, "A User is a JSON object.");
        }
        JsonReader.requireSchema(body, CoreSchemas.USER);
        String userName = JsonReader.string(body, "userName", "userName");
        if (userName == null || userName.isBlank()) {
            throw ScimException.badRequest(ScimType.invalidValue, "'userName' is required.");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        JsonNode name = JsonReader.object(body, "name", "name");
        JsonNode enterprise = JsonReader.object(body, CoreSchemas.ENTERPRISE_USER, CoreSchemas.ENTERPRISE_USER);
        for (UserAttributeCatalog.Entry entry : UserAttributeCatalog.STRINGS) {
            JsonNode holder = switch (entry.place()) {
                case CORE -> body;
                case NAME -> name;
                case ENTERPRISE -> enterprise;
            };
            String attribute = entry.definition().name();
            putIfPresent(attributes, entry.key(), holder == null ? null
                    : JsonReader.string(holder, attribute, entry.place() == Place.NAME ? entry.key() : attribute));
        }
        if (enterprise != null) {
            putIfPresent(attributes, MANAGER_KEY, managerId(enterprise));
        }
        String password = JsonReader.string(body, "password", "password");
        return new ScimUser(userName.trim(), JsonReader.string(body, "externalId", "externalId"),
                JsonReader.bool(body, "active", "active"), attributes,
                MultiValue.readAll(body, "emails"), MultiValue.readAll(body, "phoneNumbers"), Address.readAll(body),
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
        putAll(name, Place.NAME);
        if (!name.isEmpty()) {
            node.set("name", name);
        }
        putAll(node, Place.CORE);
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
        if (groups != null && !groups.isEmpty()) {
            ArrayNode array = node.putArray("groups");
            groups.forEach(array::add);
        }
        ObjectNode enterprise = Json.object();
        putAll(enterprise, Place.ENTERPRISE);
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
        node.set("meta", meta);
        return node;
    }

    private void putAll(ObjectNode holder, Place place) {
        for (UserAttributeCatalog.Entry entry : UserAttributeCatalog.in(place)) {
            String value = attributes.get(entry.key());
            if (value != null) {
                holder.put(entry.definition().name(), value);
            }
        }
    }

    public ScimUser withEmails(List<MultiValue> newEmails) {
        return new ScimUser(userName, externalId, active, attributes, newEmails, phoneNumbers, addresses, password);
    }

    public static List<MultiValue> singleEmail(String email) {
        List<MultiValue> list = new ArrayList<>();
        list.add(new MultiValue(email, "work", true, null));
        return list;
    }
}
