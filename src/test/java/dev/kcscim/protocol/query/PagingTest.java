package dev.kcscim.protocol.query;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PagingTest {

    private static final int TOTAL = 1000;
    private static final List<Integer> SOURCE = IntStream.range(0, TOTAL).boxed().toList();
    private static final List<Integer> REVERSED = IntStream.range(0, TOTAL).map(i -> TOTAL - 1 - i).boxed().toList();

    /** Records each read as "f first max" or "b first max". */
    private final List<String> reads = new ArrayList<>();

    private final Paging.Reader<Integer> forward = (first, max) -> {
        reads.add("f " + first + " " + max);
        return SOURCE.subList(first, Math.min(TOTAL, first + max));
    };

    private final Paging.Reader<Integer> backward = (first, max) -> {
        reads.add("b " + first + " " + max);
        return REVERSED.subList(first, Math.min(TOTAL, first + max));
    };

    @Test
    void everyPageIsTheSameWhicheverEndItIsReadFrom() {
        for (boolean descending : new boolean[]{false, true}) {
            List<Integer> expected = descending ? REVERSED : SOURCE;
            for (int startIndex : new int[]{1, 2, 100, 499, 500, 501, 502, 900, 901, 950, 1000}) {
                for (int count : new int[]{1, 7, 100}) {
                    List<Integer> want = expected.subList(startIndex - 1, Math.min(TOTAL, startIndex - 1 + count));
                    for (Paging.Reader<Integer> back : java.util.Arrays.asList(backward, null)) {
                        assertEquals(want, Paging.page(TOTAL, startIndex, count, descending, forward, back), (back == null ? "forward only, " : "")
                                + "startIndex " + startIndex + " count " + count + (descending ? " descending" : ""));
                    }
                }
            }
        }
    }

    @Test
    void aPageNearTheEndIsReadFromTheEnd() {
        assertEquals(List.of(900, 901), Paging.page(TOTAL, 901, 2, false, forward, backward));
        assertEquals(List.of("b 98 2"), reads);
        reads.clear();
        assertEquals(SOURCE.subList(900, 1000), Paging.page(TOTAL, 901, 100, false, forward, backward));
        assertEquals(List.of("b 0 100"), reads);
        reads.clear();
        assertEquals(List.of(0, 1), Paging.page(TOTAL, 1, 2, false, forward, backward));
        assertEquals(List.of("f 0 2"), reads);
        reads.clear();
        // Descending, the first page is the end of the source.
        assertEquals(List.of(999, 998), Paging.page(TOTAL, 1, 2, true, forward, backward));
        assertEquals(List.of("b 0 2"), reads);
        reads.clear();
        assertEquals(List.of(1, 0), Paging.page(TOTAL, 999, 5, true, forward, backward));
        assertEquals(List.of("f 0 2"), reads);
    }

    @Test
    void pastTheEndOrNothingAskedIsEmptyWithoutAnyRead() {
        assertEquals(List.of(), Paging.page(TOTAL, 1001, 10, false, forward, backward));
        assertEquals(List.of(), Paging.page(TOTAL, 1, 0, true, forward, backward));
        assertEquals(List.of(), Paging.page(0, 1, 10, false, forward, backward));
        assertEquals(List.of(), reads);
    }

    @Test
    void sliceTakesTheOneBasedPageOfAListInMemory() {
        List<Integer> items = List.of(1, 2, 3, 4, 5);
        assertEquals(List.of(2, 3), Paging.slice(items, 2, 2));
        assertEquals(List.of(1, 2), Paging.slice(items, 0, 2), "a startIndex below 1 means 1");
        assertEquals(List.of(5), Paging.slice(items, 5, 10), "a page past the end is cut short");
        assertEquals(List.of(), Paging.slice(items, 6, 10));
        assertEquals(List.of(), Paging.slice(items, 1, 0), "count=0 gives no resources");
        assertEquals(List.of(1, 2, 3, 4, 5), Paging.slice(items, 1, Integer.MAX_VALUE), "no overflow");
    }
}
