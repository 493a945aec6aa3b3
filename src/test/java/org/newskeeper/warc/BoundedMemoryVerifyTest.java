package org.newskeeper.warc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify} streams members and records: a 1 GiB record in a 1 MB file is read in a 256 MiB heap. */
class BoundedMemoryVerifyTest {
    private static final long GIB = 1L << 30;

    @TempDir
    Path work;

    /** A warcinfo and one resource record of {@code declared} bytes of which {@code written} zeros follow. */
    private Path crafted(String name, long declared, long written, String blockDigest) throws IOException {
        Path warc = work.resolve(name);
        try (OutputStream file = Files.newOutputStream(warc)) {
            file.write(Fixtures.gzip(ForeignWarcTest.warcinfo(1)));
            String header = "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: " + ForeignWarcTest.id(2)
                    + "\r\nWARC-Date: 2026-01-02T03:04:05Z\r\nWARC-Target-URI: urn:newskeeper:big:zeros.md\r\n"
                    + "Content-Type: application/octet-stream\r\nWARC-Block-Digest: " + blockDigest
                    + "\r\nContent-Length: " + declared + "\r\n\r\n";
            GZIPOutputStream z = new GZIPOutputStream(file, 1 << 16);
            z.write(header.getBytes(StandardCharsets.US_ASCII));
            byte[] zeros = new byte[1 << 20];
            for (long left = written; left > 0; left -= zeros.length) {
                z.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
            if (written == declared) {
                z.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            z.finish();
        }
        return warc;
    }

    private static String[] verifyIn256m(Path warc) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(Peers.java(), "-Xmx256m", "-cp", Peers.classPath(),
                "org.newskeeper.cli.Main", "verify", warc.toString())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return new String[] {Integer.toString(p.exitValue()), out};
    }

    @Test
    void aGibibyteRecordInAOneMegabyteFileIsVerifiedInA256MegabyteHeap() throws Exception {
        MessageDigest sha1 = Digests.sha1();
        byte[] zeros = new byte[1 << 20];
        for (int i = 0; i < GIB / zeros.length; i++) {
            sha1.update(zeros);
        }
        String digest = Digests.label(sha1);
        Path valid = crafted("valid.warc.gz", GIB, GIB, digest);
        assertThat(Files.size(valid)).isLessThan(2_000_000);
        String[] run = verifyIn256m(valid);
        assertThat(run[1]).doesNotContain("OutOfMemoryError").contains("1 file, 2 records, 0 problems");
        assertThat(run[0]).as(run[1]).isEqualTo("0");
    }

    @Test
    void aRecordDeclaringAGibibyteButEndingEarlyIsReportedNamingItsArticleInA256MegabyteHeap() throws Exception {
        Path cut = crafted("cut.warc.gz", GIB, 3 << 20, "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        String[] run = verifyIn256m(cut);
        assertThat(run[0]).as(run[1]).isEqualTo("1");
        assertThat(run[1]).contains("error: content-length: Content-Length " + GIB + " is larger than")
                .contains("error: block-digest:").contains("(article zeros.md)").doesNotContain("OutOfMemoryError");
    }
}
