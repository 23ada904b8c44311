package dev.kcscim.protocol.query;

import dev.kcscim.protocol.filter.Filter;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A filter split for a store: equalities an index can answer, and the rest, to be checked in memory.
 * The conjunction of {@code lookups} and {@code residual} is the whole filter.
 *
 * @param lookups       at most one equality per indexed key, in the order the filter gave them
 * @param residual      the other conjuncts (anything under {@code or} or {@code not}, other operators,
 *                      unindexed attributes, a second equality on a key already looked up)
 * @param residualNames the top-level attribute names (canonical, lower case) that {@code residual} reads, so a
 *                      store renders only those for the in-memory check
 */
public record QueryPlan(List<Lookup> lookups, List<Filter> residual, Set<String> residualNames) {

    public QueryPlan {
        lookups = List.copyOf(lookups);
        residual = List.copyOf(residual);
        residualNames = Set.copyOf(residualNames);
    }

    public static final QueryPlan EVERYTHING = new QueryPlan(List.of(), List.of(), Set.of());

    public Optional<Lookup> lookup(String key) {
        return lookups.stream().filter(l -> l.key().equals(key)).findFirst();
    }

    /** Whether the residual check reads this attribute (canonical name, any case). */
    public boolean residualReads(String attributeName) {
        return residualNames.contains(attributeName.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * One indexed equality.
     *
     * @param key    the canonical attribute key, such as {@code userName}, {@code emails.value}, {@code members.value}
     * @param value  the compared value (a string, or a boolean for {@code active})
     * @param source the conjunct it came from, for a store whose index only narrows and must re-check it exactly
     */
    public record Lookup(String key, String value, Filter source) {
    }
}
