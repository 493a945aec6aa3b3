package org.newskeeper.history;

import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.newskeeper.linkstate.UrlKey;

/**
 * Where a copy of each failing URL is: our own capture first ({@link LocalCaptures}), then a public
 * archive's memento ({@link MementoCache}), else none. What the reports show per row and count in
 * their cards (preserved / archived elsewhere / lost).
 */
public final class Preservation {
    private Preservation() {
    }

    /** The ids of the three answers, as the reports and {@code report.json} name them. */
    public enum State {
        PRESERVED("preserved"),
        ARCHIVED_ELSEWHERE("archived-elsewhere"),
        LOST("lost");

        private final String id;

        State(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /**
     * The copies of one URL.
     *
     * @param url     the normalised URL
     * @param state   preserved (we hold a capture), archived elsewhere (a public memento), or lost
     * @param capture our capture: WARC file, record id, date
     * @param memento the best public memento known
     */
    public record Copy(String url, State state, Optional<ArchiveIndex.PayloadEntry> capture,
            Optional<MementoCache.Entry> memento) {
        public Copy {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(capture, "capture");
            Objects.requireNonNull(memento, "memento");
        }
    }

    /** The copies of every URL of {@code urls}, keyed by normalised URL, in the order given. */
    public static Map<String, Copy> of(Database db, Collection<String> urls) throws IOException {
        Map<String, ArchiveIndex.PayloadEntry> captures = new LocalCaptures(db).of(urls);
        Map<String, MementoCache.Entry> mementos = new MementoCache(db).best(urls);
        Map<String, Copy> out = new LinkedHashMap<>();
        for (String u : urls) {
            String key = UrlKey.normalize(u);
            Optional<ArchiveIndex.PayloadEntry> c = Optional.ofNullable(captures.get(key));
            Optional<MementoCache.Entry> m = Optional.ofNullable(mementos.get(key));
            State s = c.isPresent() ? State.PRESERVED : m.isPresent() ? State.ARCHIVED_ELSEWHERE : State.LOST;
            out.put(key, new Copy(key, s, c, m));
        }
        return out;
    }

    /** Counts per state of {@code copies}, every state present. */
    public static Map<State, Integer> counts(Collection<Copy> copies) {
        Map<State, Integer> counts = new LinkedHashMap<>();
        for (State s : State.values()) {
            counts.put(s, 0);
        }
        for (Copy c : copies) {
            counts.merge(c.state(), 1, Integer::sum);
        }
        return counts;
    }
}
