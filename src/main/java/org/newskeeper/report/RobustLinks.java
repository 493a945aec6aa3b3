package org.newskeeper.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.newskeeper.history.ArchiveIndex;
import org.newskeeper.history.Database;
import org.newskeeper.history.MementoCache;
import org.newskeeper.history.Preservation;
import org.newskeeper.history.Run;
import org.newskeeper.history.RunLink;
import org.newskeeper.history.RunStore;

/**
 * The Robust Links export ({@code newskeeper export robust-links}): per article and cited URL, the
 * original URL, its status and the best memento with its datetime, ready to decorate a re-published
 * page with {@code data-originalurl}, {@code data-versionurl} and {@code data-versiondate}. Our own
 * capture comes first (a replay URL of {@code newskeeper serve} and the article's
 * {@code urn:newskeeper} record), else a public archive's memento. Reads the database only.
 */
public final class RobustLinks {
    /** 14-digit replay timestamps. */
    private static final DateTimeFormatter DIGITS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The formats. */
    public enum Format { CSV, JSON, HTML }

    /** The CSV columns (and JSON keys), in order. */
    public static final List<String> COLUMNS = List.of("article", "article_record", "original_url", "status", "state",
            "version_url", "version_date", "version_source", "warc", "record_id");

    /**
     * One cited URL of one article.
     *
     * @param article       the article's path
     * @param articleRecord the article's WARC record target ({@code urn:newskeeper:<collection>:<path>})
     * @param originalUrl   the URL as checked
     * @param status        its status in the run
     * @param state         preserved, archived-elsewhere or lost (empty when alive)
     * @param versionUrl    the best memento: our replay URL, or the public one
     * @param versionDate   its datetime
     * @param versionSource "newskeeper" (ours) or the archive's name
     * @param warc          our WARC file holding the capture
     * @param recordId      its WARC-Record-ID
     */
    public record Row(String article, String articleRecord, String originalUrl, String status, Optional<String> state,
            Optional<String> versionUrl, Optional<Instant> versionDate, Optional<String> versionSource,
            Optional<String> warc, Optional<String> recordId) {
        public Row {
            Objects.requireNonNull(article, "article");
            Objects.requireNonNull(originalUrl, "originalUrl");
        }

        List<String> cells() {
            return List.of(article, articleRecord, originalUrl, status, state.orElse(""), versionUrl.orElse(""),
                    versionDate.map(Instant::toString).orElse(""), versionSource.orElse(""), warc.orElse(""),
                    recordId.orElse(""));
        }
    }

    private RobustLinks() {
    }

    /**
     * The rows of {@code run}: every citation of every URL, ordered by article then URL.
     *
     * @param replayBase where {@code newskeeper serve} answers ({@code http://127.0.0.1:8470})
     */
    public static List<Row> rows(Database db, RunStore store, Run run, String replayBase) throws IOException {
        List<RunLink> links = store.links(run.id());
        String collection = collection(run);
        List<String> failing = new ArrayList<>();
        for (RunLink l : links) {
            if (!alive(l.status())) {
                failing.add(l.url());
            }
        }
        Map<String, Preservation.Copy> copies = Preservation.of(db, failing);
        Map<String, MementoCache.Entry> publicOnes = new MementoCache(db).best(links.stream().map(RunLink::url).toList());
        Map<String, ArchiveIndex.PayloadEntry> ours = new org.newskeeper.history.LocalCaptures(db)
                .of(links.stream().map(RunLink::url).toList());
        List<Row> rows = new ArrayList<>();
        for (RunLink l : links) {
            Optional<String> state = Optional.ofNullable(copies.get(l.url())).map(c -> c.state().id());
            Optional<String> versionUrl = Optional.empty();
            Optional<Instant> versionDate = Optional.empty();
            Optional<String> source = Optional.empty();
            Optional<String> warc = Optional.empty();
            Optional<String> recordId = Optional.empty();
            ArchiveIndex.PayloadEntry capture = ours.get(l.url());
            MementoCache.Entry memento = publicOnes.get(l.url());
            if (capture != null) {
                Instant when = parse(capture.date());
                versionUrl = Optional.of(replayBase + "/replay/" + DIGITS.format(when) + "/" + capture.targetUri());
                versionDate = Optional.of(when);
                source = Optional.of("newskeeper");
                warc = Optional.of(capture.filename());
                recordId = Optional.of(capture.recordId());
            } else if (memento != null) {
                versionUrl = memento.memento();
                versionDate = memento.datetime();
                source = Optional.of(memento.archive());
            }
            for (org.newskeeper.linkstate.Citation c : l.citations()) {
                rows.add(new Row(c.path(), "urn:newskeeper:" + collection + ":" + c.path(), l.url(), l.status().id(), state,
                        versionUrl, versionDate, source, warc, recordId));
            }
        }
        rows.sort(Comparator.comparing(Row::article).thenComparing(Row::originalUrl));
        return rows;
    }

    private static boolean alive(org.newskeeper.linkstate.LinkStatus s) {
        return s.isAlive() || !s.isFailure() && s != org.newskeeper.linkstate.LinkStatus.BLOCKED;
    }

    private static Instant parse(String warcDate) {
        try {
            return Instant.parse(warcDate);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    private static String collection(Run run) {
        try {
            JsonNode s = JSON.readTree(run.settings());
            return s.path("collection").asText("news");
        } catch (IOException | RuntimeException e) {
            return "news";
        }
    }

    /** Writes {@code rows} in {@code format}. */
    public static void write(List<Row> rows, Format format, OutputStream out) throws IOException {
        switch (format) {
            case CSV -> csv(rows, out);
            case JSON -> json(rows, out);
            case HTML -> html(rows, out);
        }
    }

    private static void csv(List<Row> rows, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write(String.join(",", COLUMNS) + "\r\n");
        for (Row r : rows) {
            List<String> cells = new ArrayList<>();
            for (String c : r.cells()) {
                boolean quote = c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r");
                // a cell starting with = + - @ is not taken for a formula by spreadsheets
                String safe = !c.isEmpty() && "=+-@".indexOf(c.charAt(0)) >= 0 ? "'" + c : c;
                cells.add(quote ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe);
            }
            w.write(String.join(",", cells) + "\r\n");
        }
        w.flush();
    }

    private static void json(List<Row> rows, OutputStream out) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartArray();
            for (Row r : rows) {
                g.writeStartObject();
                List<String> cells = r.cells();
                for (int i = 0; i < COLUMNS.size(); i++) {
                    if (cells.get(i).isEmpty()) {
                        g.writeNullField(COLUMNS.get(i));
                    } else {
                        g.writeStringField(COLUMNS.get(i), cells.get(i));
                    }
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        out.flush();
    }

    private static void html(List<Row> rows, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Robust links</title></head><body>\n"
                + "<h1>Robust links</h1>\n<p>Each link carries <code>data-originalurl</code>, <code>data-versionurl</code>"
                + " and <code>data-versiondate</code> (Robust Links).</p>\n");
        Map<String, List<Row>> byArticle = new LinkedHashMap<>();
        for (Row r : rows) {
            byArticle.computeIfAbsent(r.article(), k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<Row>> e : byArticle.entrySet()) {
            w.write("<h2>" + Escape.html(e.getKey()) + "</h2>\n<ul>\n");
            for (Row r : e.getValue()) {
                w.write("<li><a href=\"" + Escape.html(r.originalUrl()) + "\" data-originalurl=\"" + Escape.html(r.originalUrl()) + "\"");
                if (r.versionUrl().isPresent()) {
                    w.write(" data-versionurl=\"" + Escape.html(r.versionUrl().get()) + "\"");
                }
                if (r.versionDate().isPresent()) {
                    w.write(" data-versiondate=\"" + DateTimeFormatter.ISO_LOCAL_DATE.format(r.versionDate().get()
                            .atOffset(ZoneOffset.UTC)) + "\"");
                }
                w.write(">" + Escape.html(r.originalUrl()) + "</a> " + Escape.html(r.status())
                        + r.state().map(s -> " (" + Escape.html(s) + ")").orElse("")
                        + r.versionSource().map(s -> ", copy: " + Escape.html(s)).orElse("") + "</li>\n");
            }
            w.write("</ul>\n");
        }
        w.write("</body></html>\n");
        w.flush();
    }
}
