package dev.kcscim.protocol.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.protocol.Json;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.ScimType;
import dev.kcscim.protocol.filter.CompareOp;
import dev.kcscim.protocol.filter.Filter;
import dev.kcscim.protocol.filter.FilterEvaluator;
import dev.kcscim.protocol.filter.FilterParser;
import dev.kcscim.protocol.schema.AttrPath;
import dev.kcscim.protocol.schema.AttributeDefinition;
import dev.kcscim.protocol.schema.AttributePathException;
import dev.kcscim.protocol.schema.AttributeResolver;
import dev.kcscim.protocol.schema.ResolvedAttribute;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies PATCH operations to a resource's SCIM JSON. It works on a copy, so a request whose third
 * operation fails leaves the resource untouched; the adapter then stores the result like a PUT.
 *
 * <p>Leniency for real clients: read-only attributes ({@code id}, {@code meta}, {@code groups}) are
 * ignored rather than refused, path-less values may use dotted or URN-qualified keys, and a replace
 * through a filter that matches nothing, such as Entra's {@code emails[type eq "work"].value}, adds the
 * value when the filter is a plain equality.
 */
public final class PatchEngine {

    private final AttributeResolver resolver;
    private final FilterEvaluator evaluator;

    public PatchEngine(AttributeResolver resolver) {
        this.resolver = resolver;
        this.evaluator = new FilterEvaluator(resolver);
    }

    public ObjectNode apply(ObjectNode resource, List<PatchOperation> operations) {
        ObjectNode target = resource.deepCopy();
        PatchOperation.forEachNumbered(operations, operation -> applyOne(target, operation));
        return target;
    }

    private void applyOne(ObjectNode target, PatchOperation operation) {
        if (operation.path() == null) {
            if (!operation.value().isObject()) {
                throw ScimException.badRequest(ScimType.invalidValue, "without a path, the value must be a JSON object of attributes");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = operation.value().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                applyPathless(target, operation.op(), entry.getKey(), entry.getValue());
            }
            return;
        }
        FilterParser.PatchPathSyntax syntax = FilterParser.parsePatchPath(operation.path());
        ResolvedAttribute attribute = resolver.find(syntax.attribute()).orElseThrow(() ->
                ScimException.badRequest(ScimType.invalidPath, "unknown attribute '" + syntax.attribute() + "'"));
        if (isReadOnly(attribute)) {
            return;
        }
        if (syntax.valueFilter() != null) {
            evaluator.validate(new Filter.ValuePath(syntax.attribute(), syntax.valueFilter()));
            AttributeDefinition sub = syntax.subAttribute() == null ? null : attribute.attribute().subAttribute(syntax.subAttribute())
                    .orElseThrow(() -> ScimException.badRequest(ScimType.invalidPath, "'" + attribute.attribute().name() + "' has no sub-attribute '" + syntax.subAttribute() + "'"));
            applyFiltered(target, operation, attribute, syntax.valueFilter(), sub);
        } else {
            applyToAttribute(target, operation.op(), attribute, operation.value());
        }
    }

    /** A key of a path-less value: an attribute name, a dotted sub-attribute, a URN-qualified name or an extension object. */
    private void applyPathless(ObjectNode target, PatchOperation.Op op, String key, JsonNode value) {
        if (key.equalsIgnoreCase("schemas")) {
            return;
        }
        if (key.regionMatches(true, 0, "urn:", 0, 4) && value.isObject()
                && resolver.type().extensions().stream().anyMatch(e -> e.id().equalsIgnoreCase(key))) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                applyPathless(target, op, key + ":" + entry.getKey(), entry.getValue());
            }
            return;
        }
        Optional<ResolvedAttribute> attribute;
        try {
            attribute = resolver.find(AttrPath.parse(key));
        } catch (AttributePathException e) {
            attribute = Optional.empty();
        }
        // Unknown keys are ignored, as on POST and PUT: clients send attributes this server does not store.
        if (attribute.isPresent() && !isReadOnly(attribute.get())) {
            applyToAttribute(target, op, attribute.get(), value);
        }
    }

    private static boolean isReadOnly(ResolvedAttribute attribute) {
        return attribute.attribute().mutability() == AttributeDefinition.Mutability.readOnly
                || (attribute.sub() != null && attribute.sub().mutability() == AttributeDefinition.Mutability.readOnly);
    }

    private void applyToAttribute(ObjectNode target, PatchOperation.Op op, ResolvedAttribute attribute, JsonNode value) {
        AttributeDefinition definition = attribute.attribute();
        String name = definition.name();
        if (attribute.sub() != null) {
            applyToSubAttribute(target, op, attribute, value);
            return;
        }
        if (op == PatchOperation.Op.REMOVE) {
            JsonNode container = attribute.container(target);
            if (!(container instanceof ObjectNode holder)) {
                return;
            }
            JsonNode existing = Json.field(holder, name);
            if (value != null && !value.isNull() && definition.multiValued() && existing != null && existing.isArray()) {
                removeListedValues((ArrayNode) existing, value);
            } else {
                removeField(holder, name);
            }
            return;
        }
        ObjectNode holder = attribute.containerForWrite(target);
        if (definition.multiValued()) {
            ArrayNode incoming = asArray(value);
            JsonNode existing = Json.field(holder, name);
            if (op == PatchOperation.Op.REPLACE || existing == null || !existing.isArray()) {
                removeField(holder, name);
                holder.set(name, incoming);
            } else {
                ArrayNode array = (ArrayNode) existing;
                for (JsonNode element : incoming) {
                    if (!contains(array, element)) {
                        array.add(element);
                    }
                }
            }
        } else if (definition.type() == AttributeDefinition.Type.COMPLEX && value.isObject()) {
            JsonNode existing = Json.field(holder, name);
            ObjectNode merged = existing instanceof ObjectNode o ? o : Json.object();
            value.fields().forEachRemaining(e -> definition.subAttribute(e.getKey())
                    .ifPresent(sub -> setField(merged, sub.name(), e.getValue())));
            removeField(holder, name);
            holder.set(name, merged);
        } else {
            setField(holder, name, value);
        }
    }

    private void applyToSubAttribute(ObjectNode target, PatchOperation.Op op, ResolvedAttribute attribute, JsonNode value) {
        String name = attribute.attribute().name();
        String sub = attribute.sub().name();
        if (op == PatchOperation.Op.REMOVE) {
            JsonNode container = attribute.container(target);
            JsonNode existing = container == null ? null : Json.field(container, name);
            forEachObject(existing, o -> removeField(o, sub));
            return;
        }
        ObjectNode holder = attribute.containerForWrite(target);
        JsonNode existing = Json.field(holder, name);
        if (attribute.attribute().multiValued()) {
            if (existing == null || !existing.isArray() || existing.isEmpty()) {
                removeField(holder, name);
                holder.putArray(name).addObject().set(sub, value);
            } else {
                forEachObject(existing, o -> setField(o, sub, value));
            }
        } else {
            ObjectNode object = existing instanceof ObjectNode o ? o : Json.object();
            setField(object, sub, value);
            removeField(holder, name);
            holder.set(name, object);
        }
    }

    private void applyFiltered(ObjectNode target, PatchOperation operation, ResolvedAttribute attribute, Filter filter, AttributeDefinition sub) {
        String name = attribute.attribute().name();
        JsonNode container = attribute.container(target);
        JsonNode existing = container == null ? null : Json.field(container, name);
        List<JsonNode> matches = new ArrayList<>();
        if (existing != null && existing.isArray()) {
            existing.forEach(e -> {
                if (evaluator.matchesElement(attribute, filter, e)) {
                    matches.add(e);
                }
            });
        }
        if (operation.op() == PatchOperation.Op.REMOVE) {
            if (sub == null && existing instanceof ArrayNode array) {
                for (int i = array.size() - 1; i >= 0; i--) {
                    if (matches.contains(array.get(i))) {
                        array.remove(i);
                    }
                }
            } else {
                matches.forEach(m -> forEachObject(m, o -> removeField(o, sub.name())));
            }
            return;
        }
        if (matches.isEmpty()) {
            ObjectNode created = elementFromEqualities(filter, attribute).orElseThrow(() ->
                    ScimException.badRequest(ScimType.noTarget, "no value of '" + name + "' matches the filter"));
            if (sub != null) {
                created.set(sub.name(), operation.value());
            } else if (operation.value().isObject()) {
                created.setAll((ObjectNode) operation.value());
            }
            ObjectNode holder = attribute.containerForWrite(target);
            JsonNode array = Json.field(holder, name);
            if (!(array instanceof ArrayNode)) {
                removeField(holder, name);
                array = holder.putArray(name);
            }
            ((ArrayNode) array).add(created);
            return;
        }
        for (JsonNode match : matches) {
            ObjectNode element = (ObjectNode) match;
            if (sub != null) {
                setField(element, sub.name(), operation.value());
            } else if (operation.value().isObject()) {
                if (operation.op() == PatchOperation.Op.REPLACE) {
                    element.removeAll();
                }
                element.setAll((ObjectNode) operation.value());
            } else {
                throw ScimException.badRequest(ScimType.invalidValue, "the value for a filtered '" + name + "' must be an object");
            }
        }
    }

    /** {@code type eq "work"} (or a conjunction of equalities) describes the element to create. */
    private Optional<ObjectNode> elementFromEqualities(Filter filter, ResolvedAttribute parent) {
        ObjectNode element = Json.object();
        return collectEqualities(filter, parent, element) ? Optional.of(element) : Optional.empty();
    }

    private boolean collectEqualities(Filter filter, ResolvedAttribute parent, ObjectNode element) {
        // The fold marks shapes other than a conjunction of equalities as false; equalities fill the element.
        return filter.fold(new Filter.Fold<Boolean>() {
            @Override
            public Boolean and(Boolean left, Boolean right) {
                return left && right;
            }

            @Override
            public Boolean or(Boolean left, Boolean right) {
                return false;
            }

            @Override
            public Boolean not(Boolean inner) {
                return false;
            }

            @Override
            public Boolean compare(Filter.Compare compare) {
                if (compare.op() != CompareOp.EQ) {
                    return false;
                }
                element.set(resolver.resolveWithin(parent, compare.attribute()).sub().name(), compare.value());
                return true;
            }

            @Override
            public Boolean present(Filter.Present present) {
                return false;
            }

            @Override
            public Boolean valuePath(Filter.ValuePath valuePath) {
                return false;
            }
        });
    }

    private static ArrayNode asArray(JsonNode value) {
        if (value.isArray()) {
            return (ArrayNode) value.deepCopy();
        }
        ArrayNode array = Json.array();
        array.add(value);
        return array;
    }

    private static boolean contains(ArrayNode array, JsonNode element) {
        for (JsonNode existing : array) {
            if (existing.equals(element) || (existing.has("value") && element.has("value")
                    && existing.get("value").asText().equalsIgnoreCase(element.get("value").asText())
                    && existing.path("type").asText().equalsIgnoreCase(element.path("type").asText()))) {
                return true;
            }
        }
        return false;
    }

    /** Entra removes members with {@code path: members} and a value array naming them. */
    private static void removeListedValues(ArrayNode existing, JsonNode value) {
        List<String> toRemove = new ArrayList<>();
        asArray(value).forEach(v -> toRemove.add((v.isObject() ? v.path("value") : v).asText()));
        for (int i = existing.size() - 1; i >= 0; i--) {
            JsonNode element = existing.get(i);
            String v = (element.isObject() ? element.path("value") : element).asText();
            if (toRemove.stream().anyMatch(r -> r.equalsIgnoreCase(v))) {
                existing.remove(i);
            }
        }
    }

    private static void forEachObject(JsonNode node, java.util.function.Consumer<ObjectNode> action) {
        if (node instanceof ObjectNode o) {
            action.accept(o);
        } else if (node != null && node.isArray()) {
            node.forEach(e -> {
                if (e instanceof ObjectNode o) {
                    action.accept(o);
                }
            });
        }
    }

    /** Writes under the canonical name, dropping any differently-cased spelling of it. */
    private static void setField(ObjectNode holder, String name, JsonNode value) {
        removeField(holder, name);
        holder.set(name, value);
    }

    private static void removeField(ObjectNode holder, String name) {
        List<String> names = new ArrayList<>();
        holder.fieldNames().forEachRemaining(n -> {
            if (n.equalsIgnoreCase(name)) {
                names.add(n);
            }
        });
        holder.remove(names);
    }
}
