package org.newskeeper.warc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdxjSorterTest {
    @TempDir
    Path dir;

    /** Lines as a WARC's index has them, in the order records are written, with repeats and non-ASCII URLs. */
    private static List<String> lines(int n) {
        Random random = new Random(13);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int site = random.nextInt(50);
            String url = switch (i % 4) {
                case 0 -> "https://site" + site + ".example/news/" + random.nextInt(n) + "/article";
                case 1 -> "https://site" + site + ".example/img/" + random.nextInt(1000) + ".jpg";
                case 2 -> "http://bücher.example/cn/中国/" + random.nextInt(100);
                default -> "urn:newskeeper:c:2020/" + String.format("%05d", i) + ".md";
            };
            Instant date = Instant.parse("2026-12-04T20:00:00Z").plusSeconds(random.nextInt(3));
            lines.add(new CdxjLine(url, date, "text/html", Optional.of(200), "sha1:ABC", 100 + i, 1000L * i, "F.warc.gz")
                    .format());
            if (i % 97 == 0) {
                lines.add(lines.get(lines.size() - 1)); // the same line twice
            }
        }
        return lines;
    }

    /** The index as it was written before runs were spilled: every line sorted by CdxjLine.ORDER in memory. */
    private static byte[] inMemory(List<String> lines) {
        List<String> sorted = new ArrayList<>(lines);
        sorted.sort(CdxjLine.ORDER);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String l : sorted) {
            out.writeBytes(l.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        return out.toByteArray();
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("x.cdxj")).sorted().toList();
        }
    }

    @Test
    void anIndexBiggerThanTheSpillThresholdIsByteForByteTheInMemorySort() throws IOException {
        List<String> lines = lines(5000);
        Path target = dir.resolve("x.cdxj");
        CdxjSorter sorter = new CdxjSorter(target, 64 << 10);
        for (String l : lines) {
            sorter.add(l);
        }
        assertThat(sorter.runs()).isGreaterThan(10);
        sorter.finish();
        assertThat(Files.readAllBytes(target)).isEqualTo(inMemory(lines));
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void anIndexThatFitsIsWrittenWithoutRunsAndAnEmptyOneIsAnEmptyFile() throws IOException {
        List<String> lines = lines(300);
        Path target = dir.resolve("x.cdxj");
        CdxjSorter sorter = new CdxjSorter(target);
        for (String l : lines) {
            sorter.add(l);
        }
        sorter.finish();
        assertThat(sorter.runs()).isZero();
        assertThat(Files.readAllBytes(target)).isEqualTo(inMemory(lines));

        CdxjSorter empty = new CdxjSorter(target);
        empty.finish();
        assertThat(Files.readAllBytes(target)).isEmpty();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aFailureWhileMergingLeavesNoIndexAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("x.cdxj");
        CdxjSorter sorter = new CdxjSorter(target, 8 << 10);
        for (String l : lines(2000)) {
            sorter.add(l);
        }
        // a run cut short, as a full disk or a lost file would leave it: the merge fails half-way
        Path run;
        try (Stream<Path> s = Files.list(dir)) {
            run = s.filter(p -> p.getFileName().toString().contains(".spill-")).sorted().findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(run);
        Files.write(run, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(sorter::finish).isInstanceOf(IOException.class);
        assertThat(target).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aFailureToPublishKeepsTheOlderIndexAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("x.cdxj");
        Files.createDirectories(target.resolve("occupied")); // a non-empty directory cannot be replaced
        CdxjSorter sorter = new CdxjSorter(target, 8 << 10);
        for (String l : lines(2000)) {
            sorter.add(l);
        }
        assertThatThrownBy(sorter::finish).isInstanceOf(IOException.class);
        assertThat(target.resolve("occupied")).isDirectory();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void anAbandonedIndexRemovesItsRuns() throws IOException {
        Path target = dir.resolve("x.cdxj");
        try (CdxjSorter sorter = new CdxjSorter(target, 8 << 10)) {
            for (String l : lines(2000)) {
                sorter.add(l);
            }
            assertThat(sorter.runs()).isPositive();
        }
        assertThat(target).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }
}
