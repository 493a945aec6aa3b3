package org.newskeeper.warc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.newskeeper.corpus.Article;
import org.newskeeper.links.Link;
import org.newskeeper.rules.CheckedArticle;
import org.newskeeper.rules.Finding;

/** The JSON block of an article's metadata record: the article model, its findings, its links with statuses. */
final class ArticleJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ArticleJson() {
    }

    static byte[] of(String collection, CheckedArticle checked, String resourceId, String digest, long length,
            KnownLinks statuses) {
        Article a = checked.article();
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "newskeeper-article-metadata/1");
        root.put("collection", collection);
        ObjectNode resource = root.putObject("resource");
        resource.put("record_id", resourceId);
        resource.put("digest", digest);
        resource.put("length", length);
        ObjectNode article = root.putObject("article");
        article.put("path", a.path());
        article.put("dialect", a.dialect().id());
        put(article, "timestamp", a.timestamp().map(Object::toString));
        put(article, "title", a.title());
        put(article, "source", a.source());
        put(article, "published", a.published().map(Object::toString));
        ArrayNode findings = root.putArray("findings");
        for (Finding f : checked.findings()) {
            ObjectNode o = findings.addObject();
            o.put("rule", f.rule());
            o.put("severity", f.severity().id());
            o.put("path", f.path());
            o.put("line", f.line());
            o.put("message", f.message());
        }
        ArrayNode links = root.putArray("links");
        for (Link l : a.links()) {
            ObjectNode o = links.addObject();
            o.put("url", l.url());
            o.put("role", l.role().id());
            o.put("decoded", l.decoded());
            put(o, "target", l.target());
            o.put("line", l.line());
            Optional<KnownLink> s = statuses.latest(KnownLinks.checkedUrl(l));
            if (s.isPresent()) {
                KnownLink st = s.get();
                ObjectNode so = o.putObject("latest");
                so.put("status", st.status().id());
                if (st.code().isPresent()) {
                    so.put("code", st.code().get());
                } else {
                    so.putNull("code");
                }
                put(so, "final_url", st.finalUrl());
                put(so, "checked_at", st.checkedAt());
            } else {
                o.putNull("latest");
            }
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise article metadata", e);
        }
    }

    private static void put(ObjectNode o, String key, Optional<String> value) {
        if (value.isPresent()) {
            o.put(key, value.get());
        } else {
            o.putNull(key);
        }
    }
}
