package dev.kcscim.protocol.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An attribute reference resolved against a resource type: which schema holds it, its definition, and the
 * sub-attribute if one was named. Names here are canonical, whatever case the client used.
 *
 * @param extension the schema is an extension, so the attribute lives under the schema URN in the JSON
 * @param sub       the named sub-attribute, or null
 */
public record ResolvedAttribute(SchemaDefinition schema, boolean extension, AttributeDefinition attribute,
                                AttributeDefinition sub) {

    /** The JSON object that holds this attribute in a resource, or null when an extension is absent. */
    public JsonNode container(JsonNode resource) {
        return extension ? resource.get(schema.id()) : resource;
    }

    /** The holder, created if needed (for writes). */
    public ObjectNode containerForWrite(ObjectNode resource) {
        if (!extension) {
            return resource;
        }
        JsonNode existing = resource.get(schema.id());
        return existing instanceof ObjectNode o ? o : resource.putObject(schema.id());
    }

    /** The definition that governs the value compared: the sub-attribute's if named, else the attribute's. */
    public AttributeDefinition leaf() {
        return sub != null ? sub : attribute;
    }

    public ResolvedAttribute withSub(AttributeDefinition newSub) {
        return new ResolvedAttribute(schema, extension, attribute, newSub);
    }
}
