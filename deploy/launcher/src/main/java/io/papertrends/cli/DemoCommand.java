package io.papertrends.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.config.Durations;
import io.papertrends.demo.Demo;
import io.papertrends.demo.Leaderboard;
import io.papertrends.demo.LeaderboardView;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code papertrends demo}: the local stack, the three services in this process, the sample page,
 * simulated reader activity with planted bursts, and a live leaderboard of the global top 10 now
 * (10 min), for 1 h and 24 h, redrawn at most once a second (plain text blocks when standard output is not a
 * terminal). Ctrl-C stops everything; the next run resumes from the data directory.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Local stack and mail server, all four services, the sample page, simulated readers with planted bursts, "
                + "a live leaderboard and a demo reader who receives a digest and an alert; Ctrl-C stops it, a re-run resumes.")
final class DemoCommand implements Callable<Integer> {
    private static final String CLEAR = "\033[H\033[2J";
    private static final String HOME = "\033[H";
    private static final String CLEAR_LINE = "\033[K";
    private static final String CLEAR_BELOW = "\033[J";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", defaultValue = "data/demo", description = "Data directory, kept across runs (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--fresh", description = "Delete the data directory first and start over.")
    boolean fresh;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Broker port (default: ${DEFAULT-VALUE}; 0 = any free one).")
    int kafkaPort;

    @Option(names = "--controller-port", defaultValue = "9093", description = "KRaft controller port (default: ${DEFAULT-VALUE}).")
    int controllerPort;

    @Option(names = "--registry-port", defaultValue = "8081", description = "Schema registry port (default: ${DEFAULT-VALUE}).")
    int registryPort;

    @Option(names = "--ingest-port", defaultValue = "8080", description = "Ingest service HTTP port (default: ${DEFAULT-VALUE}).")
    int ingestPort;

    @Option(names = "--trend-port", defaultValue = "8082", description = "Trend service HTTP port: API, dashboard (default: ${DEFAULT-VALUE}).")
    int trendPort;

    @Option(names = "--notify-port", defaultValue = "8084", description = "Notify service HTTP port: subscriptions (default: ${DEFAULT-VALUE}).")
    int notifyPort;

    @Option(names = "--mail-port", defaultValue = "2525",
            description = "SMTP port of the local mail server that keeps every mail in <data-dir>/mail (default: ${DEFAULT-VALUE}).")
    int mailPort;

    @Option(names = "--ingest-management-port", defaultValue = "9180",
            description = "Ingest service /healthz and /metrics port, on loopback (default: ${DEFAULT-VALUE}).")
    int ingestManagementPort;

    @Option(names = "--enrich-management-port", defaultValue = "9183",
            description = "Enrich service /healthz and /metrics port, on loopback (default: ${DEFAULT-VALUE}).")
    int enrichManagementPort;

    @Option(names = "--trend-management-port", defaultValue = "9182",
            description = "Trend service /healthz and /metrics port, on loopback (default: ${DEFAULT-VALUE}).")
    int trendManagementPort;

    @Option(names = "--notify-management-port", defaultValue = "9184",
            description = "Notify service /healthz and /metrics port, on loopback (default: ${DEFAULT-VALUE}).")
    int notifyManagementPort;

    @Option(names = "--rate", defaultValue = "10", description = "Simulated reader events per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--backfill", defaultValue = "3h",
            description = "History simulated as fast as possible on a first run, so baselines exist (default: ${DEFAULT-VALUE}).")
    String backfill;

    @Option(names = "--burst-factor", defaultValue = "25", description = "How much a planted burst multiplies its paper's rate (default: ${DEFAULT-VALUE}).")
    double burstFactor;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the simulated activity (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--top", defaultValue = "10", description = "Entries per window on the leaderboard (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--plain", description = "Print the leaderboard as plain text blocks even on a terminal.")
    boolean plain;

    @Option(names = "--plain-interval", defaultValue = "10s",
            description = "In plain mode, print a block at most this often, and only when a ranking changed (default: ${DEFAULT-VALUE}).")
    String plainInterval;

    @Option(names = "--duration", description = "Stop by itself after this long (e.g. 5m); default: run until Ctrl-C.")
    String duration;

    @Option(names = "--set", description = "A setting for every service as key=value (see README, Configuration); repeatable.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws InterruptedException, IOException {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        boolean terminal = !plain && System.console() != null && !"dumb".equals(System.getenv("TERM"));
        Duration plainEvery;
        Duration runFor;
        Demo.Options options;
        try {
            plainEvery = Durations.parse(plainInterval);
            runFor = duration == null ? null : Durations.parse(duration);
            options = options();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (fresh) {
            Demo.deleteRecursively(dataDir);
        }
        Files.createDirectories(dataDir);
        Path logFile = dataDir.resolve("demo.log");
        logTo(logFile);
        out.println("Paper Trends demo · data in " + dataDir + " (kept across runs; --fresh starts over) · logs in " + logFile);

        Demo demo = new Demo(options, out::println);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            out.println((terminal ? "\n" : "") + "stopping: simulator, services, then the broker …");
            long t0 = System.nanoTime();
            demo.close();
            out.printf("stopped cleanly in %.1f s; run again to resume, --fresh to start over%n", (System.nanoTime() - t0) / 1e9);
            stopped.countDown();
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            demo.start();
        } catch (Exception e) {
            if (stop.getCount() == 0) {
                return 130;
            }
            out.println("papertrends demo: could not start: " + e.getMessage() + " (details in " + logFile + ")");
            LoggerFactory.getLogger(DemoCommand.class).error("demo failed to start", e);
            Runtime.getRuntime().removeShutdownHook(hook);
            demo.close();
            return 1;
        }
        out.println("dashboard: " + demo.dashboardUrl() + "   (Ctrl-C stops everything)");
        showLeaderboard(demo, out, terminal, plainEvery, runFor, stop);
        if (stop.getCount() > 0) {
            // --duration ran out: stop as Ctrl-C would.
            Runtime.getRuntime().removeShutdownHook(hook);
            hook.run();
        } else {
            stopped.await(2, TimeUnit.MINUTES);
        }
        return 0;
    }

    private Demo.Options options() {
        Demo.Options d = Demo.Options.defaults(dataDir);
        return new Demo.Options(dataDir, false, kafkaPort, controllerPort, registryPort, ingestPort, trendPort, notifyPort, mailPort,
                new Demo.ManagementPorts(ingestManagementPort, enrichManagementPort, trendManagementPort, notifyManagementPort), rate, Durations.parse(backfill), seed, d.burstOffsets(), burstFactor, d.burstLength(), settings);
    }

    /**
     * Shows the leaderboard until {@code stop} or the end of {@code runFor}: redrawn in place each
     * second in a terminal, else printed when it changed, at most every {@code plainEvery}.
     */
    private void showLeaderboard(Demo demo, PrintStream out, boolean terminal, Duration plainEvery, Duration runFor, CountDownLatch stop)
            throws InterruptedException {
        Leaderboard board = demo.leaderboard().orElseThrow();
        LeaderboardView view = new LeaderboardView(top);
        List<String> windows = List.of("10m", "1h", "24h");
        long until = runFor == null ? Long.MAX_VALUE : System.nanoTime() + runFor.toNanos();
        Map<String, TrendingUpdate> shown = Map.of();
        long lastPlain = 0;
        boolean first = true;
        while (stop.getCount() > 0 && System.nanoTime() < until) {
            Map<String, TrendingUpdate> latest = board.latest();
            if (terminal) {
                List<String> lines = view.render(windows, latest, header(demo), footer(demo));
                StringBuilder screen = new StringBuilder(first ? CLEAR : HOME);
                lines.forEach(l -> screen.append(l).append(CLEAR_LINE).append('\n'));
                out.print(screen.append(CLEAR_BELOW));
                out.flush();
                first = false;
            } else if (!latest.equals(shown) && System.nanoTime() - lastPlain >= plainEvery.toNanos()) {
                shown = latest;
                lastPlain = System.nanoTime();
                out.println();
                out.println("---- " + LeaderboardView.clock(Instant.now()) + " " + "-".repeat(LeaderboardView.WIDTH - 18));
                view.render(windows, latest, List.of(), footer(demo)).forEach(out::println);
                out.flush();
            }
            stop.await(1, TimeUnit.SECONDS);
        }
    }

    private static List<String> header(Demo demo) {
        return List.of("Paper Trends demo · " + LeaderboardView.clock(Instant.now()) + " · dashboard " + demo.dashboardUrl());
    }

    private static List<String> footer(Demo demo) {
        List<String> lines = new ArrayList<>(demo.problems());
        lines.add("/healthz, /metrics on 127.0.0.1: " + demo.managementPorts());
        demo.lastSimulatorLine().ifPresent(l -> lines.add("simulator: " + l));
        List<String> mails = demo.mailLines();
        demo.mail().ifPresent(m -> lines.add("mails received: " + mails.size() + ", kept in " + m.dir() + " (.html, .eml)"));
        lines.add("↑ up  ↓ down  = same  ★ new  ·  Ctrl-C stops; a re-run resumes");
        return lines;
    }

    /** Logs go to a file: the terminal belongs to the leaderboard. */
    private static void logTo(Path file) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("DEMO_FILE");
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender("STDERR");
        root.addAppender(appender);
    }
}
