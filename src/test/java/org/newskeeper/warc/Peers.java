package org.newskeeper.warc;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs other tools on our WARCs as separate processes. */
final class Peers {
    private Peers() {
    }

    /** The test class path as surefire gives it. */
    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isEmpty() ? cp : System.getProperty("java.class.path");
    }

    static String jwarcJar() {
        for (String e : classPath().split(File.pathSeparator)) {
            if (e.matches(".*jwarc-0\\.36\\.0\\.jar")) {
                return e;
            }
        }
        throw new IllegalStateException("jwarc 0.36.0 is not on the test class path");
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Everything {@code jwarc validate} prints about the files (empty when it passes them silently). */
    static String jwarcValidate(List<Path> warcs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-cp", jwarcJar(), "org.netpreserve.jwarc.tools.WarcTool",
                "validate"));
        warcs.forEach(w -> cmd.add(w.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return output + "\n(timed out)";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return p.exitValue() == 0 ? output : output + "\n(exit " + p.exitValue() + ")";
    }
}
