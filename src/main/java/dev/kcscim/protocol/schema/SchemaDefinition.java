package dev.kcscim.protocol.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.protocol.Json;

import java.util.List;
import java.util.Optional;

/** A SCIM schema (RFC 7643 §7): its URN, a name and its attribute definitions. */
public record SchemaDefinition(String id, String name, String description, List<AttributeDefinition> attributes) {

    public static final String SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

    public SchemaDefinition {
        attributes = List.copyOf(attributes);
    }

    public Optional<AttributeDefinition> attribute(String attributeName) {
        return attributes.stream().filter(a -> a.is(attributeName)).findFirst();
    }

    /** The representation served by {@code /Schemas/{id}}. */
    public ObjectNode toJson(String location) {
        ObjectNode node = Json.object();
        node.putArray("schemas").add(SCHEMA_SCHEMA);
        node.put("id", id);
        node.put("name", name);
        node.put("description", description);
        ArrayNode attrs = node.putArray("attributes");
        attributes.forEach(a -> attrs.add(a.toJson()));
        ObjectNode meta = node.putObject("meta");
        meta.put("resourceType", "Schema");
        meta.put("location", location);
        return node;
    }
}
