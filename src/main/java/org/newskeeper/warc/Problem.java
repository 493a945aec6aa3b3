package org.newskeeper.warc;

import java.util.Locale;
import java.util.Objects;

/**
 * One thing {@link Verifier} found wrong.
 *
 * @param file     the WARC, CDXJ, WACZ or corpus file; an entry of a WACZ as {@code PACKAGE.wacz!ENTRY}
 * @param offset   the byte offset in {@code file} (of the record's gzip member for WARC files, of the
 *                 line for CDXJ and pages.jsonl files; 0 for whole corpus files and other entries)
 * @param check    the stable id of the check, such as {@code block-digest} or {@code changed}
 * @param message  what is wrong, for a person
 * @param severity {@link Severity#ERROR} for damage or a broken MUST of the WARC specification,
 *                 {@link Severity#WARNING} for a legal but unusual file (a SHOULD or a convention)
 */
public record Problem(String file, long offset, String check, String message, Severity severity) {
    /** How bad a problem is: only errors make {@code verify} exit 1 (unless it is strict). */
    public enum Severity {
        ERROR, WARNING;

        /** {@code error} or {@code warning}, as the text and JSON output show it. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Problem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(severity, "severity");
    }

    /** An error. */
    public Problem(String file, long offset, String check, String message) {
        this(file, offset, check, message, Severity.ERROR);
    }

    /** Whether this is an error (not a warning). */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code FILE:OFFSET: severity: check: message}. */
    public String format() {
        return file + ":" + offset + ": " + severity.id() + ": " + check + ": " + message;
    }
}
