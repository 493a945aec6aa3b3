package org.newskeeper.nightly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.check.AddressPolicy;
import org.newskeeper.demo.DemoSite;
import org.newskeeper.demo.WebDouble;
import org.newskeeper.history.Database;
import org.newskeeper.history.MutableClock;
import org.newskeeper.history.Run;
import org.newskeeper.history.RunArticle;
import org.newskeeper.history.RunStage;
import org.newskeeper.history.RunStore;
import org.newskeeper.report.Report;
import org.newskeeper.rules.RuleSettings;
import org.newskeeper.warc.PackOptions;

class NightlyTest {
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
        copy(Path.of("examples", "corpus"), corpus);
        site = DemoSite.start(corpus, List.of());
    }

    @AfterEach
    void tearDown() {
        site.close();
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            s.forEach(p -> {
                try {
                    Path t = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(p, t);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    NightlyOptions options() {
        PackOptions pack = PackOptions.builder(corpus).out(dir.resolve("out")).database(checks.resolve("links.sqlite"))
                .capture(true).hostMap(site.hostMap()).addressPolicy(AddressPolicy.ALLOW_PRIVATE).build();
        return new NightlyOptions(checks, RuleSettings.defaults(), pack, clock);
    }

    NightlyResult night() throws IOException {
        clock.advance(Duration.ofHours(24));
        return new Nightly(options(), Nightly.NO_LINK_CHECKER, NightlyListener.QUIET).run();
    }

    @Test
    void aRunWritesEveryReportForTheRunAndAsLatest() throws IOException {
        NightlyResult r = night();

        assertThat(r.exitCode()).isEqualTo(NightlyResult.NEW_PROBLEMS);
        for (String f : List.of("report.html", "report.md", "report.json", "broken-links.csv", "junit.xml")) {
            assertThat(r.runDir().resolve(f)).isRegularFile();
            assertThat(checks.resolve("latest").resolve(f)).hasSameBinaryContentAs(r.runDir().resolve(f));
        }
        assertThat(r.runDir().getParent()).isEqualTo(checks.resolve("runs"));
        assertThat(r.report().summary().articles()).isEqualTo(13);
        assertThat(r.report().run().stages()).extracting(s -> s.name().id()).containsExactly("check", "links", "pack", "verify");
        assertThat(r.report().run().stages()).filteredOn(s -> s.name() == org.newskeeper.history.Stage.LINKS)
                .extracting(RunStage::state).containsExactly(RunStage.State.UNAVAILABLE);
        assertThat(r.report().problems()).noneMatch(p -> p.stage() == org.newskeeper.history.Stage.VERIFY);
        try (Stream<Path> tmp = Files.list(r.runDir())) {
            assertThat(tmp.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void theLinksStageWorksOnTheListingTheNightTookNotOnANewWalk() throws IOException {
        clock.advance(Duration.ofHours(24));
        List<List<org.newskeeper.corpus.CorpusFile>> given = new java.util.ArrayList<>();
        Nightly.LinkStage recording = new Nightly.LinkStage() {
            @Override
            public RunStage run(org.newskeeper.history.Run run, RunStore store, org.newskeeper.history.Database db,
                    java.time.Clock c, NightlyListener listener) {
                throw new AssertionError("the stage listed the corpus itself");
            }

            @Override
            public RunStage run(org.newskeeper.history.Run run, RunStore store, org.newskeeper.history.Database db,
                    java.time.Clock c, NightlyListener listener, List<org.newskeeper.corpus.CorpusFile> files)
                    throws IOException {
                given.add(files);
                return Nightly.NO_LINK_CHECKER.run(run, store, db, c, listener);
            }
        };
        NightlyResult r = new Nightly(options(), recording, NightlyListener.QUIET).run();

        assertThat(given).singleElement().satisfies(files -> {
            assertThat(files).hasSize(13).allSatisfy(f -> assertThat(f.listed()).isPresent());
            assertThat(files).extracting(org.newskeeper.corpus.CorpusFile::path).isSorted();
        });
        assertThat(r.report().summary().articles()).as("the check stage's count, from the same listing").isEqualTo(13);
    }

    @Test
    void aNightWhoseLinksStageFoundTheNetworkDownAsksNoPublicArchive() throws IOException {
        clock.advance(Duration.ofHours(24));
        Nightly.LinkStage offline = (run, store, db, c, listener) -> {
            Instant now = c.instant();
            RunStage stage = new RunStage(org.newskeeper.history.Stage.LINKS, RunStage.State.UNAVAILABLE, now, now, 0,
                    org.newskeeper.report.Report.NETWORK_UNAVAILABLE + " (every host refused)", "{}");
            store.completeLinks(run.id(), List.of(), stage);
            return stage;
        };
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        Nightly.ArchiveStage archives = (run, store, db, c, listener) -> {
            asked.incrementAndGet();
            throw new AssertionError("a public archive was asked on a night without network");
        };
        NightlyResult r = new Nightly(options(), offline, java.util.Optional.of(archives), NightlyListener.QUIET).run();

        assertThat(asked).hasValue(0);
        assertThat(r.exitCode()).isEqualTo(NightlyResult.FAILED);
        assertThat(r.report().run().stages()).filteredOn(s -> s.name() == org.newskeeper.history.Stage.ARCHIVES)
                .singleElement().satisfies(s -> {
                    assertThat(s.state()).isEqualTo(RunStage.State.SKIPPED);
                    assertThat(s.message()).startsWith(org.newskeeper.report.Report.NETWORK_UNAVAILABLE);
                });
    }

    @Test
    void reportsRegeneratedFromTheDatabaseAreTheOnesTheRunWrote() throws IOException {
        NightlyResult r = night();
        Map<String, byte[]> written = new TreeMap<>();
        for (String f : List.of("report.html", "report.md", "report.json", "broken-links.csv", "junit.xml")) {
            written.put(f, Files.readAllBytes(r.runDir().resolve(f)));
        }
        Files.delete(r.runDir().resolve("report.html"));

        int code = org.newskeeper.cli.Main.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                "report", "--checks", checks.toString());

        assertThat(code).isZero();
        for (Map.Entry<String, byte[]> e : written.entrySet()) {
            assertThat(r.runDir().resolve(e.getKey())).as(e.getKey()).hasBinaryContent(e.getValue());
        }
    }

    @Test
    void nothingChangedExitsZeroAndANewErrorExitsOne() throws IOException {
        assertThat(night().exitCode()).isEqualTo(1);
        assertThat(night().exitCode()).isEqualTo(0);

        Files.writeString(corpus.resolve("rfi").resolve("1100199.md"),
                "[无时间戳的文章](https://www.rfi.fr/cn/x)\n------\n\n<p>正文</p>\n", StandardCharsets.UTF_8);
        NightlyResult third = night();

        assertThat(third.exitCode()).isEqualTo(1);
        Report.Changes c = third.report().changes();
        assertThat(c.newArticles()).containsExactly("rfi/1100199.md");
        assertThat(c.newFindings()).allMatch(f -> f.path().equals("rfi/1100199.md"));
        assertThat(c.newErrors()).isPositive();
        assertThat(night().exitCode()).isEqualTo(0);
    }

    @Test
    void anInterruptedRunIsCompletedKeepingTheStagesThatHadEnded() throws IOException {
        String marker = "kept/from-the-first-attempt.md";
        try (Database db = Database.open(checks.resolve("links.sqlite"))) {
            RunStore store = new RunStore(db);
            Run run = store.begin(corpus.toAbsolutePath().normalize().toString(), "{}", clock.instant());
            Instant t = clock.instant();
            store.completeCheck(run.id(), List.of(new RunArticle(marker, "kept", "canonical", Optional.empty(),
                    Optional.empty(), Optional.empty(), 0, 0)), List.of(),
                    new RunStage(org.newskeeper.history.Stage.CHECK, RunStage.State.DONE, t, t, 1, "1 article", "{}"));
        }

        NightlyResult r = night();

        assertThat(r.resumed()).isTrue();
        assertThat(r.report().articles()).extracting(RunArticle::path).containsExactly(marker);
        assertThat(r.report().run().stages()).extracting(s -> s.name().id()).containsExactly("check", "links", "pack", "verify");
        try (Database db = Database.open(checks.resolve("links.sqlite"))) {
            RunStore store = new RunStore(db);
            assertThat(store.runs()).hasSize(1);
            assertThat(store.unfinished()).isEmpty();
        }
    }

    @Test
    void aStageThatFailsIsInTheReportsAndTheExitCodeIsThree() throws IOException {
        Files.writeString(dir.resolve("out"), "not a folder");

        NightlyResult r = night();

        assertThat(r.exitCode()).isEqualTo(NightlyResult.FAILED);
        RunStage pack = r.report().run().stages().stream().filter(s -> s.name() == org.newskeeper.history.Stage.PACK).findFirst().orElseThrow();
        assertThat(pack.state()).isEqualTo(RunStage.State.FAILED);
        assertThat(pack.message()).startsWith("failed: ").contains("out");
        assertThat(Files.readString(r.runDir().resolve("report.md"))).contains("| pack | failed |");
        assertThat(r.report().summary().articles()).isEqualTo(13);
    }

    @Test
    void onlyTheNewestRunsKeepTheirDetailsButTheHealthChartKeepsEveryRun() throws IOException {
        NightlyOptions keepTwo = new NightlyOptions(checks, RuleSettings.defaults(), options().pack(), clock, 2);
        List<NightlyResult> nights = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofHours(24));
            nights.add(new Nightly(keepTwo, Nightly.NO_LINK_CHECKER, NightlyListener.QUIET).run());
        }
        String first = nights.get(0).report().run().id();

        assertThat(nights.get(2).report().health()).hasSize(3);
        assertThat(nights.get(2).report().run().previous()).contains(nights.get(1).report().run().id());
        StringWriter err = new StringWriter();
        int code = org.newskeeper.cli.Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err),
                "report", "--checks", checks.toString(), "--run", first);
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("were pruned");
        assertThat(checks.resolve("runs").resolve(first).resolve("report.html")).isRegularFile();
    }

    @Test
    void aSecondConcurrentRunIsRefused() throws IOException {
        try (NightlyLock held = NightlyLock.acquire(checks)) {
            assertThatThrownBy(this::night).isInstanceOf(NightlyLock.LockedException.class)
                    .hasMessageContaining("another nightly run");
        }
        assertThat(night().exitCode()).isEqualTo(1);
    }
}
