package io.papertrends.cli;

import io.papertrends.bench.CrashBench;
import io.papertrends.bench.E2eBench;
import io.papertrends.bench.IngestBench;
import io.papertrends.bench.IngestEventsBench;
import io.papertrends.bench.KeyphraseStreamBench;
import io.papertrends.bench.PagesBench;
import io.papertrends.bench.PopularityBench;
import io.papertrends.bench.ScaleBench;
import io.papertrends.config.Settings;
import io.papertrends.config.WindowList;
import io.papertrends.enrich.keyphrase.KeyphraseBenchmark;
import io.papertrends.stack.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code papertrends bench …}: benchmarks that print figures and ratios against a baseline run in the same process. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (figures and ratios against a baseline in the same run).",
        subcommands = {BenchCommand.Crash.class, BenchCommand.E2e.class, BenchCommand.Ingest.class, BenchCommand.Keyphrases.class, BenchCommand.Pages.class,
                BenchCommand.Popularity.class, BenchCommand.Scale.class})
final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("choose a benchmark: papertrends bench crash|e2e|ingest|keyphrases|pages|popularity|scale [options]");
        return 2;
    }

    /** Options to use a running stack instead of starting an embedded one. */
    static final class StackOptions {
        @Option(names = "--bootstrap-servers", description = "Use this Kafka cluster instead of starting an embedded local stack.")
        String bootstrapServers;

        @Option(names = "--schema-registry-url", description = "Schema registry of that cluster.")
        String registryUrl;

        @Option(names = "--config", description = "Properties file with that cluster's client settings (addresses, SASL, TLS, registry "
                + "trust store), e.g. a user's file of ./papertrends local-stack --secure; every client of the benchmark takes them.")
        Path configFile;
    }

    /** A running stack: the one named by the options, or an embedded one started for the benchmark. */
    static final class StackHandle implements AutoCloseable {
        final String bootstrap;
        final String registry;
        /** The cluster's client settings from {@code --config} (security included); empty for the embedded stack. */
        final Map<String, String> client;
        private final LocalStack local;

        private StackHandle(String bootstrap, String registry, Map<String, String> client, LocalStack local) {
            this.bootstrap = bootstrap;
            this.registry = registry;
            this.client = Map.copyOf(client);
            this.local = local;
        }

        static StackHandle open(StackOptions options, Path dir) {
            if (options != null && (options.bootstrapServers != null || options.configFile != null)) {
                Map<String, String> client = Settings.builder().file(options.configFile).build().asMap();
                String bootstrap = options.bootstrapServers != null ? options.bootstrapServers : client.get("bootstrap.servers");
                String registry = options.registryUrl != null ? options.registryUrl : client.get("schema.registry.url");
                if (bootstrap == null || registry == null) {
                    throw new IllegalArgumentException("a cluster needs bootstrap.servers and schema.registry.url (flags or --config)");
                }
                return new StackHandle(bootstrap, registry, client, null);
            }
            System.err.println("starting an embedded local stack in " + dir + " …");
            LocalStack local = LocalStack.start(new LocalStack.Options(dir.resolve("stack"), 0, 0, 0, false, 1, "", Optional.empty()));
            return new StackHandle(local.bootstrapServers(), local.schemaRegistryUrl(), Map.of(), local);
        }

        /** Restarts the embedded broker in place; null for a cluster named by the options (not ours to restart). */
        CrashBench.Broker broker() {
            return local == null ? null : local::restartKafka;
        }

        @Override
        public void close() {
            if (local != null) {
                local.close();
            }
        }
    }

    @Command(name = "crash", mixinStandardHelpOptions = true,
            description = "Exactly-once under kill -9 and a broker restart: a known input through ingest while enrich and trend "
                    + "(separate JVMs) are killed and restarted; every closed popularity window is then checked against a "
                    + "brute-force count of the input.")
    static final class Crash implements Callable<Integer> {
        @Option(names = "--events", defaultValue = "30000", description = "Events (default: ${DEFAULT-VALUE}).")
        int events;

        @Option(names = "--kills", defaultValue = "10",
                description = "Kill rounds, each a SIGKILL of enrich, trend or both (default: ${DEFAULT-VALUE}); the broker restarts once.")
        int kills;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the input and of the kill schedule (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--papers", defaultValue = "60", description = "Papers (default: ${DEFAULT-VALUE}).")
        int papers;

        @Option(names = "--readers", defaultValue = "200", description = "Distinct named readers (default: ${DEFAULT-VALUE}).")
        int readers;

        @Option(names = "--partitions", defaultValue = "3", description = "Partitions of the topics (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--guarantee", defaultValue = "exactly_once_v2",
                description = "processing.guarantee of both services (default: ${DEFAULT-VALUE}).")
        String guarantee;

        @Option(names = "--keep-dir", description = "Keep the run directory (service logs, state) also when the run passes.")
        boolean keepDir;

        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = false)
        StackOptions stack;

        @Override
        public Integer call() throws Exception {
            if (events < 1 || kills < 0 || papers < 1 || readers < 1 || partitions < 1) {
                throw new ParameterException(spec.commandLine(), "--events, --papers, --readers, --partitions must be 1 or more, --kills 0 or more");
            }
            Path dir = Files.createTempDirectory("papertrends-bench-");
            int exit = 1;
            try (StackHandle handle = StackHandle.open(stack, dir)) {
                exit = CrashBench.run(new CrashBench.Options(handle.bootstrap, handle.registry, handle.broker(), events, kills, seed, partitions,
                        papers, readers, guarantee, dir.resolve("run"), handle.client));
                return exit;
            } finally {
                if (exit == 0 && !keepDir) {
                    deleteTree(dir);
                } else {
                    System.err.println("run directory kept: " + dir);
                }
            }
        }
    }

    @Command(name = "e2e", mixinStandardHelpOptions = true,
            description = "The whole pipeline (ingest, enrich, trend in this process): reader events offered open-loop through "
                    + "POST /events and events-jsonl, latency from send to the first trending-updates record that reflects them, "
                    + "a ramp to the highest rate sustained (95 %% processed, p99 <= 1 s), latency at 25 %% and 75 %% of it; then "
                    + "Kafka's producer-performance tool and a bare Kafka Streams hopping-window count on the same broker.")
    static final class E2e implements Callable<Integer> {
        @Option(names = "--papers", defaultValue = "500", description = "Papers the events are about (default: ${DEFAULT-VALUE}).")
        int papers;

        @Option(names = "--partitions", defaultValue = "3", description = "Partitions of the topics (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--start-rate", defaultValue = "1000", description = "First offered rate of the ramp, events/s (default: ${DEFAULT-VALUE}).")
        double startRate;

        @Option(names = "--factor", defaultValue = "1.5", description = "Each ramp step's rate over the one before (default: ${DEFAULT-VALUE}).")
        double factor;

        @Option(names = "--max-rate", defaultValue = "200000", description = "Highest rate the ramp offers, events/s (default: ${DEFAULT-VALUE}).")
        double maxRate;

        @Option(names = "--step-seconds", defaultValue = "20", description = "Measured seconds of each step (default: ${DEFAULT-VALUE}).")
        int stepSeconds;

        @Option(names = "--warmup-seconds", defaultValue = "30", description = "Unmeasured load at the start rate first (default: ${DEFAULT-VALUE}).")
        int warmupSeconds;

        @Option(names = "--ceiling-records", defaultValue = "1000000",
                description = "Records of the producer-performance run (default: ${DEFAULT-VALUE}).")
        int ceilingRecords;

        @Option(names = "--dsl-events", defaultValue = "300000", description = "Events of the bare DSL count (default: ${DEFAULT-VALUE}).")
        int dslEvents;

        @Option(names = "--max-p99-ms", defaultValue = "1000",
                description = "A step is sustained when 95 %% of its events are reflected and its p99 is at most this (default: ${DEFAULT-VALUE}).")
        long maxP99Ms;

        @Option(names = "--smoke", description = "A small run for CI: one ramp step at 100 events/s, steps of 3 s, small baselines; figures mean nothing.")
        boolean smoke;

        @Option(names = "--set", description = "A service setting as key=value, e.g. commit.interval.ms=1000 (the benchmark's defaults: every "
                + "stage's interval 100 ms); repeatable.")
        Map<String, String> settings = new java.util.LinkedHashMap<>();

        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = false)
        StackOptions stack;

        @Override
        public Integer call() throws Exception {
            if (smoke) {
                startRate = 100;
                maxRate = 100;
                stepSeconds = 3;
                warmupSeconds = 2;
                ceilingRecords = 20_000;
                dslEvents = 3_000;
                papers = Math.min(papers, 50);
            }
            if (papers < 1 || partitions < 1 || startRate <= 0 || factor <= 1 || stepSeconds < 1 || warmupSeconds < 0 || ceilingRecords < 1
                    || dslEvents < 1 || maxP99Ms < 1) {
                throw new ParameterException(spec.commandLine(), "--papers, --partitions, --step-seconds, --ceiling-records, --dsl-events, --max-p99-ms must be 1 "
                        + "or more, --start-rate above 0, --factor above 1, --warmup-seconds 0 or more");
            }
            Path dir = Files.createTempDirectory("papertrends-bench-");
            try (StackHandle handle = StackHandle.open(stack, dir)) {
                return E2eBench.run(new E2eBench.Options(handle.bootstrap, handle.registry, handle.client, dir, papers, partitions, startRate,
                        factor, maxRate, stepSeconds, warmupSeconds, ceilingRecords, dslEvents, maxP99Ms, settings));
            } finally {
                deleteTree(dir);
            }
        }
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = "ingest --format jsonl on a generated file vs Kafka's producer-performance tool on the same lines and broker; "
                    + "with --events, reader events through events-jsonl and POST /events vs the tool at the events' record size.")
    static final class Ingest implements Callable<Integer> {
        @Option(names = "--papers", defaultValue = "200000", description = "Papers (default: ${DEFAULT-VALUE}).")
        int papers;

        @Option(names = "--events", arity = "0..1", fallbackValue = "1000000", paramLabel = "N",
                description = "Reader events instead of papers: N events (1,000,000 when N is left out) through events-jsonl and POST /events.")
        Integer events;

        @Option(names = "--http-clients", defaultValue = "8",
                description = "With --events: concurrent closed-loop POST /events clients (default: ${DEFAULT-VALUE}).")
        int httpClients;

        @Option(names = "--http-batch", defaultValue = "500", description = "With --events: events a POST /events request (default: ${DEFAULT-VALUE}).")
        int httpBatch;

        @Option(names = "--smoke", description = "A small run for CI (3,000 records, one warm-up and two measured rounds); figures mean nothing.")
        boolean smoke;

        @Option(names = "--abstract-chars", defaultValue = "1000", description = "Abstract length (default: ${DEFAULT-VALUE}).")
        int abstractChars;

        @Option(names = "--partitions", defaultValue = "3", description = "Partitions of the topics (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Spec
        CommandSpec spec;

        @Option(names = "--rounds", defaultValue = "3", description = "Rounds, each running ingest then the producer-performance tool (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--warmup-rounds", defaultValue = "4",
                description = "Unmeasured rounds before them, alike, so the JIT settles for both (default: ${DEFAULT-VALUE}).")
        int warmupRounds;

        @ArgGroup(exclusive = false)
        StackOptions stack;

        @Override
        public Integer call() throws Exception {
            if (rounds < 1) {
                throw new ParameterException(spec.commandLine(), "--rounds must be 1 or more, got " + rounds);
            }
            if (warmupRounds < 0) {
                throw new ParameterException(spec.commandLine(), "--warmup-rounds must be 0 or more, got " + warmupRounds);
            }
            if (smoke) {
                papers = 3000;
                events = events == null ? null : 3000;
                warmupRounds = 1;
                rounds = 2;
            }
            if (events != null && (events < 1 || httpClients < 1 || httpBatch < 1)) {
                throw new ParameterException(spec.commandLine(), "--events, --http-clients and --http-batch must be 1 or more");
            }
            Path dir = Files.createTempDirectory("papertrends-bench-");
            try (StackHandle handle = StackHandle.open(stack, dir)) {
                if (events != null) {
                    return IngestEventsBench.run(new IngestEventsBench.Options(new IngestBench.Options(handle.bootstrap, handle.registry, events,
                            0, partitions, warmupRounds, rounds, dir, handle.client), httpClients, httpBatch));
                }
                return IngestBench.run(new IngestBench.Options(handle.bootstrap, handle.registry, papers, abstractChars, partitions,
                        warmupRounds, rounds, dir, handle.client));
            } finally {
                deleteTree(dir);
            }
        }
    }

    @Command(name = "keyphrases", mixinStandardHelpOptions = true,
            description = "Keyphrase quality (F1@5, F1@10 by the datasets README protocol) and documents/s on one thread, "
                    + "next to a TF-IDF baseline over the same candidates, then 5-fold figures (statistics and weights "
                    + "learnt on four folds, the fifth scored).")
    static final class Keyphrases implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "DATASET",
                description = "JSONL with id, title, abstract, keyphrases (default: ../shared/datasets/semeval2017-keyphrases.jsonl, searched upwards).")
        Path dataset;

        @Option(names = "--stream", description = "Papers/s of extraction in the enrich service's stream (one stream thread, embedded broker) "
                + "against the extractor alone on one thread; the dataset's texts in turn under distinct ids (synthetic papers without one).")
        boolean stream;

        @Option(names = "--papers", defaultValue = "40000", description = "With --stream: papers (default: ${DEFAULT-VALUE}).")
        int papers;

        @Option(names = "--partitions", defaultValue = "3", description = "With --stream: partitions of the topics (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--smoke", description = "With --stream: a small run for CI (1,000 papers); figures mean nothing.")
        boolean smoke;

        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = false)
        StackOptions stack;

        @Override
        public Integer call() throws Exception {
            if (!stream) {
                KeyphraseBenchmark.main(dataset == null ? new String[0] : new String[] {dataset.toString()});
                return 0;
            }
            if (smoke) {
                papers = 1000;
            }
            if (papers < 1 || partitions < 1) {
                throw new ParameterException(spec.commandLine(), "--papers and --partitions must be 1 or more");
            }
            Path texts = dataset;
            if (texts == null) {
                try {
                    texts = KeyphraseBenchmark.locateDefault();
                } catch (IllegalArgumentException e) {
                    System.err.println("no keyphrase dataset found: synthetic papers");
                }
            }
            Path dir = Files.createTempDirectory("papertrends-bench-");
            try (StackHandle handle = StackHandle.open(stack, dir)) {
                return KeyphraseStreamBench.run(new KeyphraseStreamBench.Options(handle.bootstrap, handle.registry, handle.client, dir, papers,
                        partitions, texts));
            } finally {
                deleteTree(dir);
            }
        }
    }

    @Command(name = "pages", mixinStandardHelpOptions = true,
            description = "Latency of the reader pages (paper, daily list, search, topic) of a running trend service, e.g. the demo's, "
                    + "against its cheapest route.")
    static final class Pages implements Callable<Integer> {
        @Option(names = "--url", defaultValue = "http://localhost:8082", description = "The trend service (default: ${DEFAULT-VALUE}).")
        String url;

        @Option(names = "--rounds", defaultValue = "1000", description = "Requests per kind of page (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Override
        public Integer call() throws Exception {
            new PagesBench(url, rounds).run(System.out);
            return 0;
        }
    }

    @Command(name = "popularity", mixinStandardHelpOptions = true,
            description = "Popularity windows (panes) vs a bare Kafka Streams hopping-window count, same input and broker; checks equal counts.")
    static final class Popularity implements Callable<Integer> {
        @Option(names = "--events", defaultValue = "600000", description = "Events (default: ${DEFAULT-VALUE}).")
        int events;

        @Option(names = "--papers", defaultValue = "300", description = "Papers (default: ${DEFAULT-VALUE}).")
        int papers;

        @Option(names = "--hours", defaultValue = "12", description = "Event-time span in hours (default: ${DEFAULT-VALUE}).")
        int hours;

        @Option(names = "--partitions", defaultValue = "2", description = "Partitions of the input (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--windows", defaultValue = WindowList.DEFAULTS, description = "Windows size:advance (default: ${DEFAULT-VALUE}).")
        String windows;

        @Option(names = "--guarantee", defaultValue = "exactly_once_v2",
                description = "processing.guarantee of both applications (default: ${DEFAULT-VALUE}).")
        String guarantee;

        @Option(names = "--warmup-events", defaultValue = "200000",
                description = "Events of a separate input both implementations process first, unmeasured (default: ${DEFAULT-VALUE}; 0: none).")
        int warmupEvents;

        @Option(names = "--rounds", defaultValue = "3",
                description = "Measured rounds of both implementations on the same input; the medians are compared (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--set", description = "A popularity setting as key=value (e.g. papertrends.popularity.dedup=false); repeatable.")
        Map<String, String> settings = new java.util.LinkedHashMap<>();

        @ArgGroup(exclusive = false)
        StackOptions stack;

        @Override
        public Integer call() throws Exception {
            Path dir = Files.createTempDirectory("papertrends-bench-");
            try (StackHandle handle = StackHandle.open(stack, dir)) {
                return PopularityBench.run(new PopularityBench.Options(handle.bootstrap, handle.registry, events, papers, hours, partitions,
                        dir.resolve("state"), windows, guarantee, warmupEvents, Math.max(1, rounds), settings, handle.client));
            } finally {
                deleteTree(dir);
            }
        }
    }

    @Command(name = "scale", mixinStandardHelpOptions = true,
            description = "Generated papers and reader events straight onto the contract's topics, then the enrich and trend services "
                    + "(each its own JVM, -Xmx1g) one after the other on that backlog: wall and CPU time per stage, peak heap and RSS "
                    + "per service, state on disk per store and its changelog, and the restore time from the changelogs after the "
                    + "local state is deleted.")
    static final class Scale implements Callable<Integer> {
        @Option(names = "--papers", defaultValue = "10000", description = "Papers (default: ${DEFAULT-VALUE}).")
        long papers;

        @Option(names = "--events", defaultValue = "400000", description = "Reader events (default: ${DEFAULT-VALUE}).")
        long events;

        @Option(names = "--hours", defaultValue = "1",
                description = "Event-time span of the events, ending now; hours, fractions allowed (default: ${DEFAULT-VALUE}).")
        double hours;

        @Option(names = "--readers", defaultValue = "50000", description = "Distinct named readers (default: ${DEFAULT-VALUE}).")
        int readers;

        @Option(names = "--partitions", defaultValue = "3", description = "Partitions of the topics (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--abstract-chars", defaultValue = "1000", description = "Abstract length (default: ${DEFAULT-VALUE}).")
        int abstractChars;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the papers and events (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--heap", defaultValue = "1g", description = "-Xmx of each service's JVM (default: ${DEFAULT-VALUE}).")
        String heap;

        @Option(names = "--smoke", description = "A small run for CI: 200 papers, 5,000 events over 30 minutes; figures mean nothing.")
        boolean smoke;

        @Option(names = "--keep-dir", description = "Keep the run directory (service logs, GC logs, state) also when the run passes.")
        boolean keepDir;

        @Option(names = "--set", description = "A service setting as key=value, e.g. papertrends.popularity.windows=1h:5m; repeatable.")
        Map<String, String> settings = new java.util.LinkedHashMap<>();

        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = false)
        StackOptions stack;

        @Override
        public Integer call() throws Exception {
            if (smoke) {
                papers = 200;
                events = 5_000;
                hours = 0.5;
                readers = 1_000;
            }
            if (papers < 1 || events < 0 || hours <= 0 || readers < 1 || partitions < 1 || abstractChars < 1) {
                throw new ParameterException(spec.commandLine(), "--papers, --readers, --partitions, --abstract-chars must be 1 or more, "
                        + "--hours above 0, --events 0 or more");
            }
            Path dir = Files.createTempDirectory("papertrends-bench-");
            int exit = 1;
            try (StackHandle handle = StackHandle.open(stack, dir)) {
                exit = ScaleBench.run(new ScaleBench.Options(handle.bootstrap, handle.registry, handle.client, dir.resolve("run"), papers, events,
                        hours, readers, partitions, abstractChars, seed, heap, settings));
                return exit;
            } finally {
                if (exit == 0 && !keepDir) {
                    deleteTree(dir);
                } else {
                    System.err.println("run directory kept: " + dir);
                }
            }
        }
    }

    /** A benchmark's scratch directory (generated input, broker log, state: up to a gigabyte) goes when the run ends. */
    static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
