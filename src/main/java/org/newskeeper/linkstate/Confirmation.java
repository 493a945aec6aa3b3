package org.newskeeper.linkstate;

import java.util.Locale;

/**
 * Where a failing link stands: its failure is {@code confirmed} (enough failed observations over
 * enough time, see {@link ConfirmationRule}) or only {@code suspect}. Ids are a contract: the reports
 * and {@code report.json} show them.
 */
public enum Confirmation {
    /** Failed often enough, over long enough: reported as broken. */
    CONFIRMED,
    /** Failing (or inconclusive) but not confirmed yet. */
    SUSPECT;

    /** {@link #CONFIRMED} when {@code confirmed}, else {@link #SUSPECT}. */
    public static Confirmation of(boolean confirmed) {
        return confirmed ? CONFIRMED : SUSPECT;
    }

    public boolean confirmed() {
        return this == CONFIRMED;
    }

    /** The id shown in reports: {@code confirmed}, {@code suspect}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return id();
    }
}
