package org.newskeeper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files Java cannot make by itself, for the tests of what a corpus may contain. */
public final class SpecialFiles {
    private SpecialFiles() {
    }

    /** Makes a FIFO (named pipe) with {@code mkfifo}; false where that is not possible (the test then skips). */
    public static boolean mkfifo(Path p) {
        try {
            Process proc = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
            return proc.waitFor() == 0 && Files.exists(p);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
