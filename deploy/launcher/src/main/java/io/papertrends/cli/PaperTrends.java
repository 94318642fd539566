package io.papertrends.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code papertrends} command line (DESIGN.md, "Command line"). */
@Command(name = "papertrends", mixinStandardHelpOptions = true, version = "Paper Trends 0.1.0",
        description = "What is trending in research right now, on Apache Kafka.",
        subcommands = {
            LocalStackCommand.class,
            DemoCommand.class,
            IngestCommand.class,
            SimulateCommand.class,
            IngestServiceCommand.class,
            EnrichServiceCommand.class,
            TrendServiceCommand.class,
            NotifyServiceCommand.class,
            KeyphrasesCommand.class,
            DlqCommand.class,
            TailCommand.class,
            ApiKeyCommand.class,
            SchemasCommand.class,
            BenchCommand.class,
        })
public final class PaperTrends implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return 2;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PaperTrends()).execute(args));
    }
}
