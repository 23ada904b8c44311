package dev.kcscim.protocol.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.protocol.Json;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One attribute of a SCIM schema (RFC 7643 §7). These definitions are the single source for
 * {@code /Schemas}, for input validation and for what filters may name.
 */
public record AttributeDefinition(String name, Type type, boolean multiValued, String description,
                                  boolean required, boolean caseExact, Mutability mutability,
                                  Returned returned, Uniqueness uniqueness,
                                  List<AttributeDefinition> subAttributes, List<String> canonicalValues,
                                  List<String> referenceTypes) {

    public enum Type {
        STRING("string"), BOOLEAN("boolean"), DECIMAL("decimal"), INTEGER("integer"), DATE_TIME("dateTime"),
        REFERENCE("reference"), COMPLEX("complex"), BINARY("binary");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    public enum Mutability { readOnly, readWrite, immutable, writeOnly }

    public enum Returned { always, never, DEFAULT, request;

        String wire() {
            return this == DEFAULT ? "default" : name();
        }
    }

    public enum Uniqueness { none, server, global }

    public AttributeDefinition {
        subAttributes = List.copyOf(subAttributes);
        canonicalValues = List.copyOf(canonicalValues);
        referenceTypes = List.copyOf(referenceTypes);
    }

    public static AttributeDefinition of(String name, Type type, String description) {
        return new AttributeDefinition(name, type, false, description, false, false, Mutability.readWrite,
                Returned.DEFAULT, Uniqueness.none, List.of(), List.of(), List.of());
    }

    public static AttributeDefinition string(String name, String description) {
        return of(name, Type.STRING, description);
    }

    public static AttributeDefinition bool(String name, String description) {
        return of(name, Type.BOOLEAN, description);
    }

    public static AttributeDefinition complex(String name, String description, AttributeDefinition... subs) {
        return of(name, Type.COMPLEX, description).withSubAttributes(List.of(subs));
    }

    public static AttributeDefinition reference(String name, String description, String... referenceTypes) {
        return of(name, Type.REFERENCE, description).withReferenceTypes(List.of(referenceTypes));
    }

    public AttributeDefinition asMultiValued() {
        return new AttributeDefinition(name, type, true, description, required, caseExact, mutability, returned,
                uniqueness, subAttributes, canonicalValues, referenceTypes);
    }

    public AttributeDefinition asRequired() {
        return new AttributeDefinition(name, type, multiValued, description, true, caseExact, mutability, returned,
                uniqueness, subAttributes, canonicalValues, referenceTypes);
    }

    public AttributeDefinition asCaseExact() {
        return new AttributeDefinition(name, type, multiValued, description, required, true, mutability, returned,
                uniqueness, subAttributes, canonicalValues, referenceTypes);
    }

    public AttributeDefinition mutability(Mutability m) {
        return new AttributeDefinition(name, type, multiValued, description, required, caseExact, m, returned,
                uniqueness, subAttributes, canonicalValues, referenceTypes);
    }

    public AttributeDefinition returned(Returned r) {
        return new AttributeDefinition(name, type, multiValued, description, required, caseExact, mutability, r,
                uniqueness, subAttributes, canonicalValues, referenceTypes);
    }

    public AttributeDefinition uniqueness(Uniqueness u) {
        return new AttributeDefinition(name, type, multiValued, description, required, caseExact, mutability, returned,
                u, subAttributes, canonicalValues, referenceTypes);
    }

    public AttributeDefinition canonicalValues(String... values) {
        return new AttributeDefinition(name, type, multiValued, description, required, caseExact, mutability, returned,
                uniqueness, subAttributes, List.of(values), referenceTypes);
    }

    private AttributeDefinition withSubAttributes(List<AttributeDefinition> subs) {
        return new AttributeDefinition(name, type, multiValued, description, required, caseExact, mutability, returned,
                uniqueness, subs, canonicalValues, referenceTypes);
    }

    private AttributeDefinition withReferenceTypes(List<String> types) {
        return new AttributeDefinition(name, type, multiValued, description, required, caseExact, mutability, returned,
                uniqueness, subAttributes, canonicalValues, types);
    }

    /** Finds a sub-attribute by name; SCIM attribute names are case-insensitive (RFC 7643 §2.1). */
    public Optional<AttributeDefinition> subAttribute(String subName) {
        return subAttributes.stream().filter(a -> a.name.equalsIgnoreCase(subName)).findFirst();
    }

    public boolean is(String otherName) {
        return name.toLowerCase(Locale.ROOT).equals(otherName.toLowerCase(Locale.ROOT));
    }

    ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("name", name);
        node.put("type", type.wire());
        node.put("multiValued", multiValued);
        node.put("description", description);
        node.put("required", required);
        if (type == Type.STRING || type == Type.REFERENCE || type == Type.BINARY) {
            node.put("caseExact", caseExact);
        }
        if (!canonicalValues.isEmpty()) {
            ArrayNode values = node.putArray("canonicalValues");
            canonicalValues.forEach(values::add);
        }
        if (!referenceTypes.isEmpty()) {
            ArrayNode values = node.putArray("referenceTypes");
            referenceTypes.forEach(values::add);
        }
        node.put("mutability", mutability.name());
        node.put("returned", returned.wire());
        if (type != Type.COMPLEX && type != Type.BOOLEAN) {
            node.put("uniqueness", uniqueness.name());
        }
        if (!subAttributes.isEmpty()) {
            ArrayNode subs = node.putArray("subAttributes");
            subAttributes.forEach(s -> subs.add(s.toJson()));
        }
        return node;
    }
}
