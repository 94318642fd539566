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
        CommandLine commandLine = new CommandLine(new PaperTrends());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            e.printStackTrace(cmd.getErr());
            if (hasCause(e, org.apache.kafka.common.errors.TimeoutException.class)) {
                // A secured listener drops a plaintext client without a word: the timeout is all it sees.
                cmd.getErr().println("papertrends: Kafka did not answer in time. Check bootstrap.servers, and for a secured cluster "
                        + "security.protocol, sasl.* and ssl.truststore.* (e.g. --config with a client settings file of local-stack --secure).");
            }
            return cmd.getCommandSpec().exitCodeOnExecutionException();
        });
        System.exit(commandLine.execute(args));
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
