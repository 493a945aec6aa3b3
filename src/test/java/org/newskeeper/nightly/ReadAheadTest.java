package org.newskeeper.nightly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReadAheadTest {
    @Test
    void itemsComeInTheSourcesOrderAcrossBatches() {
        List<Integer> got = new ArrayList<>();
        try (ReadAhead<Integer> ahead = new ReadAhead<>(IntStream.range(0, 1_000).iterator(), 2, "test-read")) {
            ahead.forEachRemaining(got::add);
        }
        assertThat(got).containsExactlyElementsOf(IntStream.range(0, 1_000).boxed().toList());
    }

    @Test
    void whatTheSourceThrowsReachesTheReaderAfterTheItemsBeforeIt() {
        Iterator<Integer> failing = IntStream.range(0, 200).mapToObj(i -> {
            if (i == 150) {
                throw new UncheckedIOException(new java.io.IOException("rfi/150.md: cannot be read"));
            }
            return i;
        }).iterator();
        List<Integer> got = new ArrayList<>();
        try (ReadAhead<Integer> ahead = new ReadAhead<>(failing, 2, "test-read")) {
            assertThatThrownBy(() -> ahead.forEachRemaining(got::add)).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("rfi/150.md");
        }
        assertThat(got).containsExactlyElementsOf(IntStream.range(0, 150).boxed().toList());
    }

    @Test
    void closingStopsTheSourceAFewBatchesAhead() throws InterruptedException {
        AtomicInteger made = new AtomicInteger();
        Iterator<Integer> endless = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                return made.incrementAndGet();
            }
        };
        ReadAhead<Integer> ahead = new ReadAhead<>(endless, 2, "test-read");
        assertThat(ahead.next()).isEqualTo(1);
        ahead.close();
        Thread.sleep(200);
        int stopped = made.get();
        Thread.sleep(200);
        assertThat(made.get()).as("no item made after close").isEqualTo(stopped)
                .as("at most the queue, the batch taken and the one being filled").isLessThanOrEqualTo(4 * 64 + 1);
    }
}
