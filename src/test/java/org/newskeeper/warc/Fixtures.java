package org.newskeeper.warc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/** Synthetic corpora in the real shapes, and helpers to read and damage WARC files. */
final class Fixtures {
    private Fixtures() {
    }

    /** One canonical article. */
    static String article(long millis, String title, String url, String body) {
        return "<!--" + millis + "-->\n[" + title + "](" + url + ")\n------\n\n" + body + "\n";
    }

    /** {@code n} articles under {@code root/rfi/}, with a source URL under {@code base}. */
    static Path corpus(Path root, int n, String base) throws IOException {
        Path dir = Files.createDirectories(root.resolve("rfi"));
        for (int i = 0; i < n; i++) {
            String id = String.format("%07d", 1_000_000 + i);
            Files.writeString(dir.resolve(id + ".md"), article(1_690_379_102_000L + i * 1000L,
                    "标题 " + i + " ] with a bracket", base + "/cn/" + id,
                    "<div>26/07/2023 - 15:39</div><p>段落 " + i + " " + "文字".repeat(50 + i % 7) + "</p>"),
                    StandardCharsets.UTF_8);
        }
        return root;
    }

    static PackOptions.Builder options(Path corpus, Path work) {
        return PackOptions.builder(corpus).out(work.resolve("out")).database(work.resolve("db.sqlite"));
    }

    static List<Path> warcs(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".warc.gz")).sorted().toList();
        }
    }

    /** The records of a WARC file: offset and parsed record, per gzip member. */
    record Rec(long offset, long length, RawRecord record) {
        String type() {
            return record.type();
        }

        String field(String name) {
            return record.first(name).orElse(null);
        }

        byte[] block() {
            return java.util.Arrays.copyOfRange(record.data, record.blockStart, record.blockStart + record.blockLength);
        }
    }

    static List<Rec> records(Path warc) throws IOException {
        List<Rec> out = new ArrayList<>();
        try (GzipMembers m = new GzipMembers(warc)) {
            Optional<GzipMembers.Member> next;
            while ((next = m.next()).isPresent()) {
                GzipMembers.Good g = (GzipMembers.Good) next.get();
                out.add(new Rec(g.offset(), g.length(), RawRecord.parse(g.data()).orElseThrow()));
            }
        }
        return out;
    }

    static List<Rec> records(List<Path> warcs) throws IOException {
        List<Rec> out = new ArrayList<>();
        for (Path w : warcs) {
            out.addAll(records(w));
        }
        return out;
    }

    /** Rewrites the record at {@code index} of {@code warc} through {@code edit}, as a fresh gzip member. */
    static long rewrite(Path warc, int index, UnaryOperator<byte[]> edit) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        long at = -1;
        try (GzipMembers m = new GzipMembers(warc)) {
            Optional<GzipMembers.Member> next;
            int i = 0;
            while ((next = m.next()).isPresent()) {
                GzipMembers.Good g = (GzipMembers.Good) next.get();
                byte[] data = g.data();
                if (i++ == index) {
                    data = edit.apply(data);
                    at = file.size();
                }
                file.write(gzip(data));
            }
        }
        assertThat(at).as("record %d exists", index).isNotNegative();
        Files.write(warc, file.toByteArray());
        return at;
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            z.write(data);
        }
        return b.toByteArray();
    }

    /** Replaces the first occurrence of {@code from} in the record's header text. */
    static UnaryOperator<byte[]> replaceInHeader(String from, String to) {
        return data -> {
            String s = new String(data, StandardCharsets.ISO_8859_1);
            int end = s.indexOf("\r\n\r\n");
            int i = s.indexOf(from);
            assertThat(i).as("header contains %s", from).isBetween(0, end);
            return (s.substring(0, i) + to + s.substring(i + from.length())).getBytes(StandardCharsets.ISO_8859_1);
        };
    }

    static int indexOfType(Path warc, String type) throws IOException {
        List<Rec> rs = records(warc);
        for (int i = 0; i < rs.size(); i++) {
            if (rs.get(i).type().equals(type)) {
                return i;
            }
        }
        throw new AssertionError("no " + type + " record in " + warc);
    }
}
