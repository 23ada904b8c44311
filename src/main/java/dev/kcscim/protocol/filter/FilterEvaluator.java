package dev.kcscim.protocol.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.protocol.Json;
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
        filter.fold(new Check() {
            @Override
            public Void compare(Filter.Compare compare) {
                checkOperator(resolver.resolve(compare.attribute()).leaf(), compare);
                return null;
            }

            @Override
            public Void present(Filter.Present present) {
                resolver.resolve(present.attribute());
                return null;
            }

            @Override
            public Void valuePath(Filter.ValuePath valuePath) {
                ResolvedAttribute parent = resolver.resolve(valuePath.attribute());
                valuePath.inner().fold(new Check() {
                    @Override
                    public Void compare(Filter.Compare compare) {
                        checkOperator(resolver.resolveWithin(parent, compare.attribute()).leaf(), compare);
                        return null;
                    }

                    @Override
                    public Void present(Filter.Present present) {
                        resolver.resolveWithin(parent, present.attribute());
                        return null;
                    }

                    @Override
                    public Void valuePath(Filter.ValuePath nested) {
                        throw new FilterException("Value filters cannot be nested");
                    }
                });
                return null;
            }
        });
    }

    /** A fold that only throws: the composite nodes have nothing to add. */
    private abstract static class Check implements Filter.Fold<Void> {
        @Override
        public Void and(Void left, Void right) {
            return null;
        }

        @Override
        public Void or(Void left, Void right) {
            return null;
        }

        @Override
        public Void not(Void inner) {
            return null;
        }
    }

    /** A fold to a truth value, with the logical operators. */
    private abstract static class Truth implements Filter.Fold<Boolean> {
        @Override
        public Boolean and(Boolean left, Boolean right) {
            return left && right;
        }

        @Override
        public Boolean or(Boolean left, Boolean right) {
            return left || right;
        }

        @Override
        public Boolean not(Boolean inner) {
            return !inner;
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
        return filter.fold(new Truth() {
            @Override
            public Boolean compare(Filter.Compare compare) {
                ResolvedAttribute attribute = resolver.resolve(compare.attribute());
                return compareAny(attribute, values(attribute, resource), compare);
            }

            @Override
            public Boolean present(Filter.Present present) {
                return values(resolver.resolve(present.attribute()), resource).stream().anyMatch(FilterEvaluator::present);
            }

            @Override
            public Boolean valuePath(Filter.ValuePath valuePath) {
                ResolvedAttribute parent = resolver.resolve(valuePath.attribute());
                return elements(parent, resource).stream().anyMatch(e -> matchesElement(parent, valuePath.inner(), e));
            }
        });
    }

    /** Whether one element of a multi-valued attribute matches a value filter such as {@code type eq "work"}. */
    public boolean matchesElement(ResolvedAttribute parent, Filter filter, JsonNode element) {
        return filter.fold(new Truth() {
            @Override
            public Boolean compare(Filter.Compare compare) {
                ResolvedAttribute sub = resolver.resolveWithin(parent, compare.attribute());
                JsonNode value = Json.field(element, sub.sub().name());
                return compareAny(sub, value == null ? List.of() : List.of(value), compare);
            }

            @Override
            public Boolean present(Filter.Present present) {
                return FilterEvaluator.present(Json.field(element, resolver.resolveWithin(parent, present.attribute()).sub().name()));
            }

            @Override
            public Boolean valuePath(Filter.ValuePath valuePath) {
                throw new FilterException("Value filters cannot be nested");
            }
        });
    }

    /** The elements of a multi-valued attribute (or the single value as a one-element list). */
    public static List<JsonNode> elements(ResolvedAttribute attribute, JsonNode resource) {
        JsonNode container = attribute.container(resource);
        JsonNode node = container == null ? null : Json.field(container, attribute.attribute().name());
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
            JsonNode value = subName == null ? element : Json.field(element, subName);
            if (value != null && !value.isNull()) {
                out.add(value);
            }
        }
        return out;
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
            Boolean a = Json.asBoolean(actual);
            Boolean e = Json.asBoolean(expected);
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
}
