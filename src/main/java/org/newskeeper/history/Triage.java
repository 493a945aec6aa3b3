package org.newskeeper.history;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A reviewer's decision about a failing URL, kept across runs.
 *
 * @param url         the normalised URL key ({@code check/UrlKey})
 * @param decision    what the reviewer decided
 * @param replacement the URL that replaces it ({@link Decision#REPLACED} only)
 * @param note        free text
 * @param by          who decided (the OS user)
 * @param at          when
 */
public record Triage(String url, Decision decision, Optional<String> replacement, Optional<String> note, String by,
        Instant at) {
    public Triage {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(replacement, "replacement");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        if (decision == Decision.REPLACED && replacement.isEmpty()) {
            throw new IllegalArgumentException("a 'replaced' decision needs a replacement URL");
        }
    }

    /** The decisions, by their ids ({@code handled}, {@code false-positive}, {@code replaced}). */
    public enum Decision {
        HANDLED("handled"),
        FALSE_POSITIVE("false-positive"),
        REPLACED("replaced");

        private final String id;

        Decision(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** The decision of {@code id}, if it is one. */
        public static Optional<Decision> of(String id) {
            return Arrays.stream(values()).filter(d -> d.id.equals(id)).findFirst();
        }

        /** The ids, for messages: {@code handled|false-positive|replaced}. */
        public static String ids() {
            return Arrays.stream(values()).map(Decision::id).collect(Collectors.joining("|"));
        }
    }
}
