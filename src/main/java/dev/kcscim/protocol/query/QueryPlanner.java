package dev.kcscim.protocol.query;

import dev.kcscim.protocol.filter.CompareOp;
import dev.kcscim.protocol.filter.Filter;
import dev.kcscim.protocol.filter.FilterEvaluator;
import dev.kcscim.protocol.schema.AttrPath;
import dev.kcscim.protocol.schema.AttributeDefinition;
import dev.kcscim.protocol.schema.AttributeResolver;
import dev.kcscim.protocol.schema.ResolvedAttribute;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Splits a filter into indexed equalities and residual conditions, whatever the order of its conjuncts.
 * It knows the SCIM shapes of an equality ({@code emails eq "x"}, {@code emails.value eq "x"},
 * {@code emails[value eq "x"]}); the store says which keys it can look up, and decides which lookup drives
 * its search. Only top-level {@code and} chains are split: anything under {@code or} or {@code not} is residual.
 */
public final class QueryPlanner {

    private final AttributeResolver resolver;
    private final FilterEvaluator evaluator;
    private final Set<String> indexedKeys;

    /** @param indexedKeys canonical keys the store can look up: {@code userName}, {@code emails.value}, {@code id}, ... */
    public QueryPlanner(AttributeResolver resolver, Set<String> indexedKeys) {
        this.resolver = resolver;
        this.evaluator = new FilterEvaluator(resolver);
        this.indexedKeys = Set.copyOf(indexedKeys);
    }

    /** Validates the filter (unknown attributes, wrong operators) and plans it; null means no filter. */
    public QueryPlan plan(Filter filter) {
        if (filter == null) {
            return QueryPlan.EVERYTHING;
        }
        evaluator.validate(filter);
        List<QueryPlan.Lookup> lookups = new ArrayList<>();
        List<Filter> residual = new ArrayList<>();
        for (Filter conjunct : Filter.conjuncts(filter)) {
            Optional<QueryPlan.Lookup> lookup = equality(conjunct).filter(l -> indexedKeys.contains(l.key()));
            // A second equality on a key already looked up stays residual: if the values differ, the in-memory
            // check gives the right (empty) answer.
            if (lookup.isPresent() && lookups.stream().noneMatch(l -> l.key().equals(lookup.get().key()))) {
                lookups.add(lookup.get());
            } else {
                residual.add(conjunct);
            }
        }
        Set<String> names = new LinkedHashSet<>();
        residual.forEach(f -> Filter.attributes(f).forEach(path -> names.add(resolver.resolve(path).attribute().name().toLowerCase(Locale.ROOT))));
        return new QueryPlan(lookups, residual, names);
    }

    /** The key and value of a conjunct that is a plain equality on a core attribute, in any of its SCIM spellings. */
    public Optional<QueryPlan.Lookup> equality(Filter conjunct) {
        if (conjunct instanceof Filter.Compare compare) {
            return keyOf(resolver.resolve(compare.attribute()), compare)
                    .map(key -> new QueryPlan.Lookup(key, compare.value().asText(), conjunct));
        }
        if (conjunct instanceof Filter.ValuePath valuePath && valuePath.inner() instanceof Filter.Compare inner) {
            ResolvedAttribute parent = resolver.resolve(valuePath.attribute());
            if (inner.attribute().schemaUrn() == null && inner.attribute().subAttribute() == null) {
                ResolvedAttribute sub = resolver.resolveWithin(parent, new AttrPath(null, inner.attribute().name(), null));
                return keyOf(sub, inner).map(key -> new QueryPlan.Lookup(key, inner.value().asText(), conjunct));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> keyOf(ResolvedAttribute attribute, Filter.Compare compare) {
        if (compare.op() != CompareOp.EQ || compare.value().isNull() || compare.value().isContainerNode() || attribute.extension()) {
            return Optional.empty();
        }
        AttributeDefinition top = attribute.attribute();
        if (attribute.sub() != null) {
            return Optional.of(top.name() + "." + attribute.sub().name());
        }
        if (top.type() == AttributeDefinition.Type.COMPLEX) {
            // emails eq "x" compares the value sub-attribute (RFC 7644 §3.4.2.2).
            return top.subAttribute("value").map(v -> top.name() + "." + v.name());
        }
        return Optional.of(top.name());
    }
}
