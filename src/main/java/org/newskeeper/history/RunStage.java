package org.newskeeper.history;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A stage of a run (check, links, pack, verify, report) once it ended.
 *
 * @param name     which stage
 * @param state    how it ended
 * @param started  when it started
 * @param finished when it ended
 * @param count    how many items it handled (articles, URLs, records)
 * @param message  a one-line account for a person
 * @param data     stage-specific JSON the run needs when resumed (such as the WARC files that existed before pack)
 */
public record RunStage(Stage name, State state, Instant started, Instant finished, long count, String message,
        String data) {
    public RunStage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(finished, "finished");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(data, "data");
    }

    /** How the links stage's message begins when it found the network (not the links) down that night. */
    public static final String NETWORK_UNAVAILABLE = "network unavailable: link results not counted";

    /**
     * Whether this is a links stage that found the network down: it ended {@code unavailable} with a
     * message beginning {@link #NETWORK_UNAVAILABLE}. The night's link results were not counted.
     */
    public boolean networkUnavailable() {
        return name == Stage.LINKS && state == State.UNAVAILABLE && message.startsWith(NETWORK_UNAVAILABLE);
    }

    /** How a stage ended. */
    public enum State {
        /** It ran to its end. */
        DONE,
        /** It could not run in this build or set-up, and said so; its results are absent, not faked. */
        UNAVAILABLE,
        /** It was skipped on purpose (an option). */
        SKIPPED,
        /** It failed; the message says why. */
        FAILED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static State of(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }
}
