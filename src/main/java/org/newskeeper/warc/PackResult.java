package org.newskeeper.warc;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a pack run did.
 *
 * @param warcs        the WARC files written and closed by this run, in order
 * @param packed       articles written (new or changed, or all with {@code --all})
 * @param unchanged    articles skipped because their bytes were already archived
 * @param captured     response records written
 * @param revisits     revisit records written (payload already archived)
 * @param notCaptured  captures not kept: dead in the link history, failed, not 2xx/3xx, too large
 * @param warnings     one line per article or capture that could not be archived, and per leftover moved aside
 * @param movedAside   leftover {@code .open} files of an interrupted run, moved to {@code incomplete/}
 * @param wacz         the WACZ package, when asked for
 * @param articleBytes the bytes of the article files packed
 */
public record PackResult(List<Path> warcs, int packed, int unchanged, int captured, int revisits, int notCaptured,
        List<String> warnings, List<Path> movedAside, Optional<Path> wacz, long articleBytes) {
    public PackResult {
        warcs = List.copyOf(warcs);
        warnings = List.copyOf(warnings);
        movedAside = List.copyOf(movedAside);
    }
}
