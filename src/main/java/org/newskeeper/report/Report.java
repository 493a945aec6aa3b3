package org.newskeeper.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.newskeeper.history.RunArticle;
import org.newskeeper.history.Stage;
import org.newskeeper.linkstate.Citation;
import org.newskeeper.linkstate.Confirmation;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.linkstate.Redirect;
import org.newskeeper.history.RunProblem;
import org.newskeeper.history.RunStage;
import org.newskeeper.rules.Finding;

/**
 * Everything the reports of one run say, built from the run database by {@link ReportBuilder}; each
 * writer renders this and nothing else, so every format tells the same story. Its JSON form (keys in
 * snake_case) is {@code report.json}, documented in {@code docs/report.md}.
 *
 * @param tool        name and version of the software that wrote it
 * @param run         which run, when, over what, and how its stages went
 * @param summary     the counts at the top of the report
 * @param changes     what is new, fixed and still broken since the previous finished run
 * @param links       one row per failing URL (normalised key; share links that lead to it folded in), in
 *                    review order, each with every article citing it; triaged rows included (see
 *                    {@link LinkProblem#triage()})
 * @param resolved    triaged URLs that answer again in this run (a false positive shown as resolved)
 * @param findings    the validation findings grouped by rule
 * @param health      link health over the recorded runs, oldest first
 * @param problems    problems of the stages other than findings and links (WARC verification)
 * @param articles    every article of the run
 */
public record Report(String tool, RunInfo run, Summary summary, Changes changes, List<LinkProblem> links,
        List<Resolved> resolved, List<RuleFindings> findings, List<HealthPoint> health, List<RunProblem> problems, List<RunArticle> articles) {

    /** The stage whose problems (WARC verification, fixity) make a run's exit code 1 when new. */
    public static final Stage VERIFY_STAGE = Stage.VERIFY;

    public Report {
        links = List.copyOf(links);
        resolved = List.copyOf(resolved);
        findings = List.copyOf(findings);
        health = List.copyOf(health);
        problems = List.copyOf(problems);
        articles = List.copyOf(articles);
    }

    /** Failures before a failing link is dead (the checker's default {@code confirm_after}). */
    public static final int CONFIRM_AFTER = 3;
    /** The least time those failures span (the checker's default), in hours. */
    public static final int CONFIRM_HOURS = 48;
    /** Citing articles above which a URL is marked as navigation or boilerplate. */
    public static final int BOILERPLATE = 50;

    /** How the links stage's message begins when the network (not the links) was down that night. */
    public static final String NETWORK_UNAVAILABLE = RunStage.NETWORK_UNAVAILABLE;

    /**
     * Whether the links stage found the network down: it ended {@code unavailable} with a message
     * beginning {@link #NETWORK_UNAVAILABLE}. The night's link results were not counted; the nightly
     * job exits 3.
     */
    public boolean networkUnavailable() {
        return run.stages().stream().anyMatch(RunStage::networkUnavailable);
    }

    /**
     * Whether anything is newly wrong since the previous run: the nightly job's exit code 1. Triaged
     * URLs are left out of {@link Changes#newlyConfirmed()} by the builder, so they never count.
     */
    public boolean hasNewProblems() {
        return changes.newErrors() > 0 || !changes.newlyConfirmed().isEmpty()
                || changes.newProblems().stream().anyMatch(p -> p.stage() == VERIFY_STAGE);
    }

    /**
     * The run.
     *
     * @param id       the run id
     * @param started  when it started
     * @param finished when it finished (the report stage's time when written during the run)
     * @param corpus   the corpus folder
     * @param previous the run it is compared with
     * @param stages   each stage, how it ended and what it did
     */
    public record RunInfo(String id, Instant started, Optional<Instant> finished, String corpus,
            Optional<String> previous, List<RunStage> stages) {
        public RunInfo {
            stages = List.copyOf(stages);
        }
    }

    /**
     * The counts at the top.
     *
     * @param articles           article files checked
     * @param articlesWithErrors articles with at least one error finding
     * @param errors             error findings
     * @param warnings           warning findings
     * @param links              distinct URLs checked
     * @param linksByStatus      distinct URLs per status, in the order of the statuses' names (so that
     *                           report.json is the same bytes in every process)
     * @param dead               rows needing review whose failure is confirmed ({@value Report#CONFIRM_AFTER}
     *                           failures over {@value Report#CONFIRM_HOURS} h)
     * @param failing            rows needing review that fail but are not confirmed yet
     * @param blocked            rows needing review whose server would not say (bot walls, rate limits)
     * @param triaged            failing rows a reviewer has triaged (left out of the three counts above)
     * @param preserved          failing rows of which we hold a capture
     * @param archivedElsewhere  failing rows with no capture of ours but a public memento
     * @param lost               failing rows with no known copy
     * @param broken             alias of {@code dead} (the key report.json had before)
     * @param suspect            alias of {@code failing + blocked} (the key report.json had before)
     * @param problems           stage problems (verification)
     * @param firstRun           whether the database had no finished run before this one
     */
    public record Summary(int articles, int articlesWithErrors, int errors, int warnings, int links,
            Map<String, Long> linksByStatus, int dead, int failing, int blocked, int triaged, int preserved,
            int archivedElsewhere, int lost, int broken, int suspect, int problems, boolean firstRun) {
        public Summary {
            linksByStatus = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(linksByStatus));
        }
    }

    /**
     * The difference with the previous finished run (everything is new on a first run).
     *
     * @param newArticles     article paths not in the previous run
     * @param removedArticles article paths of the previous run that are gone
     * @param newFindings     findings not in the previous run (same file, rule and message)
     * @param fixedFindings   findings of the previous run that are gone
     * @param newErrors       how many of the new findings are errors
     * @param newBroken       URLs failing now that did not fail in the previous run (rows, untriaged)
     * @param newlyConfirmed  URLs dead now that were not dead before (rows, untriaged)
     * @param fixed           URLs that failed in the previous run and are alive now
     * @param stillBroken     URLs that failed in both runs (rows, untriaged)
     * @param newProblems     stage problems (verification) not in the previous run (same stage, file, check, message)
     */
    public record Changes(List<String> newArticles, List<String> removedArticles, List<Finding> newFindings,
            List<Finding> fixedFindings, int newErrors, List<String> newBroken, List<String> newlyConfirmed,
            List<String> fixed, List<String> stillBroken, List<RunProblem> newProblems) {
        public Changes {
            newArticles = List.copyOf(newArticles);
            removedArticles = List.copyOf(removedArticles);
            newFindings = List.copyOf(newFindings);
            fixedFindings = List.copyOf(fixedFindings);
            newBroken = List.copyOf(newBroken);
            newlyConfirmed = List.copyOf(newlyConfirmed);
            fixed = List.copyOf(fixed);
            stillBroken = List.copyOf(stillBroken);
            newProblems = List.copyOf(newProblems);
        }

        /** The failing URLs new since the previous run ({@code new_failing}; {@code new_broken} is its alias). */
        public List<String> newFailing() {
            return newBroken;
        }

        /** The URLs failing in both runs ({@code still_failing}; {@code still_broken} is its alias). */
        public List<String> stillFailing() {
            return stillBroken;
        }
    }

    /**
     * One failing URL: a row of the review table.
     *
     * @param url                 the URL, exactly (link target, copy)
     * @param display             the URL with its path and query percent-decoded, for reading
     * @param host                its host
     * @param status              its status id ({@code broken}, {@code server-error}, {@code blocked}...)
     * @param state               {@code dead}, {@code failing} or {@code blocked}
     * @param stateText           the state for a person: {@code failing, 1 of 3 nights}
     * @param confirmation        {@code confirmed} or {@code suspect} (the link history's word)
     * @param code                the last HTTP status code
     * @param finalUrl            where redirects ended
     * @param redirects           the redirect chain
     * @param error               what went wrong
     * @param firstSeen           when the URL was first seen
     * @param lastOk              when it was last alive
     * @param consecutiveFailures failed observations in a row
     * @param isNew               whether it started failing since the previous run
     * @param ageDays             whole days since it was last alive (or first seen), at the run's start
     * @param citations           how many articles cite it (share links folded in included)
     * @param boilerplate         cited by more than {@value Report#BOILERPLATE} articles: navigation or boilerplate
     * @param roles               the roles it has in the citing articles, sorted
     * @param hosts               its host and the hosts of the share links folded in, sorted
     * @param sharedVia           the failing share links that lead to it, folded into this row
     * @param triage              the reviewer's decision, when one applies
     * @param copy                where a copy of it is: ours, a public archive's, or none
     * @param wayback             the Wayback Machine search for the URL (shown only when no copy is known)
     * @param citedBy             every article citing it, share links' citations included
     */
    public record LinkProblem(String url, String display, String host, LinkStatus status, String state, String stateText,
            Confirmation confirmation, Optional<Integer> code, Optional<String> finalUrl, List<Redirect> redirects,
            Optional<String> error, Optional<Instant> firstSeen, Optional<Instant> lastOk, int consecutiveFailures,
            boolean isNew, long ageDays, int citations, boolean boilerplate, List<String> roles, List<String> hosts,
            List<SharedVia> sharedVia, Optional<Review> triage, Copy copy, String wayback, List<Citing> citedBy) {
        public LinkProblem {
            redirects = List.copyOf(redirects);
            roles = List.copyOf(roles);
            hosts = List.copyOf(hosts);
            sharedVia = List.copyOf(sharedVia);
            citedBy = List.copyOf(citedBy);
        }

        public boolean confirmed() {
            return state.equals(DEAD);
        }

        /** Whether the row needs review: no triage applies. */
        public boolean needsReview() {
            return triage.isEmpty();
        }
    }

    /** The state of a failing URL whose failure is confirmed. */
    public static final String DEAD = "dead";
    /** The state of a failing URL not confirmed yet. */
    public static final String FAILING = "failing";
    /** The state of a URL whose server would not say (status {@code blocked}). */
    public static final String BLOCKED = "blocked";

    /**
     * A failing share link folded into the row of the URL it leads to.
     *
     * @param url     the share link, exactly
     * @param display decoded for reading
     * @param status  its status id
     * @param code    its last HTTP status code
     */
    public record SharedVia(String url, String display, LinkStatus status, Optional<Integer> code) {
    }

    /**
     * A reviewer's decision about a URL ({@code newskeeper triage}).
     *
     * @param decision    {@code handled}, {@code false-positive} or {@code replaced}
     * @param replacement the URL replacing it
     * @param note        the reviewer's note
     * @param by          who decided
     * @param at          when
     */
    public record Review(String decision, Optional<String> replacement, Optional<String> note, String by, Instant at) {
    }

    /**
     * A triaged URL that answers again in this run.
     *
     * @param url     the URL
     * @param display decoded for reading
     * @param status  its status now
     * @param triage  the decision
     */
    public record Resolved(String url, String display, LinkStatus status, Review triage) {
    }

    /**
     * Where a copy of a failing URL is.
     *
     * @param state        {@code preserved} (we hold a capture), {@code archived-elsewhere} (a public memento)
     *                     or {@code lost}
     * @param captureDate  our capture's WARC-Date
     * @param captureUrl   the URL captured (the URL itself, or where its redirects led when it was alive)
     * @param warc         the WARC file holding it
     * @param recordId     its WARC-Record-ID
     * @param replay       where {@code newskeeper serve} replays it
     * @param memento      the public memento's URI
     * @param mementoDate  its Memento-Datetime
     * @param archive      the public archive's name
     */
    public record Copy(String state, Optional<String> captureDate, Optional<String> captureUrl, Optional<String> warc,
            Optional<String> recordId, Optional<String> replay, Optional<String> memento, Optional<Instant> mementoDate,
            Optional<String> archive) {
        /** No copy known. */
        public static final Copy NONE = new Copy("lost", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

        /** The state for a person: {@code preserved}, {@code archived elsewhere}, {@code lost unless archived elsewhere}. */
        public String label() {
            return switch (state) {
                case "preserved" -> "preserved";
                case "archived-elsewhere" -> "archived elsewhere";
                default -> "lost unless archived elsewhere";
            };
        }
    }

    /**
     * An article citing a URL, as a report shows it: the citation and what the run knows of the
     * article. In JSON: {@code path}, {@code site}, {@code title}, {@code role}.
     *
     * @param citation the citation (path, role)
     * @param site     the article's site folder
     * @param title    its title
     */
    public record Citing(Citation citation, String site, Optional<String> title) {
        public Citing {
            java.util.Objects.requireNonNull(citation, "citation");
            java.util.Objects.requireNonNull(site, "site");
            java.util.Objects.requireNonNull(title, "title");
        }

        /** The article file. */
        public String path() {
            return citation.path();
        }

        /** The id of the URL's role in it ({@code source}, {@code link}, ...). */
        public String role() {
            return citation.role().id();
        }
    }

    /**
     * The findings of one rule.
     *
     * @param rule     the rule id
     * @param errors   how many are errors
     * @param warnings how many are warnings
     * @param findings each finding, in file order
     */
    public record RuleFindings(String rule, int errors, int warnings, List<Finding> findings) {
        public RuleFindings {
            findings = List.copyOf(findings);
        }
    }

    /**
     * Link health in one run.
     *
     * @param run      the run id
     * @param started  when it started
     * @param ok       URLs alive without redirect
     * @param redirected URLs alive after redirects
     * @param suspect  failing URLs not confirmed (failing, blocked)
     * @param broken   confirmed failing URLs (dead; the key keeps its name)
     * @param other    URLs not checked over HTTP (unsupported, excluded)
     */
    public record HealthPoint(String run, Instant started, long ok, long redirected, long suspect, long broken,
            long other) {
        public long total() {
            return ok + redirected + suspect + broken + other;
        }
    }
}
