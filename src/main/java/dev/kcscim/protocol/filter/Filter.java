package dev.kcscim.protocol.filter;

import com.fasterxml.jackson.databind.JsonNode;

/** The filter AST. Every visitor (in-memory evaluation, Keycloak query planning) switches over these records. */
public sealed interface Filter {

    /** The operands of a top-level chain of {@code and}s, or the filter itself. */
    static java.util.List<Filter> conjuncts(Filter filter) {
        java.util.List<Filter> out = new java.util.ArrayList<>();
        if (filter instanceof And and) {
            out.addAll(conjuncts(and.left()));
            out.addAll(conjuncts(and.right()));
        } else {
            out.add(filter);
        }
        return out;
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
