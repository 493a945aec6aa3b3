package org.newskeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackVerifyCommandTest {
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

    @Test
    void packWritesWarcsThatVerifyCleanAndSkipsUnchangedArticles() throws IOException {
        Path corpus = corpus();
        String outDir = work.resolve("out").toString();
        String db = work.resolve("db.sqlite").toString();
        assertThat(run("pack", corpus.toString(), "--out", outDir, "--db", db, "--prefix", "T", "--collection", "news",
                "--max-size", "100M", "--wacz")).isZero();
        assertThat(out.toString()).contains("packed 2 articles, 0 unchanged").contains("wrote ").contains("news.wacz");

        assertThat(run("pack", corpus.toString(), "--out", outDir, "--db", db, "--collection", "news")).isZero();
        assertThat(out.toString()).contains("packed 0 articles, 2 unchanged");

        assertThat(run("verify", outDir, "--corpus", corpus.toString())).isZero();
        assertThat(out.toString()).contains("1 file, 5 records, 0 problems");
    }

    @Test
    void verifyReportsProblemsWithFileAndOffsetAndExitsOne() throws IOException {
        Path corpus = corpus();
        String outDir = work.resolve("out").toString();
        run("pack", corpus.toString(), "--out", outDir, "--db", work.resolve("db.sqlite").toString());
        Files.writeString(corpus.resolve("rfi/2.md"), "changed");

        assertThat(run("verify", outDir, "--corpus", corpus.toString(), "--format", "json")).isEqualTo(Main.PROBLEMS);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.path("clean").asBoolean()).isFalse();
        assertThat(json.path("problems")).singleElement().satisfies(p -> {
            assertThat(p.path("check").asText()).isEqualTo("changed");
            assertThat(p.path("file").asText()).endsWith("2.md");
            assertThat(p.has("offset")).isTrue();
        });
    }

    @Test
    void badUsageExitsTwoWithOneLine() throws IOException {
        assertThat(run("verify", work.resolve("nothing-here").toString())).isEqualTo(Main.USAGE);
        assertThat(err.toString().strip()).contains("nothing-here").doesNotContain("\n");

        assertThat(run("verify", Files.createDirectories(work.resolve("empty")).toString())).isEqualTo(Main.USAGE);
        assertThat(run("verify", work.toString(), "--format", "xml")).isEqualTo(Main.USAGE);

        assertThat(run("pack", corpus().toString(), "--max-size", "huge", "--out", work.resolve("o").toString(),
                "--db", work.resolve("d.sqlite").toString())).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("huge");
        assertThat(run("pack", work.resolve("missing").toString())).isEqualTo(Main.USAGE);
        assertThat(run("pack", corpus().toString(), "--collection", "bad name", "--out", work.resolve("o").toString(),
                "--db", work.resolve("d.sqlite").toString())).isEqualTo(Main.USAGE);
    }

    @Test
    void operatorAndCollectionComeFromThePackTableOfTheConfig() throws IOException {
        Path corpus = corpus();
        Path config = work.resolve("newskeeper.toml");
        Files.writeString(config, "[pack]\noperator = \"Jane Archivist\"\ncollection = \"from-config\"\nprefix = \"CFG\"\n");
        Path outDir = work.resolve("out");
        assertThat(run("pack", corpus.toString(), "--out", outDir.toString(), "--db", work.resolve("db.sqlite").toString(),
                "--config", config.toString())).isZero();
        try (var s = Files.list(outDir)) {
            Path warc = s.filter(p -> p.getFileName().toString().endsWith(".warc.gz")).findFirst().orElseThrow();
            assertThat(warc.getFileName().toString()).startsWith("CFG-");
            byte[] bytes;
            try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(warc))) {
                bytes = in.readNBytes(2000);
            }
            String head = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            assertThat(head).contains("operator: Jane Archivist", "isPartOf: from-config");
        }
    }

    @Test
    void aBadValueInThePackTableNamesTheConfigFile() throws IOException {
        Path config = work.resolve("bad.toml");
        Files.writeString(config, "[pack]\nmax_size = \"lots\"\n");
        assertThat(run("pack", corpus().toString(), "--config", config.toString(), "--out", work.resolve("o").toString(),
                "--db", work.resolve("d.sqlite").toString())).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("bad.toml [pack]").contains("lots");
    }

    @Test
    void aFileWhereTheOutputDirectoryIsExpectedIsAUsageErrorNamingIt() throws IOException {
        Path afile = Files.writeString(work.resolve("afile"), "x");
        Path db = work.resolve("d.sqlite");
        assertThat(run("pack", corpus().toString(), "--out", afile.toString(), "--db", db.toString()))
                .isEqualTo(Main.USAGE);
        assertThat(err.toString().strip()).isEqualTo("newskeeper: WARC folder " + afile + ": not a directory");
        assertThat(db).doesNotExist();

        Path under = afile.resolve("sub");
        assertThat(run("pack", corpus().toString(), "--out", under.toString(), "--db", db.toString()))
                .isEqualTo(Main.USAGE);
        assertThat(err.toString().strip()).isEqualTo("newskeeper: WARC folder " + under + ": " + afile + " is not a directory");
    }

    @Test
    void aDatabaseUnderAFileIsAUsageErrorAndCreatesNothing() throws IOException {
        Path afile = Files.writeString(work.resolve("afile"), "x");
        Path outDir = work.resolve("out");
        Path db = afile.resolve("links.sqlite");
        assertThat(run("pack", corpus().toString(), "--out", outDir.toString(), "--db", db.toString()))
                .isEqualTo(Main.USAGE);
        assertThat(err.toString().strip()).isEqualTo("newskeeper: database " + db + ": " + afile + " is not a directory");
        assertThat(outDir).doesNotExist();
    }

    @Test
    void aDatabaseThatIsNotSqliteIsAUsageErrorAndLeavesNoOutputOrLock() throws IOException {
        Path garbage = Files.writeString(work.resolve("garbage.sqlite"), "this is not a database at all\n".repeat(50));
        byte[] before = Files.readAllBytes(garbage);
        Path outDir = work.resolve("out");
        assertThat(run("pack", corpus().toString(), "--out", outDir.toString(), "--db", garbage.toString()))
                .isEqualTo(Main.USAGE);
        assertThat(err.toString().strip()).isEqualTo("newskeeper: database " + garbage + ": not a SQLite database");
        assertThat(outDir).doesNotExist();
        assertThat(Files.readAllBytes(garbage)).isEqualTo(before);
        try (var s = Files.list(work)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("garbage.sqlite", "corpus");
        }
    }

    @Test
    void aMisspeltPackKeyIsRefusedNamingFileTableAndKey() throws IOException {
        Path config = Files.writeString(work.resolve("typo.toml"), "[pack]\ncolection = \"x\"\n");
        Path outDir = work.resolve("o");
        assertThat(run("pack", corpus().toString(), "--config", config.toString(), "--out", outDir.toString(),
                "--db", work.resolve("d.sqlite").toString())).isEqualTo(Main.USAGE);
        assertThat(err.toString().strip()).startsWith("newskeeper: " + config + " [pack]: unknown key colection")
                .doesNotContain("\n");
        assertThat(outDir).doesNotExist();
    }

    @Test
    void aPackValueOfTheWrongTypeIsRefusedNotWrittenIntoTheWarc() throws IOException {
        for (String line : new String[] {"operator = [\"x\"]", "collection = 5", "prefix = true", "db = 3",
            "timeout = \"soon\"", "max_body = [1]"}) {
            Path config = Files.writeString(work.resolve("typed.toml"), "[pack]\n" + line + "\n");
            Path outDir = work.resolve("o");
            assertThat(run("pack", corpus().toString(), "--config", config.toString(), "--out", outDir.toString(),
                    "--db", work.resolve("d.sqlite").toString())).as(line).isEqualTo(Main.USAGE);
            String key = line.substring(0, line.indexOf(' '));
            assertThat(err.toString().strip()).as(line).startsWith("newskeeper: " + config + " [pack] " + key + ":")
                    .doesNotContain("\n");
            assertThat(outDir).as(line).doesNotExist();
        }
    }

    @Test
    void aNumericMaxSizeInThePackTableIsBytes() throws IOException {
        Path config = Files.writeString(work.resolve("n.toml"), "[pack]\nmax_size = 1048576\ntimeout = 2.5\n");
        assertThat(run("pack", corpus().toString(), "--config", config.toString(), "--out",
                work.resolve("o").toString(), "--db", work.resolve("d.sqlite").toString())).isZero();
    }

    private Path packed() throws IOException {
        Path outDir = work.resolve("out");
        assertThat(run("pack", corpus().toString(), "--out", outDir.toString(), "--db",
                work.resolve("db.sqlite").toString(), "--wacz")).isZero();
        return outDir;
    }

    private Path one(Path dir, String suffix) throws IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst().orElseThrow();
        }
    }

    @Test
    void aWaczGivenByNameIsVerifiedWithItsCorpusAndACdxjIsStillRefusedWithOneLine() throws IOException {
        Path outDir = packed();
        Path wacz = one(outDir, ".wacz");
        assertThat(run("verify", wacz.toString(), "--corpus", work.resolve("corpus").toString())).isZero();
        assertThat(out.toString()).contains("1 file, 5 records, 0 problems");
        assertThat(err.toString()).isEmpty();

        Path cdxj = one(outDir, ".cdxj");
        assertThat(run("verify", cdxj.toString())).isEqualTo(Main.USAGE);
        assertThat(err.toString().strip()).startsWith("newskeeper: " + cdxj + ": a CDXJ index, not a WARC file")
                .doesNotContain("\n");
        assertThat(out.toString()).isEmpty();

        assertThat(run("verify", outDir.toString())).as("the directory holding both verifies clean").isZero();
        assertThat(out.toString()).as("its WACZ is not read a second time").contains("1 file, 5 records, 0 problems");
        assertThat(run("verify", "--help")).isZero();
        assertThat(out.toString()).contains(".wacz");
    }

    @Test
    void aDamagedWaczExitsOneNamingTheMemberAndANonZipWaczIsAProblemNotAStackTrace() throws IOException {
        Path outDir = packed();
        Path wacz = one(outDir, ".wacz");
        Path warc = one(outDir, ".warc.gz");
        byte[] member = Files.readAllBytes(warc);
        byte[] bytes = Files.readAllBytes(wacz);
        String latin1 = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int start = latin1.indexOf(new String(member, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(start).as("the WARC is stored as it is in the WACZ").isPositive();
        bytes[start + member.length - 30] ^= 0x01;
        Files.write(wacz, bytes);
        assertThat(run("verify", wacz.toString())).isEqualTo(Main.PROBLEMS);
        assertThat(out.toString()).contains(wacz + "!archive/" + warc.getFileName() + ":").contains("wacz-hash");

        Path notZip = Files.writeString(work.resolve("bogus.wacz"), "not a zip at all\n");
        assertThat(run("verify", notZip.toString())).isEqualTo(Main.PROBLEMS);
        assertThat(out.toString()).startsWith(notZip + ":0: error: wacz: not a readable zip file");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aCorpusThatIsAFileIsAUsageErrorNotEveryArticleDeleted() throws IOException {
        Path outDir = packed();
        Path afile = Files.writeString(work.resolve("afile"), "x");
        assertThat(run("verify", outDir.toString(), "--corpus", afile.toString())).isEqualTo(Main.USAGE);
        assertThat(err.toString().strip()).isEqualTo("newskeeper: --corpus " + afile + ": not a directory");
        assertThat(out.toString()).doesNotContain("deleted-from-corpus");
    }

    @Test
    void aFileThatIsNotAWarcIsOneClearProblemNotGzipNoise() throws IOException {
        Path outDir = packed();
        Path text = Files.writeString(outDir.resolve("x.warc"), "just some text\nthat is not a WARC\n".repeat(20));
        assertThat(run("verify", outDir.toString(), "--format", "json")).isEqualTo(Main.PROBLEMS);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.path("problems")).singleElement().satisfies(p -> {
            assertThat(p.path("file").asText()).isEqualTo(text.toString());
            assertThat(p.path("offset").asLong()).isZero();
            assertThat(p.path("check").asText()).isEqualTo("not-warc");
            assertThat(p.path("message").asText()).startsWith("not a WARC file");
        });

        Path gz = work.resolve("notes.warc.gz");
        try (var o = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write("plain notes, gzipped\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(run("verify", gz.toString())).isEqualTo(Main.PROBLEMS);
        assertThat(out.toString()).contains("not a WARC file").contains("1 problem");
    }

    @Test
    void anUncompressedWarcIsReadAndHelpSaysSo() throws IOException {
        Path outDir = packed();
        Path warc = one(outDir, ".warc.gz");
        Path plain = Files.createDirectories(work.resolve("plain")).resolve("copy.warc");
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(warc))) {
            Files.write(plain, in.readAllBytes());
        }
        assertThat(run("verify", plain.getParent().toString())).isZero();
        assertThat(out.toString()).contains("1 file, 5 records, 0 problems");
        assertThat(run("verify", "--help")).isZero();
        assertThat(out.toString()).contains("uncompressed");
    }
}
