package org.newskeeper.history;

import java.util.Locale;
import java.util.Optional;

/**
 * The stages of a nightly run, in the order they run. Ids are a contract: the run tables
 * ({@code run_stage.name}, {@code run_problem.stage}), the reports and the progress lines use them.
 */
public enum Stage {
    /** Validating every article file. */
    CHECK,
    /** Checking every distinct URL once, with its history. */
    LINKS,
    /** Asking public web archives (Memento TimeGates) for copies of failing links, when configured. */
    ARCHIVES,
    /** Packing the articles and their captures into WARC files. */
    PACK,
    /** Verifying the WARC files and the corpus's fixity. */
    VERIFY,
    /** Writing the reports. */
    REPORT;

    /** The id: {@code check}, {@code links}, {@code archives}, {@code pack}, {@code verify}, {@code report}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The stage with this id, if any. */
    public static Optional<Stage> fromId(String id) {
        for (Stage s : values()) {
            if (s.id().equals(id)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return id();
    }
}
