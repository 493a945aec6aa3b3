package org.newskeeper.corpus;

/** The shapes an article file comes in. */
public enum Dialect {
    /** {@code <!--millis-->}, {@code [title](url)}, {@code ------}, empty line, HTML body. */
    CANONICAL,
    /** YAML front matter, then the canonical shape. */
    JEKYLL,
    /** No timestamp line; a {@code 日期：<RFC 2822 date>} line after the separator. */
    CDT;

    /** The lower-case name used in reports and JSON. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
