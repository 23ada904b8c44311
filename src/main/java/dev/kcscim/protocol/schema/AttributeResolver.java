package dev.kcscim.protocol.schema;


import java.util.Optional;

/**
 * Resolves attribute paths against one resource type: its core schema, its extensions and the common
 * attributes ({@code id}, {@code externalId}, {@code meta}). Unknown names are errors, not silent misses,
 * so that a typo in a filter is a 400 rather than an empty result.
 */
public final class AttributeResolver {

    private static final SchemaDefinition COMMON = new SchemaDefinition("common", "common", "Common attributes",
            CoreSchemas.COMMON_ATTRIBUTES);

    private final ResourceTypeDefinition type;

    public AttributeResolver(ResourceTypeDefinition type) {
        this.type = type;
    }

    public ResourceTypeDefinition type() {
        return type;
    }

    public ResolvedAttribute resolve(AttrPath path) {
        return find(path).orElseThrow(() -> new AttributePathException("Unknown attribute '" + path + "' for resource type " + type.name()));
    }

    public Optional<ResolvedAttribute> find(AttrPath path) {
        Optional<ResolvedAttribute> top = findTop(path.schemaUrn(), path.name());
        if (top.isEmpty() || path.subAttribute() == null) {
            return top;
        }
        return top.get().attribute().subAttribute(path.subAttribute()).map(s -> top.get().withSub(s));
    }

    /** Resolves a name inside a multi-valued complex attribute, as used inside {@code emails[...]}. */
    public ResolvedAttribute resolveWithin(ResolvedAttribute parent, AttrPath path) {
        if (path.schemaUrn() != null || path.subAttribute() != null) {
            throw new AttributePathException("Inside [ ] only sub-attributes of " + parent.attribute().name() + " may be named, not '" + path + "'");
        }
        AttributeDefinition sub = parent.attribute().subAttribute(path.name()).orElseThrow(() ->
                new AttributePathException("'" + parent.attribute().name() + "' has no sub-attribute '" + path.name() + "'"));
        return parent.withSub(sub);
    }

    private Optional<ResolvedAttribute> findTop(String urn, String name) {
        if (urn != null) {
            if (urn.equalsIgnoreCase(type.schema().id())) {
                return in(type.schema(), false, name).or(() -> in(COMMON, false, name));
            }
            return type.extensions().stream().filter(e -> e.id().equalsIgnoreCase(urn)).findFirst()
                    .flatMap(e -> in(e, true, name));
        }
        return in(type.schema(), false, name).or(() -> in(COMMON, false, name));
    }

    private static Optional<ResolvedAttribute> in(SchemaDefinition schema, boolean extension, String name) {
        return schema.attribute(name).map(a -> new ResolvedAttribute(schema, extension, a, null));
    }
}
