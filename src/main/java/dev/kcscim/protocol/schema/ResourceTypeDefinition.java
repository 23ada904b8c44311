package dev.kcscim.protocol.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.protocol.Json;

import java.util.List;
import java.util.stream.Stream;

/** A SCIM resource type (RFC 7643 §6): where it lives and which schemas describe it. */
public record ResourceTypeDefinition(String id, String name, String endpoint, String description,
                                     SchemaDefinition schema, List<SchemaDefinition> extensions) {

    public static final String RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";

    public ResourceTypeDefinition {
        extensions = List.copyOf(extensions);
    }

    public Stream<SchemaDefinition> allSchemas() {
        return Stream.concat(Stream.of(schema), extensions.stream());
    }

    public ObjectNode toJson(String location) {
        ObjectNode node = Json.object();
        node.putArray("schemas").add(RESOURCE_TYPE_SCHEMA);
        node.put("id", id);
        node.put("name", name);
        node.put("endpoint", endpoint);
        node.put("description", description);
        node.put("schema", schema.id());
        ArrayNode exts = node.putArray("schemaExtensions");
        // Extensions are optional on input: Okta and Entra send the enterprise extension only when mapped.
        extensions.forEach(e -> exts.addObject().put("schema", e.id()).put("required", false));
        ObjectNode meta = node.putObject("meta");
        meta.put("resourceType", "ResourceType");
        meta.put("location", location);
        return node;
    }
}
