package org.newskeeper.warc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The articles that cite given URLs, from the {@code links} of our metadata records: a damaged
 * capture is named by the articles citing it. Only the WARCs holding a damaged capture are read
 * again, and only the blocks of metadata records (at most {@link #MAX_JSON} bytes each).
 */
final class CitingArticles {
    private static final int MAX_JSON = 4 << 20;
    private static final int HEAD = 64 * 1024;
    private static final Pattern METADATA = Pattern.compile("(?im)^WARC-Type:[ \\t]*metadata[ \\t]*\\r?$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private CitingArticles() {
    }

    /** For each of {@code urls}, the corpus paths of the articles in {@code warcs} whose links name it. */
    static Map<String, Set<String>> find(Collection<Path> warcs, Set<String> urls) throws IOException {
        Map<String, Set<String>> citing = new HashMap<>();
        for (Path warc : warcs) {
            try (GzipMembers members = new GzipMembers(warc)) {
                Optional<GzipMembers.Member> next;
                while ((next = members.next(CitingArticles::metadata)).isPresent()) {
                    if (next.get() instanceof GzipMembers.Streamed<?> s && s.value() instanceof JsonNode j) {
                        String path = j.path("article").path("path").asText("");
                        for (JsonNode link : j.path("links")) {
                            for (String field : new String[] {"url", "target"}) {
                                String u = link.path(field).asText("");
                                if (!path.isEmpty() && urls.contains(u)) {
                                    citing.computeIfAbsent(u, k -> new TreeSet<>()).add(path);
                                }
                            }
                        }
                    }
                }
            }
        }
        return citing;
    }

    /** The JSON block of one of our metadata records, or null for any other member. */
    private static JsonNode metadata(InputStream in) throws IOException {
        byte[] head = in.readNBytes(HEAD);
        int end = RawRecord.indexOf(head, 0, head.length, RawRecord.CRLFCRLF);
        if (end < 0 || !METADATA.matcher(new String(head, 0, end, StandardCharsets.ISO_8859_1)).find()) {
            return null;
        }
        byte[] rest = in.readNBytes(MAX_JSON);
        byte[] all = new byte[head.length + rest.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(rest, 0, all, head.length, rest.length);
        Optional<RawRecord> r = RawRecord.parse(all);
        if (r.isEmpty() || r.get().target().flatMap(RecordCheck::articlePath).isEmpty()) {
            return null;
        }
        try {
            JsonNode j = JSON.readTree(new String(all, r.get().blockStart, r.get().blockLength, StandardCharsets.UTF_8));
            return j != null && j.isObject() ? j : null;
        } catch (IOException e) {
            return null;
        }
    }
}
