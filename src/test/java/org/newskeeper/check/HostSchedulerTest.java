package org.newskeeper.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HostSchedulerTest {
    @Test
    void aBusyHostDoesNotHoldBackWorkOfAnotherHost() throws Exception {
        HostScheduler<String> s = new HostScheduler<>(1);
        for (int i = 0; i < 5; i++) {
            s.add("busy.example", "busy-" + i);
        }
        s.add("other.example", "other-0");
        assertThat(s.take().task()).isEqualTo("busy-0");
        assertThat(s.take().task()).as("busy.example is at its limit: the other host goes first").isEqualTo("other-0");
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return s.take().task();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        assertThat(waiting).as("no host may start another task").isNotDone();
        s.done("busy.example");
        assertThat(waiting.get(2, TimeUnit.SECONDS)).isEqualTo("busy-1");
    }

    @Test
    void takeEndsWhenEveryTaskWasHandedOutAndNoMoreWillCome() throws Exception {
        HostScheduler<String> s = new HostScheduler<>(2);
        s.add("a.example", "a");
        s.close();
        assertThat(s.take().task()).isEqualTo("a");
        assertThat(s.take()).isNull();
    }

    @Test
    void aWorkerWaitingForWorkTakesATaskAddedLaterAndEndsAtClose() throws Exception {
        HostScheduler<String> s = new HostScheduler<>(2);
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                StringBuilder got = new StringBuilder();
                for (HostScheduler.Ticket<String> t; (t = s.take()) != null; ) {
                    got.append(t.task()).append(' ');
                    s.done(t.host());
                }
                return got.toString().strip();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        assertThat(waiting).as("no task yet, not closed: the worker waits").isNotDone();
        s.add("a.example", "a");
        s.add("b.example", "b");
        Thread.sleep(50);
        assertThat(waiting).as("not closed: the worker waits for more").isNotDone();
        s.close();
        assertThat(waiting.get(2, TimeUnit.SECONDS)).isEqualTo("a b");
    }
}
