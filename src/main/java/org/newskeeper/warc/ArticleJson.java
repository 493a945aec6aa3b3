package org.newskeeper.warc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import org.newskeeper.corpus.Article;
import org.newskeeper.links.Link;
import org.newskeeper.rules.CheckedArticle;
import org.newskeeper.rules.Finding;

/**
 * The JSON block of an article's metadata record: the article model, its findings, its links with statuses.
 * Written field by field with a streaming generator (no tree is built): the bytes are those the
 * tree of earlier versions serialised to, key for key.
 */
final class ArticleJson {
    private static final JsonFactory JSON = new JsonFactory();

    private ArticleJson() {
    }

    /**
     * @param statuses the latest statuses of the article's links, keyed by {@link KnownLinks#checkedUrl}
     *                 as given to {@link KnownLinks#latest(java.util.Collection)}; a link whose URL is
     *                 not a key is looked up by the link checker's normalised key among them
     */
    static byte[] of(String collection, CheckedArticle checked, String resourceId, String digest, long length,
            Map<String, KnownLink> statuses) {
        Article a = checked.article();
        ByteArrayBuilder out = new ByteArrayBuilder(4096);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("format", "newskeeper-article-metadata/1");
            g.writeStringField("collection", collection);
            g.writeObjectFieldStart("resource");
            g.writeStringField("record_id", resourceId);
            g.writeStringField("digest", digest);
            g.writeNumberField("length", length);
            g.writeEndObject();
            g.writeObjectFieldStart("article");
            g.writeStringField("path", a.path());
            g.writeStringField("dialect", a.dialect().id());
            put(g, "timestamp", a.timestamp().map(Object::toString));
            put(g, "title", a.title());
            put(g, "source", a.source());
            put(g, "published", a.published().map(Object::toString));
            g.writeEndObject();
            g.writeArrayFieldStart("findings");
            for (Finding f : checked.findings()) {
                g.writeStartObject();
                g.writeStringField("rule", f.rule());
                g.writeStringField("severity", f.severity().id());
                g.writeStringField("path", f.path());
                g.writeNumberField("line", f.line());
                g.writeStringField("message", f.message());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("links");
            KnownLinks normalised = null;
            for (Link l : a.links()) {
                g.writeStartObject();
                g.writeStringField("url", l.url());
                g.writeStringField("role", l.role().id());
                g.writeStringField("decoded", l.decoded());
                put(g, "target", l.target());
                g.writeNumberField("line", l.line());
                String checkedUrl = KnownLinks.checkedUrl(l);
                KnownLink st = statuses.get(checkedUrl);
                if (st == null && !statuses.isEmpty()) {
                    if (normalised == null) {
                        normalised = KnownLinks.of(statuses);
                    }
                    st = normalised.latest(checkedUrl).orElse(null);
                }
                if (st != null) {
                    g.writeObjectFieldStart("latest");
                    g.writeStringField("status", st.status().id());
                    if (st.code().isPresent()) {
                        g.writeNumberField("code", st.code().get());
                    } else {
                        g.writeNullField("code");
                    }
                    put(g, "final_url", st.finalUrl());
                    put(g, "checked_at", st.checkedAt());
                    g.writeEndObject();
                } else {
                    g.writeNullField("latest");
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise article metadata", e);
        }
        return out.toByteArray();
    }

    private static void put(JsonGenerator g, String key, Optional<String> value) throws IOException {
        if (value.isPresent()) {
            g.writeStringField(key, value.get());
        } else {
            g.writeNullField(key);
        }
    }
}
