package org.newskeeper.rules;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.newskeeper.corpus.Article;

/**
 * Where a {@link Validator} keeps the results of the files it checked, to reuse them for files
 * whose bytes did not change (see {@link Validator#withCache}). The validator decides what is
 * unchanged (size and modification time, then the digest of the bytes) and under which rules,
 * configuration and version (the fingerprint); the cache only stores.
 */
public interface ResultCache {
    /**
     * The stored result of one file.
     *
     * @param path        the file's path relative to the corpus root
     * @param fingerprint the rules, configuration and newskeeper version it was checked under
     * @param stamp       the file's size and modification time when it was read
     * @param digest      the digest of the bytes checked
     * @param article     the article as parsed
     * @param findings    the findings of every rule but duplicate-source (which depends on other files)
     * @param source      the source URL as duplicate-source compares it, with its line, if any
     */
    record Entry(String path, String fingerprint, Stamp stamp, String digest, Article article,
            List<Finding> findings, Optional<SourceKey> source) {
        public Entry {
            findings = List.copyOf(findings);
        }
    }

    /** A file's size in bytes and modification time in milliseconds. */
    record Stamp(long size, long mtimeMillis) {
    }

    /** The source URL of an article as duplicate-source compares it, and the line it is written on. */
    record SourceKey(String key, int line) {
    }

    /** The entry of a path, if one is stored; called from several threads. */
    Optional<Entry> find(String path) throws IOException;

    /** Stores (or replaces) entries; the cache may hold them until {@link #flush}. */
    void put(Entry entry) throws IOException;

    /** Records a new size and modification time for paths whose bytes did not change. */
    void restamp(Map<String, Stamp> stamps) throws IOException;

    /** Writes what is held. */
    void flush() throws IOException;
}
