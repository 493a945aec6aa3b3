package org.newskeeper.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.newskeeper.history.RunArticle;
import org.newskeeper.linkstate.Confirmation;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.linkstate.Redirect;
import org.newskeeper.history.RunProblem;
import org.newskeeper.history.RunStage;
import org.newskeeper.history.Stage;
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
 * @param links       the broken and suspect links, worst first, each with the articles citing it
 * @param findings    the validation findings grouped by rule
 * @param health      link health over the recorded runs, oldest first
 * @param problems    problems of the stages other than findings and links (WARC verification)
 * @param articles    every article of the run
 */
public record Report(String tool, RunInfo run, Summary summary, Changes changes, List<LinkProblem> links,
        List<RuleFindings> findings, List<HealthPoint> health, List<RunProblem> problems, List<RunArticle> articles) {

    /** The stage whose problems (WARC verification, fixity) make a run's exit code 1 when new. */
    public static final Stage VERIFY_STAGE = Stage.VERIFY;

    public Report {
        links = List.copyOf(links);
        findings = List.copyOf(findings);
        health = List.copyOf(health);
        problems = List.copyOf(problems);
        articles = List.copyOf(articles);
    }

    /** How the links stage's message begins when the network (not the links) was down that night. */
    public static final String NETWORK_UNAVAILABLE = "network unavailable: link results not counted";

    /**
     * Whether the links stage found the network down: it ended {@code unavailable} with a message
     * beginning {@link #NETWORK_UNAVAILABLE}. The night's link results were not counted; the nightly
     * job exits 3.
     */
    public boolean networkUnavailable() {
        return run.stages().stream().anyMatch(s -> s.state() == RunStage.State.UNAVAILABLE
                && s.message().startsWith(NETWORK_UNAVAILABLE));
    }

    /** Whether anything is newly wrong since the previous run: the nightly job's exit code 1. */
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
     * @param broken             confirmed broken URLs
     * @param suspect            failing URLs not (yet) confirmed, bot walls and rate limits included
     * @param problems           stage problems (verification)
     */
    public record Summary(int articles, int articlesWithErrors, int errors, int warnings, int links,
            Map<String, Long> linksByStatus, int broken, int suspect, int problems) {
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
     * @param newBroken       URLs failing now that did not fail in the previous run
     * @param newlyConfirmed  URLs confirmed broken now that were not confirmed before
     * @param fixed           URLs that failed in the previous run and are alive now
     * @param stillBroken     URLs that failed in both runs
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
    }

    /**
     * A broken or suspect URL.
     *
     * @param url                 the URL
     * @param host                its host
     * @param status              its status
     * @param state               confirmed or only suspect
     * @param code                the last HTTP status code
     * @param finalUrl            where redirects ended
     * @param redirects           the redirect chain
     * @param error               what went wrong
     * @param firstSeen           when the URL was first seen
     * @param lastOk              when it was last alive
     * @param consecutiveFailures failed observations in a row
     * @param isNew               whether it started failing since the previous run
     * @param ageDays             whole days since it was last alive (or first seen), at the run's start
     * @param wayback             the Wayback Machine lookup for the URL (a link for the reader; never fetched)
     * @param citedBy             the articles citing it
     */
    public record LinkProblem(String url, String host, LinkStatus status, Confirmation state, Optional<Integer> code,
            Optional<String> finalUrl, List<Redirect> redirects, Optional<String> error,
            Optional<Instant> firstSeen, Optional<Instant> lastOk, int consecutiveFailures, boolean isNew,
            long ageDays, String wayback, List<Citing> citedBy) {
        public LinkProblem {
            redirects = List.copyOf(redirects);
            citedBy = List.copyOf(citedBy);
        }

        public boolean confirmed() {
            return state.confirmed();
        }
    }

    /**
     * An article citing a URL.
     *
     * @param path  the article file
     * @param site  its site folder
     * @param title its title
     * @param role  the URL's role in it
     */
    public record Citing(String path, String site, Optional<String> title, String role) {
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
     * @param suspect  failing URLs not confirmed
     * @param broken   confirmed broken URLs
     * @param other    URLs not checked over HTTP (unsupported, excluded)
     */
    public record HealthPoint(String run, Instant started, long ok, long redirected, long suspect, long broken,
            long other) {
        public long total() {
            return ok + redirected + suspect + broken + other;
        }
    }
}
