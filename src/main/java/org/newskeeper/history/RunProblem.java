package org.newskeeper.history;

import java.util.Objects;

/**
 * A problem a stage found that is not a finding or a link, such as a WARC record that does not verify.
 *
 * @param stage   the stage that found it
 * @param file    the file it is in
 * @param offset  the byte offset in the file, -1 when not about a place in the file
 * @param kind    a stable id for the kind of problem
 * @param message what is wrong, for a person
 */
public record RunProblem(Stage stage, String file, long offset, String kind, String message) {
    public RunProblem {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
