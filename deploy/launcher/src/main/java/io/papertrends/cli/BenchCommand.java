package io.papertrends.cli;

import io.papertrends.bench.PopularityBench;
import io.papertrends.enrich.popularity.WindowSpec;
import io.papertrends.stack.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code papertrends bench …}: benchmarks that print figures and ratios against a baseline run in the same process. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (figures and ratios against a baseline in the same run).",
        subcommands = {BenchCommand.Popularity.class})
final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("choose a benchmark: papertrends bench popularity [options]");
        return 2;
    }

    /** Options to use a running stack instead of starting an embedded one. */
    static final class StackOptions {
        @Option(names = "--bootstrap-servers", description = "Use this Kafka cluster instead of starting an embedded local stack.")
        String bootstrapServers;

        @Option(names = "--schema-registry-url", description = "Schema registry of that cluster.")
        String registryUrl;
    }

    @Command(name = "popularity", mixinStandardHelpOptions = true,
            description = "Popularity windows (panes) vs a bare Kafka Streams hopping-window count, same input and broker; checks equal counts.")
    static final class Popularity implements Callable<Integer> {
        @Option(names = "--events", defaultValue = "200000", description = "Events (default: ${DEFAULT-VALUE}).")
        int events;

        @Option(names = "--papers", defaultValue = "5000", description = "Papers (default: ${DEFAULT-VALUE}).")
        int papers;

        @Option(names = "--hours", defaultValue = "48", description = "Event-time span in hours (default: ${DEFAULT-VALUE}).")
        int hours;

        @Option(names = "--partitions", defaultValue = "2", description = "Partitions of the input (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--windows", defaultValue = WindowSpec.DEFAULTS, description = "Windows size:advance (default: ${DEFAULT-VALUE}).")
        String windows;

        @Option(names = "--guarantee", defaultValue = "exactly_once_v2",
                description = "processing.guarantee of both applications (default: ${DEFAULT-VALUE}).")
        String guarantee;

        @picocli.CommandLine.ArgGroup(exclusive = false)
        StackOptions stack;

        @Override
        public Integer call() throws Exception {
            Path dir = Files.createTempDirectory("papertrends-bench-");
            LocalStack local = null;
            String bootstrap;
            String registry;
            if (stack != null && stack.bootstrapServers != null) {
                bootstrap = stack.bootstrapServers;
                registry = stack.registryUrl;
            } else {
                System.err.println("starting an embedded local stack in " + dir + " …");
                local = LocalStack.start(new LocalStack.Options(dir.resolve("stack"), 0, 0, 0, false, 1, "", Optional.empty()));
                bootstrap = local.bootstrapServers();
                registry = local.schemaRegistryUrl();
            }
            try {
                return PopularityBench.run(new PopularityBench.Options(bootstrap, registry, events, papers, hours, partitions,
                        dir.resolve("state"), windows, guarantee));
            } finally {
                if (local != null) {
                    local.close();
                }
            }
        }
    }
}
