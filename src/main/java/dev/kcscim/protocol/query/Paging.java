package dev.kcscim.protocol.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;

/** Paging over a source that can only be read in one order, by offset. */
public final class Paging {

    private Paging() {
    }

    /**
     * Page {@code startIndex}/{@code count} (1-based) of the source read backwards: the matching window of the
     * source's own order, read once and reversed, so a descending page costs one ascending read.
     *
     * @param read reads {@code max} items from offset {@code first} in the source's order
     */
    public static <T> List<T> descending(long total, int startIndex, int count, BiFunction<Integer, Integer, List<T>> read) {
        long end = total - (startIndex - 1);
        long first = Math.max(0, end - count);
        List<T> window = new ArrayList<>(read.apply((int) first, (int) (end - first)));
        Collections.reverse(window);
        return window;
    }
}
