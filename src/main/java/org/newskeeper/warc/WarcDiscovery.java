package org.newskeeper.warc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Which files {@link Verifier} reads: WARCs and WACZ packages given by name, WARCs found in directories. */
final class WarcDiscovery {
    private WarcDiscovery() {
    }

    /** Whether a file given by name is read as a WACZ package. */
    static boolean isWacz(Path p) {
        return p.getFileName().toString().endsWith(WaczVerifier.SUFFIX);
    }

    /**
     * The files among {@code paths} to read, in order: WARC files, and WACZ packages given by name
     * (a directory walk picks up only {@code *.warc.gz} and {@code *.warc}, so a pack output
     * directory holding WARCs and the WACZ made from them is not read twice; {@code .open} files
     * are not final WARCs and are skipped). A file named twice is read once.
     *
     * @throws NoSuchFileException when a path does not exist
     * @throws InputException when a file given by name is a CDXJ index
     */
    static List<Path> files(List<Path> paths) throws IOException {
        Set<Path> files = new LinkedHashSet<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new NoSuchFileException(p.toString());
            }
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> Files.isRegularFile(f) && (f.getFileName().toString().endsWith(WarcFileWriter.SUFFIX)
                            || f.getFileName().toString().endsWith(".warc"))).sorted().forEach(files::add);
                }
            } else {
                refuseNonWarcName(p);
                files.add(p);
            }
        }
        List<Path> unique = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (Path f : files) {
            if (seen.add(f.toRealPath())) {
                unique.add(f);
            }
        }
        return unique;
    }

    /** Refuses a file given by name that is one of our own non-WARC outputs: a CDXJ index (verified beside its WARC). */
    private static void refuseNonWarcName(Path p) {
        String name = p.getFileName().toString();
        if (name.endsWith(".cdxj")) {
            String base = name.substring(0, name.length() - ".cdxj".length());
            throw new InputException(p + ": a CDXJ index, not a WARC file; verify its WARC (" + base
                    + WarcFileWriter.SUFFIX + "), whose index beside it is checked too");
        }
    }

    /** An empty file, a gzip file, or a file starting with {@code WARC/1.}: anything else is not a WARC. */
    static boolean looksLikeWarc(Path path) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(7);
        }
        if (head.length == 0) {
            return true;
        }
        if (head.length >= 2 && head[0] == 0x1f && head[1] == (byte) 0x8b) {
            return true;
        }
        return new String(head, StandardCharsets.ISO_8859_1).equals("WARC/1.");
    }
}
