package org.newskeeper.check;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.internal.concurrent.TaskRunner;
import okhttp3.internal.connection.ConnectionListener;

/**
 * A connection pool whose housekeeping (evicting idle connections past the keep-alive or beyond the
 * idle limit) runs at most once per {@link #CLEANUP_PERIOD_MILLIS}, not at every release.
 *
 * <p>OkHttp schedules its pool's clean-up at once whenever a connection goes back to the pool and
 * wakes (or starts) a thread for it, which walks every pooled connection: with a hundred requests
 * in flight that was a thread wake-up per request, about 7 % of a link run's CPU (docs/links.md,
 * "Benchmark"). Here the pool's task runner ignores those wake-up calls and its waiting thread looks
 * at its tasks on its own clock, at least every {@link #CLEANUP_PERIOD_MILLIS}: the clean-up still
 * runs, a little later, and at most a period's worth of new connections exceeds the idle limit.
 *
 * <p>Built on OkHttp's {@code internal.concurrent} task runner, whose constructor the public
 * {@link ConnectionPool} constructor takes: an OkHttp upgrade that changes it fails the build here,
 * not at run time.
 */
final class LazyCleanupPool {
    /** How late a clean-up may run after it was asked for. */
    static final long CLEANUP_PERIOD_MILLIS = 100;

    private LazyCleanupPool() {
    }

    /** A pool keeping up to {@code maxIdle} idle connections for {@code keepAliveSeconds}. */
    static ConnectionPool create(int maxIdle, long keepAliveSeconds) {
        return new ConnectionPool(maxIdle, keepAliveSeconds, TimeUnit.SECONDS,
                new TaskRunner(new Backend(), TaskRunner.Companion.getLogger()), ConnectionListener.Companion.getNONE());
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E rethrow(Throwable e) throws E {
        throw (E) e;
    }

    /** Runs the pool's tasks on daemon threads; wakes on its own clock only. */
    private static final class Backend implements TaskRunner.Backend {
        private final ThreadPoolExecutor executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "newskeeper-pool-cleaner");
                    t.setDaemon(true);
                    return t;
                });

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void coordinatorNotify(TaskRunner taskRunner) {
            // Not woken early: the waiting thread looks again within CLEANUP_PERIOD_MILLIS (coordinatorWait).
        }

        @Override
        public void coordinatorWait(TaskRunner taskRunner, long nanos) {
            long wait = Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(CLEANUP_PERIOD_MILLIS));
            if (wait > 0) {
                try {
                    // Called by the task runner while it holds its own monitor, as OkHttp's own backend does.
                    taskRunner.wait(wait / 1_000_000L, (int) (wait % 1_000_000L));
                } catch (InterruptedException e) {
                    // The task runner stops its tasks on it (Kotlin declares no checked exception here).
                    throw LazyCleanupPool.<RuntimeException>rethrow(e);
                }
            }
        }

        @Override
        public <T> BlockingQueue<T> decorate(BlockingQueue<T> queue) {
            return queue;
        }

        @Override
        public void execute(TaskRunner taskRunner, Runnable runnable) {
            executor.execute(runnable);
        }
    }
}
