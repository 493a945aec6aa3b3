package org.newskeeper.history;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.newskeeper.links.Role;
import org.newskeeper.linkstate.Citation;

/**
 * The {@code run_link.citations} column: a URL's citations as JSON,
 * {@code [{"path":"rfi/1.md","role":"source"}]}, role ids as in the reports. A citation's
 * {@code line}, {@code via} and {@code expected} are written only when it has them and are optional
 * when read, so the rows of older databases (path and role only) load as they are.
 */
final class CitationsJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Stored>> LIST = new TypeReference<>() { };

    private CitationsJson() {
    }

    /** One citation as stored; absent fields are left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Stored(String path, String role, Integer line, String via, String expected) {
    }

    static String write(List<Citation> citations) throws JsonProcessingException {
        List<Stored> list = new ArrayList<>(citations.size());
        for (Citation c : citations) {
            list.add(new Stored(c.path(), c.role().id(), c.line() == 0 ? null : c.line(), c.via().orElse(null),
                    c.expected().orElse(null)));
        }
        return JSON.writeValueAsString(list);
    }

    static List<Citation> read(String json) throws JsonProcessingException {
        List<Stored> stored = JSON.readValue(json, LIST);
        List<Citation> list = new ArrayList<>(stored.size());
        for (Stored s : stored) {
            if (s.path() == null || s.role() == null) {
                throw JsonMappingException.from((JsonParser) null, "a citation without its path or role: " + json);
            }
            try {
                list.add(new Citation(s.path(), Role.valueOf(s.role().toUpperCase(Locale.ROOT)),
                        s.line() == null ? 0 : s.line(), Optional.ofNullable(s.via()), Optional.ofNullable(s.expected())));
            } catch (IllegalArgumentException e) {
                throw JsonMappingException.from((JsonParser) null, "a citation that cannot be read (" + e.getMessage()
                        + "): " + json, e);
            }
        }
        return list;
    }
}
