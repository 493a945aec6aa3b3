package org.newskeeper.warc;

import java.util.Objects;

/**
 * One thing {@link Verifier} found wrong.
 *
 * @param file    the WARC, CDXJ, WACZ or corpus file; an entry of a WACZ as {@code PACKAGE.wacz!ENTRY}
 * @param offset  the byte offset in {@code file} (of the record's gzip member for WARC files, of the
 *                line for CDXJ and pages.jsonl files; 0 for whole corpus files and other entries)
 * @param check   the stable id of the check, such as {@code block-digest} or {@code changed}
 * @param message what is wrong, for a person
 */
public record Problem(String file, long offset, String check, String message) {
    public Problem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(message, "message");
    }

    /** {@code FILE:OFFSET: check: message}. */
    public String format() {
        return file + ":" + offset + ": " + check + ": " + message;
    }
}
