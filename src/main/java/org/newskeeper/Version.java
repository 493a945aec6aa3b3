package org.newskeeper;

/** The software's name and version, as sent in User-Agent and written into warcinfo records. */
public final class Version {
    public static final String NAME = "newskeeper";
    public static final String PROJECT_URL = "https://github.com/newskeeper/newskeeper";

    private Version() {
    }

    /** The version from the jar manifest, or the development version when run from classes. */
    public static String version() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }

    /** {@code newskeeper/VERSION (+project url)}. */
    public static String userAgent() {
        return NAME + "/" + version() + " (+" + PROJECT_URL + ")";
    }
}
