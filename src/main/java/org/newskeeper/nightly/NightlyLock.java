package org.newskeeper.nightly;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The lock that keeps two nightly runs from sharing one checks folder: an operating-system lock on
 * {@code CHECKS/nightly.lock}. The kernel drops it when the process dies, however it dies, so a run
 * killed with SIGKILL never blocks the next one; the file's text (pid, start time) is only for the
 * message a refused run prints.
 */
public final class NightlyLock implements AutoCloseable {
    /** The lock file's name in the checks folder. */
    public static final String FILE = "nightly.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private NightlyLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of {@code checks}, or throws {@link LockedException} saying who holds it. */
    public static NightlyLock acquire(Path checks) throws IOException {
        Files.createDirectories(checks);
        Path file = checks.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            String holder = holder(ch);
            ch.close();
            throw new LockedException("another nightly run is using " + checks + " (lock file " + file
                    + (holder.isEmpty() ? "" : ", held by " + holder) + "); wait for it to finish");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " since " + Instant.now() + "\n")
                .getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(false);
        return new NightlyLock(ch, lock);
    }

    private static String holder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(200);
            ch.read(b, 0);
            return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** Another run holds the lock. */
    public static final class LockedException extends IOException {
        private static final long serialVersionUID = 1L;

        public LockedException(String message) {
            super(message);
        }
    }
}
