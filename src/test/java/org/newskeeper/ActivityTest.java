package org.newskeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ActivityTest {
    @AfterEach
    void forget() {
        Activity.reset();
    }

    @Test
    void anOutOfMemoryErrorIsOneLineNamingTheStageAndTheFileBeingRead() {
        Activity.stage("pack");
        Activity.reading(Path.of("corpus/rfi/big.md"));
        String line = Activity.describe(new OutOfMemoryError("Java heap space"), Thread.currentThread());
        assertThat(line).startsWith("internal error in stage pack reading corpus/rfi/big.md: java.lang.OutOfMemoryError: Java heap space")
                .contains("NEWSKEEPER_JAVA_OPTS").doesNotContain("\n");
    }

    @Test
    void aFailureOnAnotherThreadNamesTheFileThatThreadWasReadingUnwrapped() throws Exception {
        Activity.stage("verify");
        Thread worker = new Thread(() -> Activity.reading(Path.of("out/a.warc.gz")));
        worker.start();
        worker.join();
        Throwable wrapped = new CompletionException(new UncheckedIOException(new java.io.IOException("disk\ngone")));
        assertThat(Activity.describe(wrapped, Thread.currentThread()))
                .isEqualTo("internal error in stage verify reading out/a.warc.gz: java.io.IOException: disk gone");
    }

    @Test
    void aFileWhoseReadingEndedIsNoLongerBlamedWhileAnotherIsBeingRead() {
        Activity.stage("check");
        Activity.reading(Path.of("a.md"));
        Activity.done();
        Thread other = new Thread(() -> Activity.reading(Path.of("b.md")));
        other.start();
        try {
            other.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(Activity.describe(new IllegalStateException("bug"), Thread.currentThread()))
                .contains("reading b.md").doesNotContain("a.md");
    }

    @Test
    void aNewStageForgetsTheFilesOfTheStageBefore() {
        Activity.stage("links");
        Activity.reading(Path.of("corpus/voa/1.md"));
        Activity.stage("pack");
        assertThat(Activity.describe(new OutOfMemoryError("Java heap space"), Thread.currentThread()))
                .startsWith("internal error in stage pack: ").doesNotContain("1.md");
    }

    @Test
    void aFileWhoseReadingEndedIsNamedAsTheLastOneReadNotAsTheOneBeingRead() {
        Activity.stage("pack");
        Activity.reading(Path.of("corpus/voa/2.md"));
        Activity.done();
        assertThat(Activity.describe(new OutOfMemoryError("Java heap space"), Thread.currentThread()))
                .startsWith("internal error in stage pack after reading corpus/voa/2.md: ");
    }
}
