package org.newskeeper.warc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The problems of one verification, with their severity; a strict verification (our own files, as
 * the nightly verifies them) turns every warning into an error.
 */
final class Findings {
    private final boolean strict;
    private final List<Problem> problems = new ArrayList<>();
    /** The problems (by index) inside a capture record, with its URL: named later by the articles citing it. */
    private final java.util.Map<Integer, String> captures = new java.util.LinkedHashMap<>();

    Findings(boolean strict) {
        this.strict = strict;
    }

    void error(String file, long offset, String check, String message) {
        problems.add(new Problem(file, offset, check, message, Problem.Severity.ERROR));
    }

    void warning(String file, long offset, String check, String message) {
        problems.add(new Problem(file, offset, check, message, strict ? Problem.Severity.ERROR : Problem.Severity.WARNING));
    }

    /** Notes that the problem just added, when an error, is inside a capture of {@code url}. */
    void aboutCapture(String url) {
        if (problems.get(problems.size() - 1).isError()) {
            captures.put(problems.size() - 1, url);
        }
    }

    /** The URLs of the captures with problems, with the files those problems are in. */
    java.util.Map<String, java.util.Set<String>> damagedCaptures() {
        java.util.Map<String, java.util.Set<String>> out = new java.util.TreeMap<>();
        captures.forEach((i, url) -> out.computeIfAbsent(url, k -> new java.util.TreeSet<>()).add(problems.get(i).file()));
        return out;
    }

    /**
     * Adds to each problem inside a capture the articles citing its URL: {@code (capture of URL)}
     * becomes {@code (capture of URL, cited by a.md, b.md)}, naming at most five.
     */
    void citedBy(java.util.Map<String, java.util.Set<String>> citing) {
        captures.forEach((i, url) -> {
            java.util.Set<String> articles = citing.getOrDefault(url, java.util.Set.of());
            Problem p = problems.get(i);
            if (articles.isEmpty() || !p.message().endsWith(")")) {
                return;
            }
            String named = String.join(", ", articles.stream().limit(5).toList())
                    + (articles.size() > 5 ? " and " + (articles.size() - 5) + " more" : "");
            problems.set(i, new Problem(p.file(), p.offset(), p.check(), p.message().substring(0, p.message().length() - 1)
                    + ", cited by " + named + ")", p.severity()));
        });
    }

    /** Every problem, in file and offset order. */
    List<Problem> sorted() {
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparing(Problem::file).thenComparingLong(Problem::offset));
        return sorted;
    }
}
