package org.newskeeper.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.Writer;
import org.newskeeper.history.RunStage;
import org.newskeeper.history.Stage;
import org.newskeeper.linkstate.Confirmation;
import org.newskeeper.linkstate.LinkStatus;
import org.newskeeper.rules.Severity;

/** {@code report.json}: the whole {@link Report}, keys in snake_case, documented in docs/report.md. */
final class JsonReport implements ReportWriter {
    static final ObjectMapper MAPPER = mapper();

    @Override
    public String fileName() {
        return "report.json";
    }

    @Override
    public void write(Report report, Writer out) throws IOException {
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(new NonClosing(out), report);
        out.write('\n');
    }

    /** The report as a JSON text (also embedded in report.html for scripts that want it). */
    static String text(Report report) throws IOException {
        return MAPPER.writeValueAsString(report);
    }

    private static ObjectMapper mapper() {
        SimpleModule m = new SimpleModule("newskeeper-report");
        m.addSerializer(Severity.class, new StdSerializer<>(Severity.class) {
            @Override
            public void serialize(Severity v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(v.id());
            }
        });
        m.addSerializer(RunStage.State.class, new StdSerializer<>(RunStage.State.class) {
            @Override
            public void serialize(RunStage.State v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(v.id());
            }
        });
        m.addSerializer(Stage.class, new StdSerializer<>(Stage.class) {
            @Override
            public void serialize(Stage v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(v.id());
            }
        });
        m.addSerializer(LinkStatus.class, new StdSerializer<>(LinkStatus.class) {
            @Override
            public void serialize(LinkStatus v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(v.id());
            }
        });
        m.addSerializer(Confirmation.class, new StdSerializer<>(Confirmation.class) {
            @Override
            public void serialize(Confirmation v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(v.id());
            }
        });
        m.setMixInAnnotation(RunStage.class, StageMixin.class);
        m.setMixInAnnotation(Report.class, ReportMixin.class);
        m.setMixInAnnotation(Report.LinkProblem.class, LinkProblemMixin.class);
        m.setMixInAnnotation(Report.Copy.class, CopyMixin.class);
        m.setMixInAnnotation(Report.Citing.class, CitingMixin.class);
        m.setMixInAnnotation(Report.Changes.class, ChangesMixin.class);
        m.setMixInAnnotation(Report.HealthPoint.class, HealthPointMixin.class);
        return JsonMapper.builder()
                .addModule(new Jdk8Module())
                .addModule(new JavaTimeModule())
                .addModule(m)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // a map's keys in one order whatever map holds them: the same report is the same bytes
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .build();
    }

    abstract static class StageMixin {
        @JsonIgnore
        abstract String data();
    }

    abstract static class ReportMixin {
        @JsonProperty("has_new_problems")
        abstract boolean hasNewProblems();

        @JsonProperty("network_unavailable")
        abstract boolean networkUnavailable();
    }

    abstract static class LinkProblemMixin {
        @JsonIgnore
        abstract boolean confirmed();

        @JsonProperty("needs_review")
        abstract boolean needsReview();
    }

    /** {@code new_failing} and {@code still_failing}; {@code new_broken} and {@code still_broken} stay as aliases. */
    abstract static class ChangesMixin {
        @JsonProperty("new_failing")
        abstract java.util.List<String> newFailing();

        @JsonProperty("still_failing")
        abstract java.util.List<String> stillFailing();
    }

    /** {@code path}, {@code site}, {@code title}, {@code role}: the citation's fields beside the article's. */
    @JsonPropertyOrder({"path", "site", "title", "role"})
    abstract static class CitingMixin {
        @JsonIgnore
        abstract org.newskeeper.linkstate.Citation citation();

        @JsonProperty("path")
        abstract String path();

        @JsonProperty("role")
        abstract String role();
    }

    abstract static class CopyMixin {
        @JsonProperty("label")
        abstract String label();
    }

    abstract static class HealthPointMixin {
        @JsonProperty("total")
        abstract long total();
    }

    /** Jackson closes the writer it is given; the caller owns it. */
    private static final class NonClosing extends java.io.FilterWriter {
        NonClosing(Writer out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
