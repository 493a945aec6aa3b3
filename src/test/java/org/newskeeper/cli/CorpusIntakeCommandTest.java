package org.newskeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.Fixtures;
import org.newskeeper.SpecialFiles;

/** What each command lets in from the corpus it is given. */
class CorpusIntakeCommandTest {
    private static final String SECRET = "outside-secret-2b7d";

    @TempDir
    Path work;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    private Path corpus() throws IOException {
        Path dir = Files.createDirectories(work.resolve("corpus/rfi"));
        Files.writeString(dir.resolve("1.md"), "<!--1690379102000-->\n[标题](https://www.rfi.fr/cn/1)\n------\n\n<p>正文</p>\n");
        Files.writeString(dir.resolve("2.md"), "<!--1690379103000-->\n[title](https://www.rfi.fr/cn/2)\n------\n\n<p>body</p>\n");
        return work.resolve("corpus");
    }

    private void assertUsageError(int code, String... parts) {
        assertThat(code).as(err.toString()).isEqualTo(Main.USAGE);
        assertThat(err.toString().strip()).doesNotContain("\n").contains(parts);
    }

    @Test
    void checkOfTheSharedCorpusDoesNotFailBecauseOfItsReadme() {
        Optional<Path> shared = Fixtures.sharedCorpus();
        Assumptions.assumeTrue(shared.isPresent(), "shared corpus absent (property newskeeper.sharedCorpus): test skipped");
        int code = run("check", shared.get().toString());
        assertThat(out.toString()).doesNotContain("README.md");
        assertThat(code).as(out.toString().lines().skip(Math.max(0, out.toString().lines().count() - 3)).toList().toString())
                .isEqualTo(Main.OK);
    }

    @Test
    void anEmptyMissingOrUnreadableCorpusIsAUsageErrorForEveryCommand() throws IOException {
        Path empty = Files.createDirectories(work.resolve("empty"));
        Files.writeString(empty.resolve("README.md"), "# only a readme\n");
        Path missing = work.resolve("missing");
        String db = work.resolve("db.sqlite").toString();
        String out = work.resolve("out").toString();
        for (Path corpus : List.of(empty, missing)) {
            String what = corpus == empty ? "no articles" : "no such";
            assertUsageError(run("check", corpus.toString()), corpus.toString(), what);
            assertUsageError(run("links", corpus.toString(), "--db", db), corpus.toString(), what);
            assertUsageError(run("pack", corpus.toString(), "--out", out, "--db", db), corpus.toString(), what);
            assertUsageError(run("nightly", corpus.toString(), "--checks", work.resolve("checks").toString(), "--out", out),
                    corpus.toString(), what);
        }
        assertThat(work.resolve("checks")).doesNotExist();
        assertThat(work.resolve("out")).doesNotExist();

        Path warcs = packed();
        assertUsageError(run("verify", warcs.toString(), "--corpus", empty.toString()), "--corpus", "no articles");
        assertUsageError(run("verify", warcs.toString(), "--corpus", missing.toString()), "--corpus", "no such directory");
    }

    @Test
    void anUnreadableCorpusIsAUsageErrorForEveryCommand() throws IOException {
        String db = work.resolve("db.sqlite").toString();
        String out = work.resolve("out").toString();
        Path locked = Files.createDirectories(work.resolve("locked"));
        Files.writeString(locked.resolve("a.md"), "x");
        Files.setPosixFilePermissions(locked, java.util.Set.of());
        try {
            Assumptions.assumeFalse(Files.isReadable(locked), "running as root: cannot make a folder unreadable; test skipped");
            assertUsageError(run("check", locked.toString()), locked.toString());
            assertUsageError(run("links", locked.toString(), "--db", db), locked.toString());
            assertUsageError(run("pack", locked.toString(), "--out", out, "--db", db), locked.toString());
            assertUsageError(run("nightly", locked.toString(), "--checks", work.resolve("checks").toString()), locked.toString());
        } finally {
            Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }

    private Path packed() throws IOException {
        Path outDir = work.resolve("packed");
        assertThat(run("pack", corpus().toString(), "--out", outDir.toString(), "--db", work.resolve("p.sqlite").toString()))
                .as(err.toString()).isZero();
        return outDir;
    }

    @Test
    void aFileNamedOnTheCommandLineThatIsNotAnArticleIsReportedAsSuchNeverArchived() throws IOException {
        Path notes = Files.writeString(work.resolve("notes.txt"), "buy milk\n");
        Path readme = Files.writeString(work.resolve("README.md"), "# A readme\n\nSome words.\n");
        String db = work.resolve("db.sqlite").toString();
        Path outDir = work.resolve("out");

        assertUsageError(run("pack", notes.toString(), "--out", outDir.toString(), "--db", db), notes.toString(),
                "not an article");
        assertUsageError(run("pack", readme.toString(), "--out", outDir.toString(), "--db", db), readme.toString(),
                "not an article");
        assertThat(outDir).doesNotExist();

        assertUsageError(run("links", notes.toString(), "--db", db), notes.toString(), "not an article");

        assertThat(run("check", notes.toString())).isEqualTo(Main.PROBLEMS);
        assertThat(out.toString()).contains("notes.txt:0: error [not-an-article]").contains("not a .md file");
        assertThat(run("check", readme.toString())).isEqualTo(Main.PROBLEMS);
        assertThat(out.toString()).contains("[not-an-article]").contains("not an article in any dialect")
                .doesNotContain("[timestamp-missing]");
    }

    @Test
    void aBadMaxShrinkIsAUsageErrorNamingTheKeyAndNothingIsCreated() throws IOException {
        Path corpus = corpus();
        for (String value : List.of("2", "\"lots\"", "-0.1")) {
            Path toml = Files.writeString(work.resolve("s.toml"), "[nightly]\nmax_shrink = " + value + "\n");
            assertUsageError(run("nightly", corpus.toString(), "--checks", work.resolve("checks").toString(), "--out",
                    work.resolve("out").toString(), "--config", toml.toString(), "--allow-shrink"), "s.toml [nightly] max_shrink");
        }
        assertThat(work.resolve("checks")).doesNotExist();
    }

    @Test
    void excludeLeavesFilesOutOfCheckPackAndFixityAlike() throws IOException {
        Path corpus = corpus();
        Files.createDirectories(corpus.resolve("drafts"));
        Files.writeString(corpus.resolve("drafts/d.md"), "not finished");
        assertThat(run("check", corpus.toString(), "--exclude", "drafts/**")).isZero();
        assertThat(out.toString()).contains("2 files checked").doesNotContain("drafts");

        Path outDir = work.resolve("out");
        assertThat(run("pack", corpus.toString(), "--out", outDir.toString(), "--db", work.resolve("db.sqlite").toString(),
                "--exclude", "drafts/**")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("packed 2 articles, 0 unchanged; 0 captures, 0 revisits, 0 not captured;"
                + " 1 WARC file written");
        assertThat(run("verify", outDir.toString(), "--corpus", corpus.toString(), "--exclude", "drafts/**")).isZero();
        // without the exclusion the draft is an article missing from the archive
        assertThat(run("verify", outDir.toString(), "--corpus", corpus.toString())).isEqualTo(Main.PROBLEMS);
        assertThat(out.toString()).contains("drafts/d.md");

        Path toml = Files.writeString(work.resolve("n.toml"), "[corpus]\nexclude = [\"drafts/**\", \"rfi/2.md\"]\n");
        assertThat(run("check", corpus.toString(), "--config", toml.toString())).isZero();
        assertThat(out.toString()).contains("1 file checked");
        assertUsageError(run("check", corpus.toString(), "--exclude", "{rfi"), "--exclude");
    }

    @Test
    void aFifoADevZeroLinkAndALinkOutsideTheCorpusAreFindingsAndPackFinishesWithoutThem() throws IOException {
        Path corpus = corpus();
        Path outside = Files.writeString(work.resolve("outside.md"), "<!--1690379102000-->\n[" + SECRET
                + "](https://www.rfi.fr/cn/s)\n------\n\n<p>" + SECRET + "</p>\n");
        Files.createSymbolicLink(corpus.resolve("rfi/secret.md"), outside);
        boolean zero = Files.exists(Path.of("/dev/zero"));
        if (zero) {
            Files.createSymbolicLink(corpus.resolve("rfi/zero.md"), Path.of("/dev/zero"));
        }
        boolean fifo = SpecialFiles.mkfifo(corpus.resolve("rfi/x.md"));

        int check = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run("check", corpus.toString()));
        assertThat(check).isEqualTo(Main.PROBLEMS);
        assertThat(out.toString()).contains("rfi/secret.md:0: error [unreadable]").contains("outside the corpus");
        if (zero) {
            assertThat(out.toString()).contains("rfi/zero.md:0: error [unreadable]");
        }
        if (fifo) {
            assertThat(out.toString()).contains("rfi/x.md:0: error [unreadable]");
        }

        Path outDir = work.resolve("out");
        int pack = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run("pack", corpus.toString(), "--out",
                outDir.toString(), "--db", work.resolve("db.sqlite").toString()));
        assertThat(pack).as(err.toString()).isZero();
        assertThat(out.toString()).contains("packed 2 article");
        assertThat(err.toString()).contains("rfi/secret.md: not packed");
        try (Stream<Path> s = Files.list(outDir)) {
            for (Path w : s.filter(p -> p.getFileName().toString().endsWith(".warc.gz")).toList()) {
                assertThat(gunzip(w)).doesNotContain(SECRET).doesNotContain("rfi/zero.md").doesNotContain("rfi/x.md");
            }
        }
        int verify = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> run("verify", outDir.toString(), "--corpus", corpus.toString()));
        assertThat(verify).as(out.toString()).isZero();

        Path toml = Files.writeString(work.resolve("follow.toml"), "[corpus]\nfollow_symlinks_outside = true\n");
        run("check", corpus.toString(), "--config", toml.toString());
        assertThat(out.toString()).doesNotContain("outside the corpus");
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toString(StandardCharsets.UTF_8);
        }
    }
}
