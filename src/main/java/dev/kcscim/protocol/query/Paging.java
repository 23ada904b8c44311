package dev.kcscim.protocol.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Paging over a source that is read by offset, in one order and, where the store allows it, also in the reverse
 * order. A database answers {@code OFFSET n} by walking the n rows before the page, so a page near the end of a
 * large source costs far more than the first one; read from the other end, it is near the start again.
 */
public final class Paging {

    /** Reads {@code max} items from offset {@code first}; for a backward reader, offsets count from the end. */
    @FunctionalInterface
    public interface Reader<T> extends BiFunction<Integer, Integer, List<T>> {
    }

    private Paging() {
    }

    /**
     * Page {@code startIndex}/{@code count} (1-based) of a source of {@code total} items, in its order or reversed.
     * The page is read from whichever end is nearer when a backward reader is given, else forwards.
     *
     * @param forward  reads in the source's own order
     * @param backward reads in the reverse order, or null where the store cannot
     */
    public static <T> List<T> page(long total, int startIndex, int count, boolean descending, Reader<T> forward, Reader<T> backward) {
        long skipped = Math.max(0, startIndex - 1L);
        if (count <= 0 || skipped >= total) {
            return List.of();
        }
        // The window of the wanted page in the source's own order: [first, end).
        long first = descending ? Math.max(0, total - skipped - count) : skipped;
        long end = descending ? total - skipped : Math.min(total, skipped + count);
        long fromEnd = total - end;
        boolean readBackward = backward != null && fromEnd < first;
        List<T> window = new ArrayList<>(readBackward
                ? backward.apply((int) fromEnd, (int) (end - first))
                : forward.apply((int) first, (int) (end - first)));
        if (readBackward != descending) {
            Collections.reverse(window);
        }
        return window;
    }

    /** Page {@code startIndex}/{@code count} (1-based) of items already in memory and in order. */
    public static <T> List<T> slice(List<T> items, int startIndex, int count) {
        int from = (int) Math.min(items.size(), Math.max(0, startIndex - 1L));
        int to = (int) Math.min(items.size(), from + (long) Math.max(0, count));
        return items.subList(from, to);
    }
}
