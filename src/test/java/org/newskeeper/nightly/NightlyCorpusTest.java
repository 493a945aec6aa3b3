package org.newskeeper.nightly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.check.AddressPolicy;
import org.newskeeper.demo.DemoSite;
import org.newskeeper.demo.WebDouble;
import org.newskeeper.history.Database;
import org.newskeeper.history.MutableClock;
import org.newskeeper.history.RunStore;
import org.newskeeper.rules.RuleSettings;
import org.newskeeper.warc.PackOptions;

/** What the corpus lets into a nightly run: only regular article files inside it, and only a corpus that is there. */
class NightlyCorpusTest {
    private static final String SECRET = "outside-secret-6f1c0e";

    @TempDir
    Path dir;
    Path corpus;
    Path checks;
    WebDouble site;
    MutableClock clock = MutableClock.ticking(Instant.parse("2026-11-20T02:00:00Z"));

    @BeforeEach
    void setUp() throws IOException {
        corpus = dir.resolve("corpus");
        checks = dir.resolve("checks");
        NightlyTest.copy(Path.of("examples", "corpus"), corpus);
        site = DemoSite.start(corpus, List.of());
    }

    @AfterEach
    void tearDown() {
        site.close();
    }

    NightlyOptions options() {
        PackOptions pack = PackOptions.builder(corpus).out(dir.resolve("out")).database(checks.resolve("links.sqlite"))
                .capture(true).hostMap(site.hostMap()).addressPolicy(AddressPolicy.ALLOW_PRIVATE).build();
        return new NightlyOptions(checks, RuleSettings.defaults(), pack, clock);
    }

    NightlyResult night(NightlyOptions options) throws IOException {
        clock.advance(Duration.ofHours(24));
        return new Nightly(options, Nightly.NO_LINK_CHECKER, NightlyListener.QUIET).run();
    }

    @Test
    void aFifoADevZeroLinkAndALinkOutsideTheCorpusLeaveTheNightlyFinishingWithFindingsAndNothingOutsideInAnyWarc()
            throws Exception {
        Path outside = Files.writeString(dir.resolve("outside.md"), "<!--1690379102000-->\n[" + SECRET
                + "](https://www.rfi.fr/cn/secret)\n------\n\n<p>" + SECRET + "</p>\n");
        Files.createSymbolicLink(corpus.resolve("rfi/secret.md"), outside);
        if (Files.exists(Path.of("/dev/zero"))) {
            Files.createSymbolicLink(corpus.resolve("rfi/zero.md"), Path.of("/dev/zero"));
        }
        boolean fifo = org.newskeeper.SpecialFiles.mkfifo(corpus.resolve("rfi/x.md"));

        NightlyResult r = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> night(options()));

        assertThat(r.exitCode()).isEqualTo(NightlyResult.NEW_PROBLEMS);
        List<org.newskeeper.rules.Finding> unreadable;
        try (Database db = Database.open(checks.resolve("links.sqlite"))) {
            unreadable = new RunStore(db).findings(r.report().run().id()).stream()
                    .filter(f -> f.rule().equals("unreadable")).toList();
        }
        assertThat(unreadable).anySatisfy(f -> {
            assertThat(f.path()).isEqualTo("rfi/secret.md");
            assertThat(f.message()).contains("outside the corpus");
        });
        if (Files.exists(Path.of("/dev/zero"))) {
            assertThat(unreadable).anySatisfy(f -> assertThat(f.path()).isEqualTo("rfi/zero.md"));
        }
        if (fifo) {
            assertThat(unreadable).anySatisfy(f -> assertThat(f.path()).isEqualTo("rfi/x.md"));
        }
        assertThat(r.report().run().stages()).noneMatch(s -> s.state() == org.newskeeper.history.RunStage.State.FAILED);
        List<Path> warcs;
        try (Stream<Path> s = Files.list(dir.resolve("out"))) {
            warcs = s.filter(p -> p.getFileName().toString().endsWith(".warc.gz")).toList();
        }
        assertThat(warcs).isNotEmpty();
        for (Path w : warcs) {
            assertThat(gunzip(w)).as(w.toString()).doesNotContain(SECRET).doesNotContain("rfi/secret.md")
                    .doesNotContain("rfi/zero.md").doesNotContain("rfi/x.md");
        }
    }

    @Test
    void anEmptyCorpusIsRefusedAndNothingIsCreated() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("README.md"), "# not an article\n");
        PackOptions pack = PackOptions.builder(empty).out(dir.resolve("out")).database(checks.resolve("links.sqlite")).build();
        NightlyOptions options = new NightlyOptions(checks, RuleSettings.defaults(), pack, clock);
        assertThatThrownBy(() -> night(options)).isInstanceOf(Nightly.CorpusRefusedException.class)
                .hasMessageContaining("no articles");
        assertThat(checks).doesNotExist();
    }

    @Test
    void aCorpusThatShrankByMoreThanMaxShrinkIsRefusedRecordingNothingUnlessAllowed() throws IOException {
        assertThat(night(options()).report().summary().articles()).isEqualTo(13);
        // 2 of 13 gone (15 %) is under the default 20 %: the night runs
        delete(2);
        assertThat(night(options()).report().summary().articles()).isEqualTo(11);
        int runs = runs();

        delete(3); // 11 -> 8: 27 % gone
        assertThatThrownBy(() -> night(options())).isInstanceOf(Nightly.CorpusRefusedException.class)
                .hasMessageContaining("from 11 articles").hasMessageContaining("to 8 now").hasMessageContaining("max_shrink")
                .hasMessageContaining("--allow-shrink").hasMessageNotContaining("\n");
        assertThat(runs()).isEqualTo(runs);

        assertThatThrownBy(() -> night(options().withShrink(0.25, false))).isInstanceOf(Nightly.CorpusRefusedException.class);
        assertThat(night(options().withShrink(0.3, false)).report().summary().articles()).isEqualTo(8);
        assertThat(runs()).isEqualTo(runs + 1);

        delete(4); // 8 -> 4
        assertThat(night(options().withShrink(NightlyOptions.DEFAULT_MAX_SHRINK, true)).report().summary().articles())
                .isEqualTo(4);
    }

    private void delete(int n) throws IOException {
        List<Path> md;
        try (Stream<Path> s = Files.walk(corpus)) {
            md = s.filter(p -> p.toString().endsWith(".md")).sorted().limit(n).toList();
        }
        for (Path p : md) {
            Files.delete(p);
        }
    }

    private int runs() throws IOException {
        try (Database db = Database.open(checks.resolve("links.sqlite"))) {
            return new RunStore(db).runs().size();
        }
    }

    static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toString(StandardCharsets.UTF_8);
        }
    }
}
