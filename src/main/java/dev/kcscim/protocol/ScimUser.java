package dev.kcscim.protocol;

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
 * @param attributes simple string attributes by SCIM name: displayName, title, name.givenName, the enterprise
 *                   fields as {@code enterprise.department} and so on (see {@link #STRING_ATTRIBUTES})
 */
public record ScimUser(String userName, String externalId, Boolean active, Map<String, String> attributes,
                       List<MultiValue> emails, List<MultiValue> phoneNumbers, List<Address> addresses, String password) {

    /** SCIM string attributes stored one-to-one, keyed by path. The enterprise ones live under the extension URN. */
    public static final List<String> NAME_PARTS = List.of("givenName", "familyName", "middleName", "honorificPrefix", "honorificSuffix");
    public static final List<String> CORE_STRINGS = List.of("displayName", "nickName", "profileUrl", "title", "userType",
            "preferredLanguage", "locale", "timezone");
    public static final List<String> ENTERPRISE_STRINGS = List.of("employeeNumber", "costCenter", "organization", "division", "department");
    public static final String MANAGER = "manager";

    public static final List<String> STRING_ATTRIBUTES = Stream.of(
            NAME_PARTS.stream().map(n -> "name." + n), CORE_STRINGS.stream(),
            ENTERPRISE_STRINGS.stream().map(n -> "enterprise." + n), Stream.of("enterprise.manager"))
            .flatMap(s -> s).toList();

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
        for (String part : NAME_PARTS) {
            putIfPresent(attributes, "name." + part, name == null ? null : JsonReader.string(name, part, "name." + part));
        }
        for (String attribute : CORE_STRINGS) {
            putIfPresent(attributes, attribute, JsonReader.string(body, attribute, attribute));
        }
        JsonNode enterprise = JsonReader.object(body, CoreSchemas.ENTERPRISE_USER, CoreSchemas.ENTERPRISE_USER);
        if (enterprise != null) {
            for (String attribute : ENTERPRISE_STRINGS) {
                putIfPresent(attributes, "enterprise." + attribute, JsonReader.string(enterprise, attribute, attribute));
            }
            putIfPresent(attributes, "enterprise.manager", managerId(enterprise));
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
        for (String part : NAME_PARTS) {
            if (attributes.containsKey("name." + part)) {
                name.put(part, attributes.get("name." + part));
            }
        }
        if (!name.isEmpty()) {
            node.set("name", name);
        }
        for (String attribute : CORE_STRINGS) {
            if (attributes.containsKey(attribute)) {
                node.put(attribute, attributes.get(attribute));
            }
        }
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
        for (String attribute : ENTERPRISE_STRINGS) {
            if (attributes.containsKey("enterprise." + attribute)) {
                enterprise.put(attribute, attributes.get("enterprise." + attribute));
            }
        }
        if (attributes.containsKey("enterprise.manager")) {
            ObjectNode manager = enterprise.putObject(MANAGER);
            manager.put("value", attributes.get("enterprise.manager"));
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

    public ScimUser withEmails(List<MultiValue> newEmails) {
        return new ScimUser(userName, externalId, active, attributes, newEmails, phoneNumbers, addresses, password);
    }

    public static List<MultiValue> singleEmail(String email) {
        List<MultiValue> list = new ArrayList<>();
        list.add(new MultiValue(email, "work", true, null));
        return list;
    }
}
