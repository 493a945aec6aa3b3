package org.newskeeper.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.newskeeper.corpus.Article;
import org.newskeeper.corpus.ArticleParser;
import org.newskeeper.corpus.Corpus;
import org.newskeeper.corpus.CorpusFile;
import org.newskeeper.links.Link;
import org.newskeeper.links.Role;

/**
 * The web double set up for a corpus: every page, image and share target the articles cite is
 * alive, and {@link #EXAMPLE_FAULTS} make some of {@code examples/corpus}'s links fail the way real
 * sites do.
 */
public final class DemoSite {
    /** Which link of which example article fails, and how. */
    public record Entry(String path, Role role, Fault fault) {
    }

    /** The faults the demo shows on {@code examples/corpus}. */
    public static final List<Entry> EXAMPLE_FAULTS = List.of(
            new Entry("rfi/1100102.md", Role.SOURCE, Fault.NOT_FOUND),
            new Entry("rfi/1100103.md", Role.IMAGE, Fault.GONE),
            new Entry("rfi/1100103.md", Role.LINK, Fault.MOVED_PERMANENTLY),
            new Entry("rfi/1100104.md", Role.SOURCE, Fault.SERVICE_UNAVAILABLE),
            new Entry("rfi/1100105.md", Role.SOURCE, Fault.NOT_FOUND),
            new Entry("rfi/1100105.md", Role.IMAGE, Fault.NOT_FOUND),
            new Entry("voa/5510301.md", Role.SOURCE, Fault.REDIRECT_HOME),
            new Entry("voa/5510302.md", Role.SOURCE, Fault.MOVED_PERMANENTLY),
            new Entry("voa/5510302.md", Role.IMAGE, Fault.TOO_MANY_REQUESTS),
            new Entry("bbc/world-53470962.md", Role.SOURCE, Fault.BOT_WALL),
            new Entry("bbc/chinese-news-53480001.md", Role.SOURCE, Fault.SLOW));

    private DemoSite() {
    }

    /** Starts a double serving {@code corpus} with {@code faults} applied. */
    public static WebDouble start(Path corpus, List<Entry> faults) throws IOException {
        WebDouble d = WebDouble.start();
        try {
            Map<String, Article> articles = serve(d, corpus);
            for (Map.Entry<Entry, String> e : resolve(articles, faults).entrySet()) {
                e.getKey().fault().apply(d, e.getValue());
            }
            return d;
        } catch (IOException | RuntimeException e) {
            d.close();
            throw e;
        }
    }

    /**
     * Serves every URL the articles under {@code corpus} cite as alive: pages for sources and links,
     * images for images, share targets as a 301 to the article's source. Share endpoints are mapped
     * but not served. Returns the articles by path.
     */
    public static Map<String, Article> serve(WebDouble d, Path corpus) throws IOException {
        Map<String, Article> byPath = new LinkedHashMap<>();
        try (Stream<CorpusFile> files = Corpus.files(corpus)) {
            files.forEach(f -> byPath.put(f.path(), ArticleParser.parse(f)));
        }
        for (Article a : byPath.values()) {
            String title = a.title().orElse(a.path());
            for (Link l : a.links()) {
                if (!isHttp(l.url()) && l.role() != Role.SHARE) {
                    continue;
                }
                switch (l.role()) {
                    case IMAGE -> d.image(l.url());
                    case SHARE -> {
                        if (isHttp(l.url())) {
                            host(l.url()).ifPresent(d::mapHost);
                        }
                        Optional<String> source = a.source().filter(DemoSite::isHttp);
                        if (l.target().filter(DemoSite::isHttp).isPresent() && source.isPresent()
                                && !l.target().get().equals(source.get())) {
                            d.serve(l.target().get(), WebDouble.Response.redirect(301, source.get()));
                        }
                    }
                    default -> {
                        if (d.route(l.url()).isEmpty()) {
                            d.page(l.url(), title);
                        }
                    }
                }
            }
        }
        return byPath;
    }

    /** The URL each fault applies to: the first link of that role in that article. */
    public static Map<Entry, String> resolve(Map<String, Article> articles, List<Entry> faults) {
        Map<Entry, String> out = new LinkedHashMap<>();
        for (Entry e : faults) {
            Article a = articles.get(e.path());
            if (a == null) {
                continue;
            }
            Optional<String> url = e.role() == Role.SOURCE
                    ? a.source()
                    : a.links().stream().filter(l -> l.role() == e.role()).map(Link::url).findFirst();
            url.filter(DemoSite::isHttp).ifPresent(u -> out.put(e, u));
        }
        return out;
    }

    static boolean isHttp(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        return u.startsWith("http://") || u.startsWith("https://");
    }

    private static Optional<String> host(String url) {
        try {
            return Optional.ofNullable(URI.create(url).getHost());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
