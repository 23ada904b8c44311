package dev.kcscim.protocol.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.protocol.schema.AttributeDefinition;
import dev.kcscim.protocol.schema.AttributeResolver;
import dev.kcscim.protocol.schema.ResolvedAttribute;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Evaluates a filter against a resource's JSON, following RFC 7644 §3.4.2.2: string comparison honours
 * {@code caseExact}, a multi-valued attribute matches when any of its values does, and an attribute
 * named without sub-attribute on a multi-valued complex attribute compares its {@code value}.
 */
public final class FilterEvaluator {

    private final AttributeResolver resolver;

    public FilterEvaluator(AttributeResolver resolver) {
        this.resolver = resolver;
    }

    /** Resolves every attribute of the filter now, so unknown names fail before any work is done. */
    public void validate(Filter filter) {
        if (filter instanceof Filter.And and) {
            validate(and.left());
            validate(and.right());
        } else if (filter instanceof Filter.Or or) {
            validate(or.left());
            validate(or.right());
        } else if (filter instanceof Filter.Not not) {
            validate(not.inner());
        } else if (filter instanceof Filter.Present present) {
            resolver.resolve(present.attribute());
        } else if (filter instanceof Filter.Compare compare) {
            checkOperator(resolver.resolve(compare.attribute()).leaf(), compare);
        } else if (filter instanceof Filter.ValuePath valuePath) {
            validateWithin(resolver.resolve(valuePath.attribute()), valuePath.inner());
        }
    }

    private void validateWithin(ResolvedAttribute parent, Filter filter) {
        if (filter instanceof Filter.And and) {
            validateWithin(parent, and.left());
            validateWithin(parent, and.right());
        } else if (filter instanceof Filter.Or or) {
            validateWithin(parent, or.left());
            validateWithin(parent, or.right());
        } else if (filter instanceof Filter.Not not) {
            validateWithin(parent, not.inner());
        } else if (filter instanceof Filter.Present present) {
            resolver.resolveWithin(parent, present.attribute());
        } else if (filter instanceof Filter.Compare compare) {
            checkOperator(resolver.resolveWithin(parent, compare.attribute()).leaf(), compare);
        } else {
            throw new FilterException("Value filters cannot be nested");
        }
    }

    private static void checkOperator(AttributeDefinition definition, Filter.Compare compare) {
        boolean ordering = compare.op() == CompareOp.GT || compare.op() == CompareOp.GE
                || compare.op() == CompareOp.LT || compare.op() == CompareOp.LE;
        boolean substring = compare.op() == CompareOp.CO || compare.op() == CompareOp.SW || compare.op() == CompareOp.EW;
        if (definition.type() == AttributeDefinition.Type.BOOLEAN && (ordering || substring)) {
            throw new FilterException("'" + compare.op().name().toLowerCase(Locale.ROOT) + "' cannot compare the boolean " + definition.name());
        }
        if (definition.type() == AttributeDefinition.Type.COMPLEX && definition.subAttribute("value").isEmpty()) {
            throw new FilterException("'" + definition.name() + "' is complex; name one of its sub-attributes");
        }
    }

    public boolean matches(Filter filter, JsonNode resource) {
        if (filter instanceof Filter.And and) {
            return matches(and.left(), resource) && matches(and.right(), resource);
        } else if (filter instanceof Filter.Or or) {
            return matches(or.left(), resource) || matches(or.right(), resource);
        } else if (filter instanceof Filter.Not not) {
            return !matches(not.inner(), resource);
        } else if (filter instanceof Filter.Present present) {
            return values(resolver.resolve(present.attribute()), resource).stream().anyMatch(FilterEvaluator::present);
        } else if (filter instanceof Filter.Compare compare) {
            ResolvedAttribute attribute = resolver.resolve(compare.attribute());
            return compareAny(attribute, values(attribute, resource), compare);
        }
        Filter.ValuePath valuePath = (Filter.ValuePath) filter;
        ResolvedAttribute parent = resolver.resolve(valuePath.attribute());
        return elements(parent, resource).stream().anyMatch(e -> matchesElement(parent, valuePath.inner(), e));
    }

    /** Whether one element of a multi-valued attribute matches a value filter such as {@code type eq "work"}. */
    public boolean matchesElement(ResolvedAttribute parent, Filter filter, JsonNode element) {
        if (filter instanceof Filter.And and) {
            return matchesElement(parent, and.left(), element) && matchesElement(parent, and.right(), element);
        } else if (filter instanceof Filter.Or or) {
            return matchesElement(parent, or.left(), element) || matchesElement(parent, or.right(), element);
        } else if (filter instanceof Filter.Not not) {
            return !matchesElement(parent, not.inner(), element);
        } else if (filter instanceof Filter.Present present) {
            return present(field(element, resolver.resolveWithin(parent, present.attribute()).sub().name()));
        } else if (filter instanceof Filter.Compare compare) {
            ResolvedAttribute sub = resolver.resolveWithin(parent, compare.attribute());
            JsonNode value = field(element, sub.sub().name());
            return compareAny(sub, value == null ? List.of() : List.of(value), compare);
        }
        throw new FilterException("Value filters cannot be nested");
    }

    /** The elements of a multi-valued attribute (or the single value as a one-element list). */
    public static List<JsonNode> elements(ResolvedAttribute attribute, JsonNode resource) {
        JsonNode container = attribute.container(resource);
        JsonNode node = container == null ? null : field(container, attribute.attribute().name());
        List<JsonNode> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(out::add);
        } else {
            out.add(node);
        }
        return out;
    }

    private static List<JsonNode> values(ResolvedAttribute attribute, JsonNode resource) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode element : elements(attribute, resource)) {
            String subName = attribute.sub() != null ? attribute.sub().name()
                    : attribute.attribute().type() == AttributeDefinition.Type.COMPLEX ? "value" : null;
            JsonNode value = subName == null ? element : field(element, subName);
            if (value != null && !value.isNull()) {
                out.add(value);
            }
        }
        return out;
    }

    /** Case-insensitive field lookup: SCIM attribute names are case-insensitive (RFC 7643 §2.1). */
    public static JsonNode field(JsonNode object, String name) {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (var it = object.fieldNames(); it.hasNext(); ) {
            String candidate = it.next();
            if (candidate.equalsIgnoreCase(name)) {
                return object.get(candidate);
            }
        }
        return null;
    }

    private static boolean present(JsonNode value) {
        return value != null && !value.isNull() && !(value.isTextual() && value.asText().isEmpty())
                && !(value.isContainerNode() && value.isEmpty());
    }

    private static boolean compareAny(ResolvedAttribute attribute, List<JsonNode> actual, Filter.Compare compare) {
        if (compare.value().isNull()) {
            boolean anyPresent = actual.stream().anyMatch(FilterEvaluator::present);
            return compare.op() == CompareOp.NE ? anyPresent : compare.op() == CompareOp.EQ && !anyPresent;
        }
        if (compare.op() == CompareOp.NE) {
            return actual.stream().noneMatch(v -> compareOne(attribute.leaf(), v, CompareOp.EQ, compare.value()));
        }
        return actual.stream().anyMatch(v -> compareOne(attribute.leaf(), v, compare.op(), compare.value()));
    }

    static boolean compareOne(AttributeDefinition definition, JsonNode actual, CompareOp op, JsonNode expected) {
        if (definition.type() == AttributeDefinition.Type.BOOLEAN) {
            Boolean a = asBoolean(actual);
            Boolean e = asBoolean(expected);
            return a != null && a.equals(e) && op == CompareOp.EQ;
        }
        if (actual.isNumber() || definition.type() == AttributeDefinition.Type.INTEGER || definition.type() == AttributeDefinition.Type.DECIMAL) {
            try {
                int c = new BigDecimal(actual.asText()).compareTo(new BigDecimal(expected.asText()));
                return ordered(op, c);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        String a = actual.asText();
        String e = expected.asText();
        if (definition.type() == AttributeDefinition.Type.DATE_TIME) {
            try {
                return ordered(op, OffsetDateTime.parse(a).toInstant().compareTo(OffsetDateTime.parse(e).toInstant()));
            } catch (DateTimeParseException notDates) {
                // fall through to string comparison
            }
        }
        if (!definition.caseExact()) {
            a = a.toLowerCase(Locale.ROOT);
            e = e.toLowerCase(Locale.ROOT);
        }
        return switch (op) {
            case EQ -> a.equals(e);
            case NE -> !a.equals(e);
            case CO -> a.contains(e);
            case SW -> a.startsWith(e);
            case EW -> a.endsWith(e);
            default -> ordered(op, a.compareTo(e));
        };
    }

    private static boolean ordered(CompareOp op, int c) {
        return switch (op) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case GT -> c > 0;
            case GE -> c >= 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            default -> false;
        };
    }

    /** Booleans may arrive as strings ("True", "false") from real clients. */
    public static Boolean asBoolean(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            String text = node.asText().trim();
            if (text.equalsIgnoreCase("true")) {
                return true;
            }
            if (text.equalsIgnoreCase("false")) {
                return false;
            }
        }
        return null;
    }
}
