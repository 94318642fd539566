package io.papertrends.ingest.simulate;

import io.papertrends.avro.EventType;
import io.papertrends.avro.Paper;
import io.papertrends.avro.PaperEvent;
import io.papertrends.config.Durations;
import io.papertrends.ingest.publish.IngestPublisher;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Publishes synthetic reader activity ({@link ActivityModel}) for the papers currently in
 * {@code papers} onto {@code paper-events}, keyed by paper id, with source {@code simulate}.
 *
 * <p>Output on {@code out}: a {@code simulating …} line, one
 * {@code burst paper=<id> at=<ISO instant> factor=<f> length=<d>} line per planted or random burst
 * (before anything is published, so a test or a person can check them), progress lines every
 * minute when paced, and a final {@code simulated events=<n> failed=<n> …} summary line.
 *
 * <p>With {@link Options#fast()} events are sent as fast as the producer takes them (benchmarks,
 * backfills); event times then start at {@link Options#start()}, by default the duration before
 * now. Otherwise each event is sent when the wall clock reaches its event time, relative to the
 * start of the run (default start: now), which paces the stream at the model's rate.
 */
public final class Simulator {
    /** Client id of the simulator's producer unless the settings name one. */
    public static final String CLIENT_ID = "papertrends-simulate";
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** Longest single park while pacing, so {@link #stop()} is noticed quickly. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    /**
     * What to simulate.
     *
     * @param rate          mean events per second of simulated time (over a day, bursts aside)
     * @param duration      span of simulated time
     * @param seed          seed of every random choice
     * @param bursts        planted bursts; their papers must be in {@code papers}
     * @param randomBursts  how many bursts to plant at random
     * @param burstLength   length of random bursts, and of planted ones parsed without a length
     * @param fast          publish as fast as possible instead of in real time
     * @param start         event time of the start; {@code null} = now (paced) or now minus the duration (fast)
     * @param papersLimit   use at most this many papers; 0 = all
     * @param zipfExponent  skew of paper popularity
     */
    public record Options(double rate, Duration duration, long seed, List<Burst> bursts, int randomBursts,
                          Duration burstLength, boolean fast, Instant start, int papersLimit, double zipfExponent) {
        public Options {
            bursts = List.copyOf(bursts);
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(burstLength, "burstLength");
        }

        /** No bursts, all papers, paced, default skew and burst length. */
        public static Options of(double rate, Duration duration, long seed) {
            return new Options(rate, duration, seed, List.of(), 0, ActivityModel.DEFAULT_BURST_LENGTH, false, null, 0,
                    ActivityModel.DEFAULT_ZIPF_EXPONENT);
        }

        public Options withBursts(List<Burst> value) {
            return new Options(rate, duration, seed, value, randomBursts, burstLength, fast, start, papersLimit, zipfExponent);
        }

        public Options withRandomBursts(int value) {
            return new Options(rate, duration, seed, bursts, value, burstLength, fast, start, papersLimit, zipfExponent);
        }

        /** As fast as possible, event times from {@code from} ({@code null} = the duration before now). */
        public Options withFast(Instant from) {
            return new Options(rate, duration, seed, bursts, randomBursts, burstLength, true, from, papersLimit, zipfExponent);
        }
    }

    /**
     * What a run published.
     *
     * @param events   events handed to the producer
     * @param failed   events the broker did not acknowledge
     * @param papers   papers the model drew from
     * @param readers  distinct readers among the events
     * @param byType   events per type
     * @param from     event time of the start of the simulation
     * @param to       event time of its end (earlier when stopped)
     * @param took     wall-clock time of the run
     * @param stopped  whether {@link #stop()} ended the run early
     */
    public record Summary(long events, long failed, int papers, long readers, Map<EventType, Long> byType,
                          Instant from, Instant to, Duration took, boolean stopped) {
        public Summary {
            byType = Map.copyOf(byType);
        }

        /** The summary line the simulator prints last. */
        public String line() {
            StringBuilder sb = new StringBuilder("simulated events=").append(events).append(" failed=").append(failed)
                    .append(" papers=").append(papers).append(" readers=").append(readers);
            for (EventType type : EventType.values()) {
                if (type != EventType.UNKNOWN) {
                    sb.append(' ').append(type.name().toLowerCase(Locale.ROOT)).append('=').append(byType.getOrDefault(type, 0L));
                }
            }
            double seconds = Math.max(took.toNanos() / 1e9, 1e-9);
            return sb.append(" from=").append(from).append(" to=").append(to)
                    .append(" took=").append(Durations.format(Duration.ofMillis(took.toMillis())))
                    .append(String.format(Locale.ROOT, " (%.0f events/s)", events / seconds))
                    .append(stopped ? " stopped early" : "")
                    .toString();
        }
    }

    private final Map<String, Object> kafkaConfig;
    private final Topics topics;
    private final Clock clock;
    private final PrintStream out;
    private volatile boolean stopped;

    /**
     * @param kafkaConfig Kafka client settings (at least {@code bootstrap.servers}), for the
     *                    consumer of {@code papers} and the producer of {@code paper-events}
     * @param topics      the deployment's topics and serdes
     * @param clock       gives "now" for default starts and {@code receivedAt}
     * @param out         where the burst, progress and summary lines go
     */
    public Simulator(Map<String, ?> kafkaConfig, Topics topics, Clock clock, PrintStream out) {
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.topics = Objects.requireNonNull(topics, "topics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * Reads {@code papers} from the beginning to its end offsets at call time and returns the
     * ids of the papers it holds (deleted ones left out), sorted.
     *
     * @throws IllegalStateException when the topic does not exist or holds no paper
     */
    public List<String> paperIds() {
        TopicSpec<String, Paper> spec = topics.papers();
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, CLIENT_ID + "-papers");
        Set<String> ids = new HashSet<>();
        try (KafkaConsumer<String, Paper> consumer = new KafkaConsumer<>(config, spec.keySerde().deserializer(), spec.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(spec.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic '" + spec.name() + "' does not exist: start the stack and ingest papers first"
                        + " (papertrends ingest --format hf-page FILE)");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("could not read '" + spec.name() + "' to its end within " + Durations.format(READ_TIMEOUT));
                }
                for (ConsumerRecord<String, Paper> record : consumer.poll(Duration.ofMillis(500))) {
                    // A compacted topic: the latest record of a key wins, and a tombstone deletes the paper.
                    if (record.value() == null) {
                        ids.remove(record.key());
                    } else {
                        ids.add(record.key());
                    }
                }
            }
        }
        if (ids.isEmpty()) {
            throw new IllegalStateException("no papers in topic '" + spec.name() + "': ingest some first"
                    + " (papertrends ingest --format hf-page FILE), then simulate activity for them");
        }
        return new ArrayList<>(new TreeSet<>(ids));
    }

    /** The model {@link #run} would use for these papers and options. */
    public ActivityModel model(List<String> paperIds, Options options) {
        // Whole seconds: event times are millis anyway, and the printed instants stay readable.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant start = options.start() != null ? options.start() : options.fast() ? now.minus(options.duration()) : now;
        return ActivityModel.builder(paperIds)
                .rate(options.rate())
                .duration(options.duration())
                .start(start)
                .seed(options.seed())
                .bursts(options.bursts())
                .randomBursts(options.randomBursts())
                .burstLength(options.burstLength())
                .papersLimit(options.papersLimit())
                .zipfExponent(options.zipfExponent())
                .build();
    }

    /**
     * Reads the papers, prints the bursts, publishes the events and prints the summary.
     *
     * @throws IllegalStateException    when there are no papers
     * @throws IllegalArgumentException when an option is out of range or a burst names an unknown paper
     */
    public Summary run(Options options) {
        ActivityModel model = model(paperIds(), options);
        out.println("simulating papers=" + model.papersByPopularity().size() + " rate=" + options.rate() + "/s from=" + model.start()
                + " to=" + model.end() + " seed=" + model.seed() + " readers=" + model.readers()
                + " mode=" + (options.fast() ? "fast" : "real-time") + " topic=" + topics.paperEvents().name());
        model.bursts().forEach(b -> out.println(b.describe(model.start())));
        out.flush();
        Summary summary = publish(model, options.fast());
        out.println(summary.line());
        out.flush();
        return summary;
    }

    /** Ends a running {@link #run} soon, after what was sent so far is acknowledged; safe from any thread. */
    public void stop() {
        stopped = true;
    }

    private Summary publish(ActivityModel model, boolean fast) {
        TopicSpec<String, PaperEvent> spec = topics.paperEvents();
        Map<String, Object> overrides = new HashMap<>(kafkaConfig);
        overrides.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        Map<EventType, Long> byType = new EnumMap<>(EventType.class);
        Set<String> readers = new HashSet<>();
        long events = 0;
        Instant last = model.start();
        long startNanos = System.nanoTime();
        long nextProgress = startNanos + PROGRESS_EVERY_NANOS;
        try (KafkaProducer<String, PaperEvent> producer = new KafkaProducer<>(IngestPublisher.producerConfig(overrides),
                spec.keySerde().serializer(), spec.valueSerde().serializer())) {
            for (PaperEvent event : model) {
                if (!fast) {
                    long offset = Duration.between(model.start(), event.getOccurredAt()).toNanos();
                    waitUntil(startNanos + offset);
                }
                if (stopped) {
                    break;
                }
                event.setReceivedAt(clock.instant());
                producer.send(new ProducerRecord<>(spec.name(), event.getPaperId(), event), (metadata, error) -> {
                    if (error != null) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, error);
                    }
                });
                events++;
                byType.merge(event.getType(), 1L, Long::sum);
                readers.add(event.getUserId());
                last = event.getOccurredAt();
                if (!fast && System.nanoTime() - nextProgress >= 0) {
                    nextProgress += PROGRESS_EVERY_NANOS;
                    out.println("published " + events + " events up to " + last);
                    out.flush();
                }
            }
            producer.flush();
            producer.close(CLOSE_TIMEOUT);
        }
        Exception failure = firstFailure.get();
        if (failure != null) {
            out.println("publishing failed for " + failed.get() + " events; first failure: " + failure);
        }
        Instant to = stopped ? last : model.end();
        return new Summary(events, failed.get(), model.papersByPopularity().size(), readers.size(), byType,
                model.start(), to, Duration.ofNanos(System.nanoTime() - startNanos), stopped);
    }

    /** Parks until {@code deadline} (a {@link System#nanoTime()} value), {@link #stop()} or an interrupt. */
    private void waitUntil(long deadline) {
        long remaining;
        while (!stopped && (remaining = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(Math.min(remaining, MAX_PARK_NANOS));
            if (Thread.currentThread().isInterrupted()) {
                stopped = true;
            }
        }
    }
}
