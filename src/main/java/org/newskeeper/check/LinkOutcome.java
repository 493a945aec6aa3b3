package org.newskeeper.check;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.newskeeper.linkstate.Citation;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.linkstate.Redirect;

/**
 * The verdict on one distinct URL of a run, with its history and every article citing it. The
 * components are the JSON fields of {@code newskeeper links --format json} ({@code citations} as
 * {@code referrers}, each with its {@code share_mismatch}).
 *
 * @param url                 the normalised URL
 * @param status              the verdict
 * @param code                the HTTP code of the final answer, if one came
 * @param finalUrl            the last URL requested (after redirects)
 * @param redirects           the redirect chain
 * @param error               why it is not alive, for a person
 * @param citations           every citing article, role and line (the same citation once)
 * @param shareMismatches     those of the citations that are share links leading somewhere alive that is
 *                            not their article's source URL
 * @param firstSeen           when the history first observed it (empty for {@code excluded})
 * @param lastOk              when it was last seen alive
 * @param consecutiveFailures failed observations since it was last alive
 * @param confirmed           the failure is confirmed (enough failures over enough time)
 * @param fromHistory         not requested this run: seen alive within the max age
 * @param isNew               first seen in this run
 * @param checkedAt           when the verdict was observed
 * @param resumed             observed by an earlier attempt of this same run, which was interrupted
 *                            (killed) and then resumed: not requested again, not counted twice
 */
public record LinkOutcome(
        String url,
        LinkStatus status,
        Optional<Integer> code,
        Optional<String> finalUrl,
        List<Redirect> redirects,
        Optional<String> error,
        List<Citation> citations,
        Set<Citation> shareMismatches,
        Optional<Instant> firstSeen,
        Optional<Instant> lastOk,
        int consecutiveFailures,
        boolean confirmed,
        boolean fromHistory,
        boolean isNew,
        Instant checkedAt,
        boolean resumed) {

    public LinkOutcome {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(status, "status");
        redirects = List.copyOf(redirects);
        citations = List.copyOf(citations);
        shareMismatches = Set.copyOf(shareMismatches);
        if (!citations.containsAll(shareMismatches)) {
            throw new IllegalArgumentException(url + ": a share mismatch that is not one of its citations");
        }
    }

    /** An outcome observed in this attempt of its run (not {@code resumed}). */
    public LinkOutcome(String url, LinkStatus status, Optional<Integer> code, Optional<String> finalUrl,
            List<Redirect> redirects, Optional<String> error, List<Citation> citations, Set<Citation> shareMismatches,
            Optional<Instant> firstSeen, Optional<Instant> lastOk, int consecutiveFailures, boolean confirmed,
            boolean fromHistory, boolean isNew, Instant checkedAt) {
        this(url, status, code, finalUrl, redirects, error, citations, shareMismatches, firstSeen, lastOk,
                consecutiveFailures, confirmed, fromHistory, isNew, checkedAt, false);
    }

    /** For a redirected link: whether every hop was permanent (301, 308), so the citation should be updated. */
    public boolean permanentRedirect() {
        return !redirects.isEmpty() && redirects.stream().allMatch(Redirect::permanent);
    }

    /** Whether some citing share link leads somewhere other than its article's source. */
    public boolean shareMismatch() {
        return !shareMismatches.isEmpty();
    }

    /** Whether {@code citation}, a share link, leads somewhere other than its article's source. */
    public boolean shareMismatch(Citation citation) {
        return shareMismatches.contains(citation);
    }
}
