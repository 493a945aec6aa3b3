package org.newskeeper.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "nightly", mixinStandardHelpOptions = true, description = "The nightly run: check, links, pack, verify, reports.")
final class NightlyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("newskeeper nightly: not available in this build yet");
        return Main.USAGE;
    }
}
