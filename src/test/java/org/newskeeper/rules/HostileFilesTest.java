package org.newskeeper.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.Fixtures;
import org.newskeeper.corpus.CorpusFile;

/** Hostile files each give findings, never an exception. */
class HostileFilesTest {
    @TempDir
    Path dir;
    private String valid;

    @BeforeEach
    void readValidArticle() throws IOException {
        valid = Files.readString(Fixtures.path("articles/valid/rfi.md"));
    }

    private CheckedArticle check(String name, byte[] bytes) throws IOException {
        Path f = Files.write(dir.resolve(name), bytes);
        return new Validator(RuleSettings.defaults()).check(new CorpusFile(dir, f, name));
    }

    private static Set<String> rules(CheckedArticle c) {
        return c.findings().stream().map(Finding::rule).collect(Collectors.toSet());
    }

    @Test
    void fileTruncatedMidTagIsMalformedHtml() throws IOException {
        String cut = valid.substring(0, valid.indexOf("<a href=") + 40);
        CheckedArticle c = check("truncated.md", cut.getBytes(StandardCharsets.UTF_8));
        assertThat(c.findings()).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo("html-malformed");
            assertThat(f.message()).contains("truncated");
            assertThat(f.line()).isEqualTo(5);
        });
    }

    @Test
    void tenMegabyteSingleLineIsReportedNotChoked() throws IOException {
        byte[] line = ("<p>" + "x".repeat(10 * 1024 * 1024) + "</p>").getBytes(StandardCharsets.UTF_8);
        CheckedArticle c = check("huge.md", line);
        assertThat(rules(c)).contains("file-large", "timestamp-missing", "title-link-missing", "separator-missing");
        assertThat(c.findings()).anySatisfy(f -> assertThat(f.message()).contains("single line"));
    }

    @Test
    void nulBytesAreControlCharacters() throws IOException {
        String withNul = valid.replace("图书馆", "图书\0馆");
        CheckedArticle c = check("nul.md", withNul.getBytes(StandardCharsets.UTF_8));
        assertThat(rules(c)).containsExactly("control-characters");
        assertThat(c.findings().get(0).line()).isEqualTo(5);
        assertThat(c.hasErrors()).isTrue();
    }

    @Test
    void invalidUtf8IsUnreadableWithTheByteOffset() throws IOException {
        byte[] good = valid.getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[good.length + 2];
        int at = "<!--1690379102000-->\n[".length();
        System.arraycopy(good, 0, bad, 0, at);
        bad[at] = (byte) 0xC3;
        bad[at + 1] = (byte) 0x28;
        System.arraycopy(good, at, bad, at + 2, good.length - at);
        CheckedArticle c = check("latin.md", bad);
        assertThat(c.findings()).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo("unreadable");
            assertThat(f.message()).contains("byte 22 (0xC3)", "not valid UTF-8");
            assertThat(f.line()).isEqualTo(2);
        });
    }

    @Test
    void fiveThousandNestedSpansAreTooDeepNotAStackOverflow() throws IOException {
        String deep = valid.strip() + "<div>" + "<span>".repeat(5000) + "深" + "</span>".repeat(5000) + "</div>\n";
        CheckedArticle c = check("deep.md", deep.getBytes(StandardCharsets.UTF_8));
        assertThat(rules(c)).contains("html-nesting-deep");
        assertThat(c.article().title()).contains("示例城市举办“开放日”活动");
    }

    @Test
    void crlfLineEndingsAreReadAndReported() throws IOException {
        CheckedArticle c = check("crlf.md", valid.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        assertThat(rules(c)).containsExactly("crlf-line-endings");
        assertThat(c.article().timestamp()).isPresent();
        assertThat(c.article().source()).hasValueSatisfying(s -> assertThat(s).doesNotContain("\r"));
    }

    @Test
    void byteOrderMarkIsReportedAndTheTimestampStillRead() throws IOException {
        byte[] text = valid.getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[text.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, bom, 3, text.length);
        CheckedArticle c = check("bom.md", bom);
        assertThat(rules(c)).containsExactly("byte-order-mark");
        assertThat(c.article().timestamp()).isPresent();
    }

    @Test
    void fileTooLargeToBeAnArticleIsNotReadIntoMemory() throws IOException {
        Path sparse = dir.resolve("sparse.md");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(300L * 1024 * 1024);
        }
        CheckedArticle c = new Validator(RuleSettings.defaults()).check(new CorpusFile(dir, sparse, "sparse.md"));
        assertThat(rules(c)).containsExactlyInAnyOrder("unreadable", "file-large");
        assertThat(c.findings()).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo("unreadable");
            assertThat(f.message()).contains("300 MiB, too large");
        });
    }

    @Test
    void emptyAndBinaryFilesGiveFindings() throws IOException {
        assertThat(rules(check("empty.md", new byte[0]))).contains("timestamp-missing", "title-link-missing", "body-empty");
        byte[] binary = new byte[4096];
        new java.util.Random(7).nextBytes(binary);
        CheckedArticle c = check("binary.md", binary);
        assertThat(rules(c)).contains("unreadable");
    }

    @Test
    void randomlyMutatedArticlesAlwaysGiveAnArticleAndNoRuleFails() throws IOException {
        java.util.Random random = new java.util.Random(20260726);
        List<byte[]> seeds = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> s = Files.list(Fixtures.path("articles/valid"))) {
            for (Path p : s.sorted().toList()) {
                seeds.add(Files.readAllBytes(p));
            }
        }
        byte[] specials = "<>\"'&%[]()-\n\r\0\u00ff=/#".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < Integer.getInteger("newskeeper.fuzz", 400); i++) {
            byte[] b = seeds.get(random.nextInt(seeds.size())).clone();
            int edits = 1 + random.nextInt(8);
            for (int e = 0; e < edits && b.length > 0; e++) {
                int at = random.nextInt(b.length);
                switch (random.nextInt(3)) {
                    case 0 -> b[at] = specials[random.nextInt(specials.length)];
                    case 1 -> b[at] = (byte) random.nextInt(256);
                    default -> b = java.util.Arrays.copyOf(b, at);
                }
            }
            CheckedArticle c = check("mutant" + i + ".md", b);
            assertThat(c.article().path()).isEqualTo("mutant" + i + ".md");
            assertThat(c.findings()).noneSatisfy(f -> assertThat(f.message()).containsAnyOf("the rule failed", "could not be parsed"));
        }
    }

    @Test
    void directoryNamedLikeAnArticleIsUnreadableNotACrash() throws IOException {
        Path d = Files.createDirectory(dir.resolve("folder.md"));
        CheckedArticle c = new Validator(RuleSettings.defaults()).check(new CorpusFile(dir, d, "folder.md"));
        assertThat(rules(c)).containsExactly("unreadable");
    }

    @Test
    void balancedDeepNestingGivesItsTrueDepthAndNoStrayEndTags() throws IOException {
        String deep = valid.strip() + "<span>".repeat(5000) + "x" + "</span>".repeat(5000) + "\n";
        CheckedArticle c = check("deep.md", deep.getBytes(StandardCharsets.UTF_8));
        assertThat(c.findings()).filteredOn(f -> f.rule().equals("html-nesting-deep"))
                .singleElement().satisfies(f -> assertThat(f.message()).contains("nested 5000 deep"));
        assertThat(c.findings()).noneSatisfy(f -> assertThat(f.message()).contains("stray end tag"));
    }

    @Test
    void deepNestingWithARealStrayEndTagStillReportsIt() throws IOException {
        String deep = valid.strip() + "<span>".repeat(600) + "x" + "</span>".repeat(600) + "</b>\n";
        CheckedArticle c = check("deep-stray.md", deep.getBytes(StandardCharsets.UTF_8));
        assertThat(c.findings()).filteredOn(f -> f.rule().equals("html-nesting-deep"))
                .singleElement().satisfies(f -> assertThat(f.message()).contains("nested 600 deep"));
        assertThat(c.findings()).filteredOn(f -> f.message().contains("stray end tag"))
                .singleElement().satisfies(f -> assertThat(f.message()).doesNotContain("times"));
    }
}
