package dev.kcscim.protocol.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kcscim.protocol.ScimException;
import dev.kcscim.protocol.ScimType;
import dev.kcscim.protocol.schema.AttrPath;
import dev.kcscim.protocol.schema.AttributeDefinition;
import dev.kcscim.protocol.schema.AttributePathException;
import dev.kcscim.protocol.schema.AttributeResolver;
import dev.kcscim.protocol.schema.ResolvedAttribute;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code attributes} and {@code excludedAttributes} parameters (RFC 7644 §3.4.2.5). {@code id} and
 * {@code schemas} are always returned. The projection also tells the adapter whether an expensive
 * attribute (such as group members) is wanted at all, so it is never read when excluded.
 */
public final class AttributeProjection {

    /** The attributes asked for, or null when {@code attributes} was not sent (everything returned by default). */
    private final List<ResolvedAttribute> included;
    private final List<ResolvedAttribute> excluded;

    private AttributeProjection(List<ResolvedAttribute> included, List<ResolvedAttribute> excluded) {
        this.included = included;
        this.excluded = excluded;
    }

    public static final AttributeProjection ALL = new AttributeProjection(null, List.of());

    /**
     * Unknown names are ignored, as RFC 7644 lets a server do, but they never widen the answer: an
     * {@code attributes} list of typos returns only what is always returned ({@code id}, {@code schemas}).
     */
    public static AttributeProjection parse(Map<String, String> params, AttributeResolver resolver) {
        String attributes = params.get("attributes");
        boolean restricted = attributes != null && !attributes.isBlank();
        return new AttributeProjection(restricted ? list(attributes, resolver) : null, list(params.get("excludedAttributes"), resolver));
    }

    private static List<ResolvedAttribute> list(String value, AttributeResolver resolver) {
        List<ResolvedAttribute> out = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        for (String name : value.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            // Entra sends value paths here (attributes=emails[type eq "work"]); the attribute itself is what counts.
            String attribute = name.trim();
            int bracket = attribute.indexOf('[');
            if (bracket > 0) {
                int close = attribute.lastIndexOf(']');
                attribute = attribute.substring(0, bracket) + (close > bracket ? attribute.substring(close + 1) : "");
            }
            try {
                resolver.find(AttrPath.parse(attribute)).ifPresent(out::add);
            } catch (AttributePathException e) {
                throw ScimException.badRequest(ScimType.invalidValue, "Bad attribute name in attributes or excludedAttributes: " + e.getMessage() + ".");
            }
        }
        return out;
    }

    /** Whether the top-level attribute will appear in the response; lets callers skip costly reads. */
    public boolean wants(String attributeName) {
        if (excluded.stream().anyMatch(a -> a.sub() == null && a.attribute().is(attributeName))) {
            return false;
        }
        return included == null || included.stream().anyMatch(a -> a.attribute().is(attributeName));
    }

    public ObjectNode apply(ObjectNode resource) {
        if (included == null && excluded.isEmpty()) {
            return resource;
        }
        ObjectNode out = resource.deepCopy();
        if (included != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = out.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String name = field.getKey();
                if (name.equals("schemas") || name.equals("id")) {
                    continue;
                }
                boolean extensionObject = name.startsWith("urn:") && field.getValue().isObject();
                if (extensionObject) {
                    ObjectNode extension = (ObjectNode) field.getValue();
                    extension.retain(included.stream().filter(a -> a.extension() && a.schema().id().equals(name))
                            .map(a -> a.attribute().name()).toList());
                    if (extension.isEmpty()) {
                        it.remove();
                    }
                    continue;
                }
                List<ResolvedAttribute> matching = included.stream().filter(a -> !a.extension() && a.attribute().is(name)).toList();
                if (matching.isEmpty()) {
                    it.remove();
                } else if (matching.stream().noneMatch(a -> a.sub() == null)) {
                    retainSubs(field.getValue(), matching.stream().map(a -> a.sub().name()).toList());
                }
            }
        }
        for (ResolvedAttribute a : excluded) {
            if (a.attribute().returned() == AttributeDefinition.Returned.always) {
                continue;
            }
            JsonNode container = a.container(out);
            if (!(container instanceof ObjectNode holder)) {
                continue;
            }
            if (a.sub() == null) {
                holder.remove(a.attribute().name());
            } else {
                removeSub(holder.get(a.attribute().name()), a.sub().name());
            }
        }
        return out;
    }

    private static void retainSubs(JsonNode value, List<String> subs) {
        if (value instanceof ObjectNode o) {
            o.retain(subs);
        } else if (value != null && value.isArray()) {
            value.forEach(e -> retainSubs(e, subs));
        }
    }

    private static void removeSub(JsonNode value, String sub) {
        if (value instanceof ObjectNode o) {
            o.remove(sub);
        } else if (value != null && value.isArray()) {
            value.forEach(e -> removeSub(e, sub));
        }
    }
}
