package org.newskeeper.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.check.AddressPolicy;
import org.newskeeper.demo.DemoSite;
import org.newskeeper.demo.WebDouble;
import org.newskeeper.history.Database;
import org.newskeeper.history.MutableClock;
import org.newskeeper.history.RunProblem;
import org.newskeeper.history.RunStage;
import org.newskeeper.history.Stage;
import org.newskeeper.history.WarcAudits;
import org.newskeeper.report.Report;
import org.newskeeper.rules.RuleSettings;
import org.newskeeper.warc.PackOptions;
import org.newskeeper.warc.Problem;
import org.newskeeper.warc.Verifier;

/**
 * The nightly's rolling verify audit over simulated nights (a test clock): each night one article
 * changes, so pack writes a WARC file whose captures are revisits of older files' payloads.
 */
class NightlyAuditTest {
    static final Duration AUDIT_EVERY = Duration.ofDays(30);
    static final String[] EDITED = {"rfi/1100101.md", "voa/5510301.md", "cdt/332801.md", "bbc/world-53470962.md"};

    @TempDir
    Path dir;
    Path corpus;
    Path checks;
    Path out;
    WebDouble site;
    MutableClock clock = MutableClock.ticking(Instant.parse("2026-11-20T02:00:00Z"));

    @BeforeEach
    void setUp() throws IOException {
        corpus = dir.resolve("corpus");
        checks = dir.resolve("checks");
        out = dir.resolve("out");
        NightlyTest.copy(Path.of("examples", "corpus"), corpus);
        site = DemoSite.start(corpus, List.of());
    }

    @AfterEach
    void tearDown() {
        site.close();
    }

    NightlyOptions options() {
        PackOptions pack = PackOptions.builder(corpus).out(out).database(checks.resolve("links.sqlite"))
                .capture(true).hostMap(site.hostMap()).addressPolicy(AddressPolicy.ALLOW_PRIVATE).build();
        return new NightlyOptions(checks, RuleSettings.defaults(), pack, clock).withAuditEvery(AUDIT_EVERY);
    }

    /** Night {@code n}: one article gets a new paragraph (a new WARC file tonight), then the nightly runs a day later. */
    NightlyResult night(int n, Duration after) throws IOException {
        if (n > 1) {
            Path f = corpus.resolve(EDITED[n % EDITED.length]);
            Files.writeString(f, Files.readString(f) + "\n<p>night " + n + "</p>\n", StandardCharsets.UTF_8);
            Files.setLastModifiedTime(f, FileTime.from(clock.instant()));
        }
        clock.advance(after);
        return new Nightly(options(), Nightly.NO_LINK_CHECKER, NightlyListener.QUIET).run();
    }

    static List<RunProblem> verifyProblems(NightlyResult r) {
        return r.report().problems().stream().filter(p -> p.stage() == Stage.VERIFY).toList();
    }

    static Set<String> writtenTonight(NightlyResult r) throws IOException {
        RunStage pack = r.report().run().stages().stream().filter(s -> s.name() == Stage.PACK).findFirst().orElseThrow();
        Set<String> names = new HashSet<>();
        new ObjectMapper().readTree(pack.data()).path("warcs").forEach(w -> names.add(w.asText()));
        return names;
    }

    static Set<String> readTonight(NightlyResult r) {
        Set<String> read = new HashSet<>();
        r.report().archives().stream().filter(Report.Archive::readTonight).forEach(a -> read.add(a.file()));
        return read;
    }

    List<Path> warcsOnDisk() throws IOException {
        return Verifier.warcFiles(List.of(out));
    }

    Map<String, WarcAudits.Audit> audits() throws IOException {
        try (Database db = Database.open(checks.resolve("links.sqlite"))) {
            return new WarcAudits(db).all();
        }
    }

    @Test
    void overThirtyFiveNightsEveryWarcFileIsVerifiedInFullWithinAuditEveryReadingOnlyTonightsFilesAndTheSlice()
            throws IOException {
        Map<String, Instant> lastVerified = Map.of();
        int reads = 0;
        for (int n = 1; n <= 35; n++) {
            NightlyResult r = night(n, Duration.ofHours(24));
            Instant now = clock.instant();

            assertThat(verifyProblems(r)).as("night %d", n).isEmpty();
            assertThat(r.exitCode()).as("night %d", n).isIn(NightlyResult.OK, NightlyResult.NEW_PROBLEMS);
            List<Path> warcs = warcsOnDisk();
            assertThat(r.report().archives()).as("night %d", n).hasSize(warcs.size());
            Map<String, WarcAudits.Audit> audits = audits();
            for (Path w : warcs) {
                WarcAudits.Audit a = audits.get(RollingAudit.WarcFile.key(w));
                assertThat(a).as("night %d: %s", n, w).isNotNull();
                assertThat(a.verified()).as("night %d: %s", n, w).isAfter(now.minus(AUDIT_EVERY));
                assertThat(a.clean()).isTrue();
            }
            // tonight's files are read, and of the others only those verified longest ago
            Set<String> tonight = writtenTonight(r);
            Set<String> read = readTonight(r);
            if (n > 1) {
                assertThat(tonight).as("night %d writes a WARC", n).hasSize(1);
            }
            assertThat(read).containsAll(tonight);
            Map<String, Instant> before = lastVerified;
            List<Instant> readOld = read.stream().filter(f -> !tonight.contains(f)).map(before::get).toList();
            List<Instant> notRead = r.report().archives().stream().filter(a -> !a.readTonight())
                    .map(a -> before.get(a.file())).toList();
            for (Instant o : readOld) {
                for (Instant u : notRead) {
                    assertThat(o).as("night %d reads the files verified longest ago", n).isBeforeOrEqualTo(u);
                }
            }
            if (n > 1) {
                // the older files the archive's pace (its bytes over 28.5 nights) needs tonight, and those due by age
                assertThat(readOld.size()).as("night %d", n).isBetween(0, 3);
                reads += read.size();
            }
            lastVerified = new java.util.HashMap<>();
            for (Report.Archive a : r.report().archives()) {
                lastVerified.put(a.file(), a.lastVerified().orElseThrow());
            }
        }
        // 34 nights over 2 to 35 files: a full verify would have read 629 files; the audit reads about a twentieth
        assertThat(reads).isLessThan(34 * 4);

        // verify on its own still reads everything it is given
        StringWriter stdout = new StringWriter();
        int code = org.newskeeper.cli.Main.run(new PrintWriter(stdout), new PrintWriter(new StringWriter()), "verify",
                out.toString(), "--corpus", corpus.toString(), "--strict", "--format", "json");
        JsonNode json = new ObjectMapper().readTree(stdout.toString());
        assertThat(code).isZero();
        assertThat(json.path("files")).hasSize(warcsOnDisk().size());
        assertThat(warcsOnDisk()).hasSize(35);
    }

    @Test
    void aCorruptedOldWarcIsCaughtByTheAuditWithinTheWindowAndStaysReportedUntilItVerifiesClean() throws IOException {
        for (int n = 1; n <= 3; n++) {
            night(n, Duration.ofHours(24));
        }
        Path oldest = warcsOnDisk().get(0);
        Instant verifiedAt = audits().get(RollingAudit.WarcFile.key(oldest)).verified();
        // bit rot: one byte in the middle, same size, same modification time
        FileTime mtime = Files.getLastModifiedTime(oldest);
        try (RandomAccessFile f = new RandomAccessFile(oldest.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x55);
        }
        Files.setLastModifiedTime(oldest, mtime);
        List<Problem> expected = Verifier.verify(List.of(out), Optional.of(corpus), true).problems().stream()
                .filter(p -> p.file().equals(oldest.toString())).toList();
        assertThat(expected).isNotEmpty();

        NightlyResult caught = null;
        int n = 4;
        for (; n <= 40 && caught == null; n++) {
            NightlyResult r = night(n, Duration.ofHours(24));
            if (verifyProblems(r).stream().anyMatch(p -> p.file().equals(oldest.toString()))) {
                caught = r;
            }
        }

        assertThat(caught).as("caught within 40 nights").isNotNull();
        assertThat(caught.report().run().started()).isBefore(verifiedAt.plus(AUDIT_EVERY));
        assertThat(verifyProblems(caught).stream().filter(p -> p.file().equals(oldest.toString()))
                .map(p -> p.kind() + ": " + p.message()).toList())
                .isEqualTo(expected.stream().map(p -> p.check() + ": " + p.message()).toList());
        assertThat(caught.exitCode()).isEqualTo(NightlyResult.NEW_PROBLEMS);
        assertThat(caught.report().archives()).filteredOn(a -> a.file().equals(oldest.getFileName().toString()))
                .singleElement().satisfies(a -> assertThat(a.result()).contains(WarcAudits.PROBLEMS));

        // a damaged file is read every night until it verifies clean: still reported, no longer new
        NightlyResult next = night(n, Duration.ofHours(24));
        assertThat(readTonight(next)).contains(oldest.getFileName().toString());
        assertThat(verifyProblems(next)).filteredOn(p -> p.file().equals(oldest.toString())).hasSize(expected.size());
        assertThat(next.report().changes().newProblems()).isEmpty();
    }

    @Test
    void aFileWhoseLastFullVerificationIsOlderThanAuditEveryIsAnOverdueAuditProblem() throws IOException {
        for (int n = 1; n <= 3; n++) {
            night(n, Duration.ofHours(24));
        }
        Instant before = audits().values().stream().map(WarcAudits.Audit::verified).min(Instant::compareTo).orElseThrow();

        // the job did not run for 40 days
        NightlyResult late = night(4, Duration.ofDays(40));

        List<RunProblem> overdue = verifyProblems(late).stream().filter(p -> p.kind().equals(Nightly.AUDIT_OVERDUE)).toList();
        Set<String> tonight = writtenTonight(late);
        assertThat(overdue).extracting(RunProblem::file).containsExactlyInAnyOrderElementsOf(
                warcsOnDisk().stream().filter(w -> !tonight.contains(w.getFileName().toString()))
                        .map(Path::toString).toList());
        assertThat(overdue).anySatisfy(p -> assertThat(p.message()).contains("last verified in full on " + before.truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS)));
        assertThat(overdue).allSatisfy(p -> assertThat(p.message()).contains("longer ago than audit_every (30d)"));
        assertThat(late.exitCode()).isEqualTo(NightlyResult.NEW_PROBLEMS);
        assertThat(late.report().archives()).filteredOn(Report.Archive::overdue).hasSize(overdue.size());
        assertThat(late.report().archives()).allMatch(Report.Archive::readTonight);
        String json = Files.readString(late.runDir().resolve("report.json"));
        assertThat(json).contains("\"archives\"").contains("\"last_verified\"").contains("audit-overdue");
        assertThat(Files.readString(late.runDir().resolve("report.md"))).contains("WARC files: last full verification")
                .contains("(audit overdue)");
        assertThat(Files.readString(late.runDir().resolve("report.html"))).contains("Last verified in full")
                .contains("audit-overdue");

        // caught up: the next night nothing is overdue
        NightlyResult next = night(5, Duration.ofHours(24));
        assertThat(verifyProblems(next)).isEmpty();
        assertThat(next.exitCode()).isZero();
    }

    @Test
    void aDatabaseFromBeforeTheAuditOpensAndVerifiesEveryFileOnce() throws IOException {
        night(1, Duration.ofHours(24));
        night(2, Duration.ofHours(24));
        try (Database db = Database.open(checks.resolve("links.sqlite"));
                java.sql.Statement s = db.connection().createStatement()) {
            s.execute("DROP TABLE warc_audit");
        } catch (java.sql.SQLException e) {
            throw new IOException(e);
        }

        NightlyResult r = night(3, Duration.ofHours(24));

        assertThat(verifyProblems(r)).isEmpty();
        assertThat(r.report().archives()).hasSize(3).allMatch(Report.Archive::readTonight);
        assertThat(night(4, Duration.ofHours(24)).report().archives()).filteredOn(Report.Archive::readTonight).hasSizeLessThan(4);
    }

    @Test
    void anArticleChangedAfterPackIsFoundByTonightsFixityWithoutReadingTheUnchangedOnes() throws IOException {
        for (int n = 1; n <= 2; n++) {
            night(n, Duration.ofHours(24));
        }
        Path changed = corpus.resolve("dw/54000001.md");
        NightlyListener changeAtVerify = new NightlyListener() {
            @Override
            public void stageStarted(Stage stage, long total) {
                if (stage == Stage.VERIFY && total < 0) {
                    try {
                        Files.writeString(changed, Files.readString(changed) + "\n<p>after pack</p>\n");
                        Files.setLastModifiedTime(changed, FileTime.from(clock.instant().plusSeconds(5)));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
        };
        clock.advance(Duration.ofHours(24));
        NightlyResult r = new Nightly(options(), Nightly.NO_LINK_CHECKER, changeAtVerify).run();

        assertThat(verifyProblems(r)).extracting(RunProblem::file, RunProblem::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(changed.toString(), "changed"));
    }

    @Test
    void anArticleChangedKeepingItsSizeAndTimeIsFoundWhenItsWarcIsAuditedAndStaysReported() throws IOException {
        for (int n = 1; n <= 3; n++) {
            night(n, Duration.ofHours(24));
        }
        // bit rot in an article archived on night 1 only: other bytes, same size and modification time
        Path rotten = corpus.resolve("dw/54000001.md");
        FileTime mtime = Files.getLastModifiedTime(rotten);
        byte[] bytes = Files.readAllBytes(rotten);
        int at = bytes.length / 2;
        bytes[at] = (byte) (bytes[at] == 'x' ? 'y' : 'x');
        Files.write(rotten, bytes);
        Files.setLastModifiedTime(rotten, mtime);

        NightlyResult caught = null;
        int n = 4;
        for (; n <= 40 && caught == null; n++) {
            NightlyResult r = night(n, Duration.ofHours(24));
            if (verifyProblems(r).stream().anyMatch(p -> p.file().equals(rotten.toString()))) {
                caught = r;
            }
        }

        assertThat(caught).as("caught within 40 nights").isNotNull();
        assertThat(caught.report().run().started()).isBefore(Instant.parse("2026-11-21T02:00:00Z").plus(AUDIT_EVERY));
        assertThat(verifyProblems(caught)).extracting(RunProblem::file, RunProblem::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(rotten.toString(), "changed"));
        NightlyResult next = night(n, Duration.ofHours(24));
        assertThat(verifyProblems(next)).extracting(RunProblem::file, RunProblem::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(rotten.toString(), "changed"));
        assertThat(next.report().changes().newProblems()).isEmpty();
    }
}
