package org.newskeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.newskeeper.history.Database;
import org.newskeeper.history.TriageStore;

/** {@code newskeeper serve} as a process: prints its URL, answers, and Ctrl-C (SIGINT) stops it cleanly. */
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void itPrintsItsLoopbackUrlAndCtrlCStopsItCleanly() throws Exception {
        Path checks = dir.resolve("checks");
        try (Database db = Database.open(checks.resolve("links.sqlite"))) {
            new TriageStore(db);
        }
        Files.createDirectories(checks.resolve("latest"));
        Files.writeString(checks.resolve("latest/report.html"), "<html><head></head><body>the report</body></html>");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.newskeeper.cli.Main", "serve", "--port", "0",
                "--checks", checks.toString(), "--out", dir.resolve("warc-output").toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            assertThat(line).startsWith("serving http://127.0.0.1:");
            Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/").matcher(line);
            assertThat(m.find()).isTrue();
            int port = Integer.parseInt(m.group(1));
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.getOutputStream().write(("GET /report/report.html HTTP/1.1\r\nHost: 127.0.0.1:" + port
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).startsWith("HTTP/1.1 200").contains("the report");
            }
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("stopped after SIGINT").isTrue();
            assertThat(p.exitValue()).isIn(0, 130);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                throw new AssertionError("still listening on " + port);
            } catch (ConnectException expected) {
                // closed
            }
            // the database was closed properly: it opens and reads
            try (Database db = Database.open(checks.resolve("links.sqlite"))) {
                assertThat(new TriageStore(db).all()).isEqualTo(List.of());
            }
        } finally {
            p.destroyForcibly();
        }
    }
}
