package org.newskeeper.cli;

import org.newskeeper.warc.PackOptions;
import picocli.CommandLine.Option;

/** The packing flags that {@code pack} and {@code nightly} share; one definition, applied over the configuration. */
final class PackFlags {
    @Option(names = "--prefix", paramLabel = "P", description = "First part of WARC file names (default: NEWSKEEPER).")
    String prefix;

    @Option(names = "--collection", paramLabel = "NAME", description = "Collection name (default: newskeeper).")
    String collection;

    @Option(names = "--max-size", paramLabel = "SIZE", description = "Rotate WARC files at this size, e.g. 100M, 1G (default: 1G).")
    String maxSize;

    @Option(names = "--all", description = "Repack every article, changed or not.")
    boolean all;

    @Option(names = "--wacz", description = "Also write <collection>.wacz over every WARC of the collection.")
    boolean wacz;

    /** Sets the flags given on the command line, over what the {@code [pack]} table set. */
    PackOptions.Builder applyTo(PackOptions.Builder b) {
        b.all(all).wacz(wacz);
        if (prefix != null) {
            b.prefix(prefix);
        }
        if (collection != null) {
            b.collection(collection);
        }
        if (maxSize != null) {
            try {
                b.maxSize(PackOptions.parseSize(maxSize));
            } catch (org.newskeeper.config.InvalidOptionException e) {
                throw new UsageException("--max-size: " + e.getMessage(), e);
            }
        }
        return b;
    }
}
