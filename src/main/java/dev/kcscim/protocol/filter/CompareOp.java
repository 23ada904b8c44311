package dev.kcscim.protocol.filter;

import java.util.Locale;
import java.util.Optional;

/** The comparison operators of RFC 7644 §3.4.2.2 ({@code pr} is a separate node). */
public enum CompareOp {
    EQ, NE, CO, SW, EW, GT, GE, LT, LE;

    static Optional<CompareOp> of(String word) {
        try {
            return Optional.of(valueOf(word.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
