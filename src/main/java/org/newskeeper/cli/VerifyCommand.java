package org.newskeeper.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true, description = "Verifies WARC files and, with --corpus, the corpus's fixity.")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("newskeeper verify: not available in this build yet");
        return Main.USAGE;
    }
}
