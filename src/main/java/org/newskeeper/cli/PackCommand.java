package org.newskeeper.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "pack", mixinStandardHelpOptions = true, description = "Packages the corpus into WARC files.")
final class PackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("newskeeper pack: not available in this build yet");
        return Main.USAGE;
    }
}
