package org.newskeeper;

/** A count with its noun in agreement ("1 article", "2 articles"), as every report and message writes it. */
public final class Counts {
    private Counts() {
    }

    public static String of(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
