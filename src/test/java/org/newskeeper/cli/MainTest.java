package org.newskeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void unknownOptionIsAUsageErrorWithExitCodeTwo() {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "--no-such-flag");
        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("--no-such-flag");
    }

    @Test
    void aUsageErrorOfASubcommandIsOneLineNamingTheCommand() {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "verify", "--format", "xml");
        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(err.toString()).startsWith("newskeeper verify: ").contains("xml").contains("--help");
    }

    @Test
    void versionNamesTheSoftware() {
        StringWriter out = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--version");
        assertThat(code).isZero();
        assertThat(out.toString()).startsWith("newskeeper ");
    }
}
