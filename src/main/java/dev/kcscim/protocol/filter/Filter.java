package dev.kcscim.protocol.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcscim.protocol.schema.AttrPath;

import java.util.ArrayList;
import java.util.List;

/**
 * The filter AST. Every walk over it (validation, evaluation, query planning, PATCH filters) is a
 * {@link Fold}, so the shape of the tree is handled in exactly one place: {@link #fold}.
 */
public sealed interface Filter {

    /**
     * What to make of each kind of node. The results of the operands of {@code and}, {@code or} and
     * {@code not} are computed first; leaves and value paths get their node. A fold may throw to refuse a shape.
     */
    interface Fold<R> {
        R and(R left, R right);

        R or(R left, R right);

        R not(R inner);

        R compare(Compare compare);

        R present(Present present);

        R valuePath(ValuePath valuePath);
    }

    default <R> R fold(Fold<R> fold) {
        if (this instanceof And and) {
            return fold.and(and.left().fold(fold), and.right().fold(fold));
        }
        if (this instanceof Or or) {
            return fold.or(or.left().fold(fold), or.right().fold(fold));
        }
        if (this instanceof Not not) {
            return fold.not(not.inner().fold(fold));
        }
        if (this instanceof Compare compare) {
            return fold.compare(compare);
        }
        if (this instanceof Present present) {
            return fold.present(present);
        }
        return fold.valuePath((ValuePath) this);
    }

    /** The operands of a top-level chain of {@code and}s, or the filter itself. */
    static List<Filter> conjuncts(Filter filter) {
        List<Filter> out = new ArrayList<>();
        if (filter instanceof And and) {
            out.addAll(conjuncts(and.left()));
            out.addAll(conjuncts(and.right()));
        } else {
            out.add(filter);
        }
        return out;
    }

    /** The attribute paths a filter names at its top level (a value path counts as its attribute). */
    static List<AttrPath> attributes(Filter filter) {
        return filter.fold(new Fold<List<AttrPath>>() {
            @Override
            public List<AttrPath> and(List<AttrPath> left, List<AttrPath> right) {
                List<AttrPath> all = new ArrayList<>(left);
                all.addAll(right);
                return all;
            }

            @Override
            public List<AttrPath> or(List<AttrPath> left, List<AttrPath> right) {
                return and(left, right);
            }

            @Override
            public List<AttrPath> not(List<AttrPath> inner) {
                return inner;
            }

            @Override
            public List<AttrPath> compare(Compare compare) {
                return List.of(compare.attribute());
            }

            @Override
            public List<AttrPath> present(Present present) {
                return List.of(present.attribute());
            }

            @Override
            public List<AttrPath> valuePath(ValuePath valuePath) {
                return List.of(valuePath.attribute());
            }
        });
    }

    record And(Filter left, Filter right) implements Filter {
    }

    record Or(Filter left, Filter right) implements Filter {
    }

    record Not(Filter inner) implements Filter {
    }

    /** {@code attr op value}; {@code value} is a JSON string, number, boolean or null. */
    record Compare(AttrPath attribute, CompareOp op, JsonNode value) implements Filter {
    }

    /** {@code attr pr}. */
    record Present(AttrPath attribute) implements Filter {
    }

    /** {@code attr[filter]}: some value of a multi-valued attribute matches the inner filter. */
    record ValuePath(AttrPath attribute, Filter inner) implements Filter {
    }
}
