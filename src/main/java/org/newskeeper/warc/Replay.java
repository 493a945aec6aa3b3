package org.newskeeper.warc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResource;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcRevisit;

/**
 * Replays the captures of our WARC files (read with jwarc): an index of every response, resource
 * and revisit record by target URI and date, built once from the WARC folder, and the replay of the
 * capture closest to a date. HTML is served with its links rewritten to {@link #PREFIX}{@code <date>/<url>},
 * so that a replayed page takes its images, styles and scripts from the archive, never the live web.
 * A revisit (identical payload) is replayed from the record it refers to.
 */
public final class Replay {
    /** The path prefix of replay URLs: {@code /replay/<14 digits>/<url>}. */
    public static final String PREFIX = "/replay/";
    /** 14-digit WARC/Wayback timestamps. */
    public static final DateTimeFormatter DIGITS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final long MAX_BODY = 64L << 20;

    /** Where a record is: a WARC file, or a WARC inside a WACZ ({@code entry} names it). */
    private record Location(Path file, Optional<String> entry, long offset) {
        Location(Path file, long offset) {
            this(file, Optional.empty(), offset);
        }
    }

    /**
     * A capture as replayed.
     *
     * @param uri         the URL captured
     * @param date        when
     * @param status      the HTTP status captured
     * @param contentType its media type
     * @param body        the payload (HTML rewritten to replay URLs)
     */
    public record Replayed(String uri, Instant date, int status, String contentType, byte[] body) {
    }

    private final Map<String, NavigableMap<Instant, Location>> index;
    private final int records;

    private Replay(Map<String, NavigableMap<Instant, Location>> index, int records) {
        this.index = index;
        this.records = records;
    }

    /** Indexes the {@code .warc} and {@code .warc.gz} files under {@code folder} (empty when there is none). */
    public static Replay of(Path folder) throws IOException {
        Map<String, NavigableMap<Instant, Location>> index = new HashMap<>();
        record Pending(String uri, Instant date, String refersToUri, Instant refersToDate) {
        }
        List<Pending> revisits = new ArrayList<>();
        int count = 0;
        if (!Files.isDirectory(folder)) {
            return new Replay(index, 0);
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(folder, 3)) {
            files = s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".warc") || n.endsWith(".warc.gz") || n.endsWith(".wacz");
            }).sorted().toList();
        }
        for (Path f : files) {
            if (f.getFileName().toString().endsWith(".wacz")) {
                count += indexWacz(f, index, (uri, date, refUri, refDate) -> revisits.add(new Pending(uri, date, refUri, refDate)));
                continue;
            }
            try (WarcReader reader = new WarcReader(f)) {
                reader.setLenient(true);
                for (Optional<WarcRecord> r = reader.next(); r.isPresent(); r = reader.next()) {
                    long offset = reader.position();
                    WarcRecord rec = r.get();
                    if (rec instanceof WarcResponse resp) {
                        if (put(index, resp.target(), resp.date(), new Location(f, offset))) {
                            count++;
                        }
                    } else if (rec instanceof WarcResource res) {
                        if (put(index, res.target(), res.date(), new Location(f, offset))) {
                            count++;
                        }
                    } else if (rec instanceof WarcRevisit rv && rv.refersToTargetURI().isPresent()
                            && rv.refersToDate().isPresent()) {
                        revisits.add(new Pending(rv.target(), rv.date(), rv.refersToTargetURI().get().toString(),
                                rv.refersToDate().get()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw new IOException(f + ": cannot index for replay: " + e.getMessage(), e);
            }
        }
        for (Pending p : revisits) {
            NavigableMap<Instant, Location> orig = index.get(p.refersToUri());
            Location l = orig == null ? null : orig.get(p.refersToDate());
            if (l != null) {
                if (put(index, p.uri(), p.date(), l)) {
                    count++;
                }
            }
        }
        return new Replay(index, count);
    }

    private interface RevisitSink {
        void add(String uri, Instant date, String refersToUri, Instant refersToDate);
    }

    /** Indexes the WARCs stored in a WACZ's {@code archive/} folder; returns how many captures. */
    private static int indexWacz(Path wacz, Map<String, NavigableMap<Instant, Location>> index, RevisitSink revisits)
            throws IOException {
        int count = 0;
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(wacz.toFile())) {
            for (java.util.zip.ZipEntry e : java.util.Collections.list(zip.entries())) {
                String name = e.getName();
                if (!name.startsWith("archive/") || !(name.endsWith(".warc") || name.endsWith(".warc.gz"))) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(e); WarcReader reader = new WarcReader(in)) {
                    reader.setLenient(true);
                    for (Optional<WarcRecord> r = reader.next(); r.isPresent(); r = reader.next()) {
                        long offset = reader.position();
                        WarcRecord rec = r.get();
                        Location l = new Location(wacz, Optional.of(name), offset);
                        if (rec instanceof WarcResponse resp) {
                            if (put(index, resp.target(), resp.date(), l)) {
                                count++;
                            }
                        } else if (rec instanceof WarcResource res) {
                            if (put(index, res.target(), res.date(), l)) {
                                count++;
                            }
                        } else if (rec instanceof WarcRevisit rv && rv.refersToTargetURI().isPresent()
                                && rv.refersToDate().isPresent()) {
                            revisits.add(rv.target(), rv.date(), rv.refersToTargetURI().get().toString(),
                                    rv.refersToDate().get());
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IOException(wacz + ": cannot index for replay: " + e.getMessage(), e);
        }
        return count;
    }

    /** Adds a capture; whether it is new (the same record in a WARC and in a WACZ counts once). */
    private static boolean put(Map<String, NavigableMap<Instant, Location>> index, String uri, Instant date, Location l) {
        return index.computeIfAbsent(uri, k -> new TreeMap<>()).putIfAbsent(date, l) == null;
    }

    /** How many captures can be replayed. */
    public int size() {
        return records;
    }

    /** Whether {@code uri} was captured. */
    public boolean holds(String uri) {
        return index.containsKey(uri);
    }

    /** The dates {@code uri} was captured at, oldest first. */
    public List<Instant> dates(String uri) {
        NavigableMap<Instant, Location> m = index.get(uri);
        return m == null ? List.of() : List.copyOf(m.keySet());
    }

    /** The replay path of {@code uri} captured closest to {@code date}, if it was captured. */
    public Optional<String> path(String uri, Instant date) {
        return closest(uri, date).map(d -> PREFIX + DIGITS.format(d) + "/" + uri);
    }

    private Optional<Instant> closest(String uri, Instant date) {
        NavigableMap<Instant, Location> m = index.get(uri);
        if (m == null || m.isEmpty()) {
            return Optional.empty();
        }
        Instant a = m.floorKey(date);
        Instant b = m.ceilingKey(date);
        if (a == null) {
            return Optional.of(b);
        }
        if (b == null) {
            return Optional.of(a);
        }
        return Optional.of(Duration.between(a, date).compareTo(Duration.between(date, b)) <= 0 ? a : b);
    }

    /**
     * Replays a replay path's target: {@code <14 digits>/<url>} (the part after {@link #PREFIX}), or
     * {@code <url>} alone for the latest capture. Empty when the URL was never captured.
     */
    public Optional<Replayed> replay(String afterPrefix) throws IOException {
        Instant date = Instant.now();
        String uri = afterPrefix;
        if (afterPrefix.length() > 15 && afterPrefix.substring(0, 14).chars().allMatch(Character::isDigit)
                && afterPrefix.charAt(14) == '/') {
            date = DIGITS.parse(afterPrefix.substring(0, 14), Instant::from);
            uri = afterPrefix.substring(15);
        }
        return replay(uri, date);
    }

    /** Replays the capture of {@code uri} closest to {@code date}. */
    public Optional<Replayed> replay(String uri, Instant date) throws IOException {
        Optional<Instant> at = closest(uri, date);
        if (at.isEmpty()) {
            return Optional.empty();
        }
        Location l = index.get(uri).get(at.get());
        if (l.entry().isPresent()) {
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(l.file().toFile())) {
                java.util.zip.ZipEntry e = zip.getEntry(l.entry().get());
                if (e == null) {
                    throw new IOException(l.file() + ": no entry " + l.entry().get());
                }
                try (InputStream in = zip.getInputStream(e)) {
                    in.skipNBytes(l.offset());
                    WarcReader reader = new WarcReader(in);
                    WarcRecord rec = reader.next().orElseThrow(() -> new IOException(l.file() + "!" + l.entry().get()
                            + ": no record at " + l.offset()));
                    return Optional.of(replayed(rec, uri, at.get()));
                }
            }
        }
        try (FileChannel ch = FileChannel.open(l.file(), StandardOpenOption.READ)) {
            ch.position(l.offset());
            WarcReader reader = new WarcReader(ch);
            WarcRecord rec = reader.next().orElseThrow(() -> new IOException(l.file() + ": no record at " + l.offset()));
            return Optional.of(replayed(rec, uri, at.get()));
        }
    }

    private static Replayed replayed(WarcRecord rec, String uri, Instant at) throws IOException {
        {
            int status = 200;
            String type;
            byte[] body;
            if (rec instanceof WarcResponse resp) {
                HttpResponse http = resp.http();
                status = http.status();
                type = http.headers().first("Content-Type").orElse("application/octet-stream");
                body = read(http.bodyDecoded().stream());
            } else {
                type = rec.contentType().toString();
                body = read(rec.body().stream());
            }
            if (isHtml(type)) {
                body = rewrite(body, charset(type), uri, at);
                type = "text/html; charset=utf-8";
            }
            return new Replayed(uri, rec.date(), status, type, body);
        }
    }

    private static byte[] read(InputStream in) throws IOException {
        byte[] b = in.readNBytes((int) MAX_BODY);
        return b;
    }

    private static boolean isHtml(String type) {
        try {
            String base = MediaType.parseLeniently(type).base().toString();
            return base.equals("text/html") || base.equals("application/xhtml+xml");
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Charset charset(String type) {
        int i = type.toLowerCase(Locale.ROOT).indexOf("charset=");
        if (i >= 0) {
            try {
                return Charset.forName(type.substring(i + 8).replace("\"", "").split(";")[0].strip());
            } catch (RuntimeException e) {
                return StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static final String[] ATTRIBUTES = {"src", "href", "poster", "data-src", "action"};

    /** Points every http(s) reference of the page at its replay URL (the server answers 404 for what was not captured). */
    static byte[] rewrite(byte[] html, Charset charset, String base, Instant date) {
        Document doc = Jsoup.parse(new String(html, charset), base);
        String prefix = PREFIX + DIGITS.format(date) + "/";
        for (String attr : ATTRIBUTES) {
            for (Element e : doc.select("[" + attr + "]")) {
                String abs = e.absUrl(attr);
                if (abs.startsWith("http://") || abs.startsWith("https://")) {
                    e.attr(attr, prefix + abs);
                }
            }
        }
        for (Element e : doc.select("[srcset]")) {
            StringBuilder b = new StringBuilder();
            for (String part : e.attr("srcset").split(",")) {
                String[] p = part.strip().split("\\s+", 2);
                if (p[0].isEmpty()) {
                    continue;
                }
                String abs = org.jsoup.internal.StringUtil.resolve(base, p[0]);
                b.append(b.length() == 0 ? "" : ", ").append(abs.startsWith("http") ? prefix + abs : p[0])
                        .append(p.length > 1 ? " " + p[1] : "");
            }
            e.attr("srcset", b.toString());
        }
        doc.select("base").remove();
        doc.outputSettings().charset(StandardCharsets.UTF_8);
        return doc.outerHtml().getBytes(StandardCharsets.UTF_8);
    }
}
