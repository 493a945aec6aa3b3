package org.newskeeper.check;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.newskeeper.linkstate.Citation;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.linkstate.Redirect;

/**
 * Writes a {@link LinkReport} as the JSON of {@code newskeeper links --format json}:
 * <pre>
 * {"summary": {"ok": 3, ...},
 *  "links": [{"url", "status", "code", "final_url", "redirects": [{"url", "code"}], "error",
 *             "referrers": [{"path", "role", "line"}], "first_seen", "last_ok",
 *             "consecutive_failures", "confirmed", "from_history", "is_new", ...}],
 *  "run": {...}}
 * </pre>
 * Absent values are {@code null}; times are ISO-8601 instants. Streams: no tree of the whole report.
 */
public final class LinkReportJson {
    private LinkReportJson() {
    }

    public static void write(LinkReport report, Writer out) throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeObjectFieldStart("summary");
        for (Map.Entry<LinkStatus, Integer> e : report.summary().entrySet()) {
            g.writeNumberField(e.getKey().id(), e.getValue());
        }
        g.writeEndObject();
        g.writeArrayFieldStart("links");
        for (LinkOutcome o : report.links()) {
            writeLink(g, o);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("run");
        g.writeNumberField("id", report.runId());
        g.writeStringField("started", report.started().toString());
        g.writeStringField("finished", report.finished().toString());
        g.writeNumberField("urls", report.links().size());
        g.writeNumberField("requested", report.requested());
        g.writeNumberField("confirmed", report.confirmed().size());
        g.writeBooleanField("resumed", report.resumed());
        if (report.unavailable().isPresent()) {
            g.writeStringField("network_unavailable", report.unavailable().get());
        } else {
            g.writeNullField("network_unavailable");
        }
        g.writeArrayFieldStart("hosts_down");
        for (HostEvent h : report.hostEvents()) {
            g.writeStartObject();
            g.writeStringField("host", h.host());
            g.writeStringField("status", h.status().id());
            g.writeStringField("error", h.error());
            g.writeNumberField("attempts", h.attempts());
            g.writeNumberField("not_requested", h.notRequested());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("head_only", report.headOnly());
        if (report.deferred().total() > 0) {
            g.writeObjectFieldStart("deferred");
            g.writeNumberField("new", report.deferred().newUrls());
            g.writeNumberField("failing", report.deferred().failing());
            g.writeNumberField("alive", report.deferred().alive());
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
        g.flush();
        out.write(System.lineSeparator());
        out.flush();
    }

    private static void writeLink(JsonGenerator g, LinkOutcome o) throws IOException {
        g.writeStartObject();
        g.writeStringField("url", o.url());
        g.writeStringField("status", o.status().id());
        if (o.code().isPresent()) {
            g.writeNumberField("code", o.code().get());
        } else {
            g.writeNullField("code");
        }
        string(g, "final_url", o.finalUrl());
        g.writeArrayFieldStart("redirects");
        for (Redirect r : o.redirects()) {
            g.writeStartObject();
            g.writeStringField("url", r.url());
            g.writeNumberField("code", r.code());
            g.writeEndObject();
        }
        g.writeEndArray();
        string(g, "error", o.error());
        g.writeArrayFieldStart("referrers");
        for (Citation r : o.citations()) {
            g.writeStartObject();
            g.writeStringField("path", r.path());
            g.writeStringField("role", r.role().id());
            g.writeNumberField("line", r.line());
            if (r.via().isPresent()) {
                g.writeStringField("via", r.via().get());
                string(g, "expected", r.expected());
                g.writeBooleanField("share_mismatch", o.shareMismatch(r));
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        string(g, "first_seen", o.firstSeen().map(Instant::toString));
        string(g, "last_ok", o.lastOk().map(Instant::toString));
        g.writeNumberField("consecutive_failures", o.consecutiveFailures());
        g.writeBooleanField("confirmed", o.confirmed());
        g.writeBooleanField("from_history", o.fromHistory());
        g.writeBooleanField("is_new", o.isNew());
        g.writeBooleanField("resumed", o.resumed());
        g.writeStringField("checked_at", o.checkedAt().toString());
        if (!o.redirects().isEmpty()) {
            g.writeStringField("redirect", o.permanentRedirect() ? "permanent" : "temporary");
        }
        g.writeBooleanField("share_mismatch", o.shareMismatch());
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, String name, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            g.writeStringField(name, value.get());
        } else {
            g.writeNullField(name);
        }
    }
}
