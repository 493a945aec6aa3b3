package org.newskeeper.warc;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The named fields of a WARC record's header, as read (names as written, values trimmed, in order). */
interface WarcFields {
    Map<String, List<String>> fields();

    default Optional<String> first(String name) {
        List<String> v = fields().get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    default List<String> all(String name) {
        return fields().getOrDefault(name, List.of());
    }

    default String type() {
        return first("WARC-Type").orElse("").toLowerCase(Locale.ROOT);
    }

    /** The record ID without angle brackets. */
    default Optional<String> id() {
        return first("WARC-Record-ID").map(RawRecord::unbracket);
    }

    default Optional<String> target() {
        return first("WARC-Target-URI").map(RawRecord::unbracket);
    }

    /** Whether the block is an HTTP message (Content-Type application/http). */
    default boolean isHttp() {
        return first("Content-Type").map(t -> t.toLowerCase(Locale.ROOT).startsWith("application/http")).orElse(false);
    }
}
