package org.newskeeper.links;

/** What a URL is to the article that cites it. */
public enum Role {
    SOURCE, IMAGE, EMBED, SHARE, LINK;

    /** The lower-case name used in reports and JSON. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
