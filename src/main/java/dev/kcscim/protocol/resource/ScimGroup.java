package dev.kcscim.protocol.resource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.protocol.JsonReader;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.ScimType;
import dev.kcscim.protocol.schema.CoreSchemas;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A SCIM Group as read from a POST or PUT body.
 *
 * @param memberIds the {@code members[].value} ids, or null when the body has no {@code members} at all
 *                  (a PUT without members then leaves the membership alone instead of emptying a large team)
 */
public record ScimGroup(String displayName, String externalId, Set<String> memberIds) {

    public static ScimGroup fromJson(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimException.badRequest(ScimType.invalidSyntax, "A Group is a JSON object.");
        }
        JsonReader.requireSchema(body, CoreSchemas.GROUP);
        String displayName = JsonReader.string(body, "displayName", "displayName");
        if (displayName == null || displayName.isBlank()) {
            throw ScimException.badRequest(ScimType.invalidValue, "'displayName' is required.");
        }
        JsonNode members = JsonReader.field(body, "members");
        Set<String> ids = members == null ? null : memberIds(members);
        return new ScimGroup(displayName.trim(), JsonReader.string(body, "externalId", "externalId"), ids);
    }

    /**
     * Member ids from a {@code members} value: an array (or one object) of {@code {"value": id}}; Okta and
     * Entra often leave out {@code type}. Only users can be members.
     */
    public static Set<String> memberIds(JsonNode members) {
        Set<String> ids = new LinkedHashSet<>();
        List<JsonNode> entries = new java.util.ArrayList<>();
        if (members.isArray()) {
            members.forEach(entries::add);
        } else {
            entries.add(members);
        }
        for (JsonNode entry : entries) {
            if (!entry.isObject()) {
                throw ScimException.badRequest(ScimType.invalidValue, "Each member is an object with a 'value' (the user id).");
            }
            String value = JsonReader.string(entry, "value", "members.value");
            if (value == null || value.isBlank()) {
                throw ScimException.badRequest(ScimType.invalidValue, "Each member needs a 'value' (the user id).");
            }
            String type = JsonReader.string(entry, "type", "members.type");
            if (type != null && !type.equalsIgnoreCase("User")) {
                throw ScimException.badRequest(ScimType.invalidValue, "Only users can be members of a team, not '" + type + "'.");
            }
            ids.add(value.trim());
        }
        return ids;
    }
}
