package org.newskeeper.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "links", mixinStandardHelpOptions = true, description = "Checks every link of the articles, with a nightly history.")
final class LinksCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("newskeeper links: not available in this build yet");
        return Main.USAGE;
    }
}
