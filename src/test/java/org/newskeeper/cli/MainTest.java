package org.newskeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void unknownOptionIsAUsageErrorWithExitCodeTwo() {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "--no-such-flag");
        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("--no-such-flag");
    }

    @Test
    void aUsageErrorOfASubcommandIsOneLineNamingTheCommand() {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "verify", "--format", "xml");
        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(err.toString()).startsWith("newskeeper verify: ").contains("xml").contains("--help");
    }

    @Test
    void versionNamesTheSoftware() {
        StringWriter out = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--version");
        assertThat(code).isZero();
        assertThat(out.toString()).startsWith("newskeeper ");
    }

    @Test
    void bareNewskeeperPrintsUsageAndExitsTwo() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err));
        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("Usage: newskeeper").contains("check").contains("nightly");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void helpStillExitsZero() {
        StringWriter out = new StringWriter();
        assertThat(Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--help")).isZero();
        assertThat(out.toString()).contains("Usage: newskeeper");
    }

    @Test
    void countsAgreeWithTheirNouns() {
        assertThat(org.newskeeper.Counts.of(1, "WARC file", "WARC files")).isEqualTo("1 WARC file");
        assertThat(org.newskeeper.Counts.of(0, "article", "articles")).isEqualTo("0 articles");
        assertThat(org.newskeeper.Counts.of(2, "article", "articles")).isEqualTo("2 articles");
    }

    @Test
    void aStageOfUnknownLengthShowsASpinnerAndItsCountNotAQuestionMarkPercentage() throws Exception {
        java.util.List<String> frames = new java.util.concurrent.CopyOnWriteArrayList<>();
        me.tongfei.progressbar.ProgressBarConsumer consumer = new me.tongfei.progressbar.ProgressBarConsumer() {
            @Override
            public int getMaxRenderedLength() {
                return 100;
            }

            @Override
            public void accept(String rendered) {
                frames.add(rendered);
            }

            @Override
            public void close() {
            }
        };
        try (me.tongfei.progressbar.ProgressBar bar = new me.tongfei.progressbar.ProgressBarBuilder().setTaskName("links")
                .setInitialMax(-1).setRenderer(Spinner.renderer(false)).setConsumer(consumer).setUpdateIntervalMillis(10)
                .build()) {
            bar.stepTo(7);
            String unknown = awaitFrame(frames, " 7");
            assertThat(unknown).doesNotContain("?").contains(" 7").containsPattern("[|/\\-]");
            bar.maxHint(10);
            frames.clear();
            bar.step();
            assertThat(awaitFrame(frames, "8/10")).contains("80%").contains("8/10");
        }
        assertThat(Spinner.frame(0)).isEqualTo('|');
        assertThat(Spinner.frame(200)).isEqualTo('/');
    }

    /**
     * The latest frame once one shows {@code expected} (or the latest after 2 s): the bar renders on
     * its own thread, so a frame drawn just before the step may come first.
     */
    private static String awaitFrame(java.util.List<String> frames, String expected) throws InterruptedException {
        for (int i = 0; i < 200 && (frames.isEmpty() || !frames.get(frames.size() - 1).contains(expected)); i++) {
            Thread.sleep(10);
        }
        assertThat(frames).isNotEmpty();
        return frames.get(frames.size() - 1);
    }
}
