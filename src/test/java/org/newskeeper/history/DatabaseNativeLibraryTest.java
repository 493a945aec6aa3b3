package org.newskeeper.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native library of SQLite kept in the folder {@link Database#NATIVE_FOLDER} names: each case
 * is a process of its own (a JVM loads the library once, and the test JVM has loaded it already).
 */
class DatabaseNativeLibraryTest {
    @TempDir
    Path dir;

    /**
     * Opens the database {@code args[0]}, writes and reads a row, prints how many rows it read and
     * how many files the temporary folder holds while the database is open (the driver deletes its
     * own copy of the library when the process exits).
     */
    public static void main(String[] args) throws Exception {
        try (Database db = Database.open(Path.of(args[0]));
                Statement s = db.connection().createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS t (v TEXT)");
            s.execute("INSERT INTO t VALUES ('x')");
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM t")) {
                r.next();
                System.out.println("rows " + r.getInt(1) + ", in the temporary folder "
                        + files(Path.of(System.getProperty("java.io.tmpdir"))).size());
            }
        }
    }

    private String open(Path nativeFolder, Path tmp) throws IOException, InterruptedException {
        Files.createDirectories(tmp);
        String cp = System.getProperty("surefire.test.class.path");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + Database.NATIVE_FOLDER + "=" + nativeFolder, "-Djava.io.tmpdir=" + tmp,
                "-cp", cp != null && !cp.isEmpty() ? cp : System.getProperty("java.class.path"),
                DatabaseNativeLibraryTest.class.getName(), dir.resolve("h.sqlite").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.strip();
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void theLibraryIsCopiedOnceIntoTheFolderAndNothingIntoTheTemporaryFolder() throws Exception {
        Path nativeFolder = dir.resolve("native");
        Path tmp = dir.resolve("tmp");
        assertThat(open(nativeFolder, tmp)).isEqualTo("rows 1, in the temporary folder 0");
        List<Path> copied = files(nativeFolder);
        assertThat(copied).hasSize(1);
        Path lib = copied.get(0);
        assertThat(lib.getFileName().toString()).contains("sqlitejdbc");
        assertThat(Files.size(lib)).isPositive();
        FileTime first = Files.getLastModifiedTime(lib);

        assertThat(open(nativeFolder, tmp)).isEqualTo("rows 2, in the temporary folder 0");
        assertThat(files(nativeFolder)).containsExactly(lib);
        assertThat(Files.getLastModifiedTime(lib)).as("loaded where it is, not copied again").isEqualTo(first);
    }

    @Test
    void aFolderThatCannotBeMadeLeavesTheDriverToItsOwnWay() throws Exception {
        Path blocker = dir.resolve("a-file");
        Files.writeString(blocker, "not a folder");
        Path tmp = dir.resolve("tmp");
        assertThat(open(blocker.resolve("native"), tmp)).as("the driver's own copy and its lock file")
                .isEqualTo("rows 1, in the temporary folder 2");
    }
}
