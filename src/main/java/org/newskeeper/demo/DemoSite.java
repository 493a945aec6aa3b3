package org.newskeeper.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.newskeeper.check.AddressPolicy;
import org.newskeeper.check.TimeGateOptions;
import org.newskeeper.corpus.Article;
import org.newskeeper.corpus.ArticleParser;
import org.newskeeper.corpus.Corpus;
import org.newskeeper.corpus.CorpusFile;
import org.newskeeper.links.Link;
import org.newskeeper.links.Role;

/**
 * The web double set up for a corpus: every page, image and share target the articles cite is
 * alive, and {@link #EXAMPLE_FAULTS} make some of {@code examples/corpus}'s links fail the way real
 * sites do. For the demo's two nights, the double also answers as a public web archive's Memento
 * TimeGate ({@link #TIMEGATE_HOST}) holding mementos of {@link #EXAMPLE_ARCHIVED}, and
 * {@link #EXAMPLE_SECOND_NIGHT_FAULTS} kill a link that was alive (and captured) on the first night.
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

    /** A link of an example article that the double's public archive holds mementos of. */
    public record Archived(String path, Role role) {
    }

    /** The failing links of the examples that a public archive holds (two mementos each, the closest one found). */
    public static final List<Archived> EXAMPLE_ARCHIVED = List.of(
            new Archived("rfi/1100102.md", Role.SOURCE),
            new Archived("rfi/1100103.md", Role.IMAGE),
            new Archived("bbc/world-53470962.md", Role.SOURCE));

    /**
     * The link that dies between the demo's two nights: alive on the first night, so that the pack
     * stage captures it (page and image), and 404 on the second; no public archive holds it, so only
     * our own capture preserves it.
     */
    public static final List<Entry> EXAMPLE_SECOND_NIGHT_FAULTS = List.of(
            new Entry("rfi/1100101.md", Role.SOURCE, Fault.NOT_FOUND));

    /**
     * The host of the double's TimeGate: a reserved name ({@code .example}, RFC 2606) that no public
     * resolver answers, reached only through the double's host map.
     */
    public static final String TIMEGATE_HOST = "archive.example";

    /** How soon after the citing article's timestamp the closest memento was made; another one is a year later. */
    public static final Duration MEMENTO_AFTER = Duration.ofHours(3);
    private static final Duration LATER_MEMENTO_AFTER = Duration.ofDays(400);
    /** Requests per second to the double's TimeGate: it is on loopback, so the demo asks quickly. */
    public static final double ARCHIVE_RATE = 50;

    private DemoSite() {
    }

    /**
     * Starts the double of the demo over {@code corpus}: {@link #EXAMPLE_FAULTS}, and the TimeGate at
     * {@link #TIMEGATE_HOST} holding mementos of {@link #EXAMPLE_ARCHIVED}.
     */
    public static WebDouble startExample(Path corpus) throws IOException {
        WebDouble d = WebDouble.start();
        try {
            Map<String, Article> articles = serve(d, corpus);
            for (Map.Entry<Entry, String> e : resolve(articles, EXAMPLE_FAULTS).entrySet()) {
                e.getKey().fault().apply(d, e.getValue());
            }
            archive(d, articles, EXAMPLE_ARCHIVED);
            return d;
        } catch (IOException | RuntimeException e) {
            d.close();
            throw e;
        }
    }

    /**
     * Makes {@code d} answer as a TimeGate at {@link #TIMEGATE_HOST} with two mementos of each link of
     * {@code archived}: {@link #MEMENTO_AFTER} after its article's timestamp (the one a lookup finds),
     * and a year later. Returns the URLs archived.
     */
    public static List<String> archive(WebDouble d, Map<String, Article> articles, List<Archived> archived) {
        d.timeGate(TIMEGATE_HOST);
        List<String> urls = new ArrayList<>();
        for (Archived a : archived) {
            Article article = articles.get(a.path());
            if (article == null) {
                continue;
            }
            Optional<String> url = url(article, a.role());
            if (url.isEmpty()) {
                continue;
            }
            Instant base = article.timestamp().or(article::published).orElse(Instant.parse("2020-01-01T00:00:00Z"));
            d.memento(url.get(), base.plus(MEMENTO_AFTER));
            d.memento(url.get(), base.plus(LATER_MEMENTO_AFTER));
            urls.add(url.get());
        }
        return urls;
    }

    /** The TimeGate prefix of {@link #TIMEGATE_HOST}, as {@code [archives] timegates} takes it. */
    public static String timeGatePrefix() {
        return "http://" + TIMEGATE_HOST + WebDouble.TIMEGATE_PATH;
    }

    /**
     * How the demo asks public archives: only the double's TimeGate, through the double's host map
     * (the address policy stays on; only mapped hosts reach loopback), at {@link #ARCHIVE_RATE}.
     */
    public static TimeGateOptions archiveOptions(WebDouble d) {
        return TimeGateOptions.defaults().withTimegates(List.of(timeGatePrefix())).withRate(ARCHIVE_RATE)
                .withHostMap(d.hostMap()).withAddressPolicy(AddressPolicy.PUBLIC_ONLY);
    }

    /** Applies {@link #EXAMPLE_SECOND_NIGHT_FAULTS} to {@code d}; returns the URLs that now fail. */
    public static List<String> startSecondNight(WebDouble d, Path corpus) throws IOException {
        List<String> killed = new ArrayList<>();
        for (Map.Entry<Entry, String> e : resolve(articles(corpus), EXAMPLE_SECOND_NIGHT_FAULTS).entrySet()) {
            e.getKey().fault().apply(d, e.getValue());
            killed.add(e.getValue());
        }
        return killed;
    }

    /** The articles under {@code corpus} by path. */
    static Map<String, Article> articles(Path corpus) throws IOException {
        Map<String, Article> byPath = new LinkedHashMap<>();
        try (Stream<CorpusFile> files = Corpus.files(corpus)) {
            files.forEach(f -> byPath.put(f.path(), ArticleParser.parse(f)));
        }
        return byPath;
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
        Map<String, Article> byPath = articles(corpus);
        for (Article a : byPath.values()) {
            String title = a.title().orElse(a.path());
            List<String> images = a.links().stream().filter(l -> l.role() == Role.IMAGE).map(Link::url)
                    .filter(DemoSite::isHttp).toList();
            // one page object per article behind all its URLs: built when requested, never copied per URL
            WebDouble.Page sourcePage = new WebDouble.Page(title, images);
            WebDouble.Page linkPage = new WebDouble.Page(title, List.of());
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
                            // an article's own page shows its pictures, so a replay of our capture shows them too
                            d.serve(l.url(), l.role() == Role.SOURCE ? sourcePage : linkPage);
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
            url(a, e.role()).ifPresent(u -> out.put(e, u));
        }
        return out;
    }

    /** The first http(s) link of {@code role} of {@code a} (its source for {@link Role#SOURCE}). */
    private static Optional<String> url(Article a, Role role) {
        Optional<String> url = role == Role.SOURCE
                ? a.source()
                : a.links().stream().filter(l -> l.role() == role).map(Link::url).findFirst();
        return url.filter(DemoSite::isHttp);
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
