package io.papertrends.cli;

import io.papertrends.config.Durations;
import io.papertrends.config.Settings;
import io.papertrends.ingest.simulate.Burst;
import io.papertrends.ingest.simulate.Simulator;
import io.papertrends.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code papertrends simulate}: synthetic reader activity for the papers in {@code papers},
 * published on {@code paper-events}. Prints one {@code burst paper=… at=… factor=… length=…} line
 * per planted burst before publishing and a {@code simulated events=…} summary at the end. Exit
 * code 0 when every event was acknowledged, 1 when there are no papers or publishing failed,
 * 2 on bad options.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Publish synthetic reader activity (Zipf-like popularity, day/night rhythm, repeat readers, planted bursts) "
                + "for the papers in 'papers'.")
final class SimulateCommand implements Callable<Integer> {
    /** How long Ctrl-C waits for the events already sent to be acknowledged. */
    private static final long STOP_WAIT_SECONDS = 35;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--rate", defaultValue = "20",
            description = "Mean events per second of simulated time, over a day (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "1h",
            description = "Simulated time to cover, e.g. 10m, 1h30m, 7d (default ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every random choice; same seed, same events (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--burst", paramLabel = "PAPER@OFFSET×FACTOR[/LENGTH]",
            description = "Plant a burst: the paper's rate times FACTOR from OFFSET after the start, e.g. arxiv:2401.00001@10m×5 "
                    + "('x' works for '×'); repeatable.")
    List<String> bursts = new ArrayList<>();

    @Option(names = "--burst-length", defaultValue = "30m",
            description = "Length of random bursts and of --burst without /LENGTH (default ${DEFAULT-VALUE}).")
    String burstLength;

    @Option(names = "--random-bursts", defaultValue = "0", paramLabel = "N",
            description = "Plant N bursts on random papers at random offsets (printed).")
    int randomBursts;

    @Option(names = "--fast", description = "Publish as fast as possible (benchmarks, backfills) instead of in real time.")
    boolean fast;

    @Option(names = "--start", paramLabel = "INSTANT",
            description = "Event time of the start, ISO-8601 (2026-11-26T08:00:00Z) or a UTC date; default now, or now minus "
                    + "the duration with --fast.")
    String start;

    @Option(names = "--papers-limit", defaultValue = "0", paramLabel = "N",
            description = "Use at most N of the papers (chosen by the seed; burst papers kept); 0 = all.")
    int papersLimit;

    @Option(names = "--zipf", defaultValue = "1.0",
            description = "Skew of paper popularity: 0 = uniform, 1 = Zipf (default ${DEFAULT-VALUE}), higher = steeper.")
    double zipfExponent;

    @Override
    public Integer call() throws InterruptedException {
        Simulator.Options options = options();
        Settings settings = connection.settings();
        Topics topics = Topics.from(settings.asMap());
        Simulator simulator = new Simulator(settings.kafkaProperties(), topics, Clock.systemUTC(), System.out);
        CountDownLatch finished = new CountDownLatch(1);
        // Ctrl-C during a paced run: stop sending, let what was sent be acknowledged, print the summary.
        Thread stopper = new Thread(() -> {
            simulator.stop();
            try {
                finished.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "papertrends-simulate-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            Simulator.Summary summary = simulator.run(options);
            return summary.failed() == 0 ? 0 : 1;
        } catch (RuntimeException e) {
            // No papers, an unknown burst paper, an unreachable broker or registry: a message, not a stack trace.
            System.err.println("papertrends simulate: " + e.getMessage());
            return 1;
        } finally {
            finished.countDown();
        }
    }

    /** The options, or a usage error naming the bad one. */
    private Simulator.Options options() {
        try {
            Duration span = Durations.parse(duration);
            Duration length = Durations.parse(burstLength);
            List<Burst> planted = bursts.stream().map(b -> Burst.parse(b, length)).toList();
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("--rate must be a positive number of events per second, got " + rate);
            }
            if (randomBursts < 0 || papersLimit < 0) {
                throw new IllegalArgumentException("--random-bursts and --papers-limit must not be negative");
            }
            return new Simulator.Options(rate, span, seed, planted, randomBursts, length, fast, start(), papersLimit, zipfExponent);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private Instant start() {
        if (start == null) {
            return null;
        }
        try {
            return Instant.parse(start.strip());
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(start.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                throw new IllegalArgumentException("--start '" + start + "' is neither an ISO-8601 instant (2026-11-26T08:00:00Z) "
                        + "nor a date (2026-11-26)", notADate);
            }
        }
    }
}
