package io.papertrends.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.papertrends.avro.PaperEvent;
import io.papertrends.avro.PaperPopularity;
import io.papertrends.avro.TrendingEntry;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.config.Settings;
import io.papertrends.enrich.popularity.EngagementScore;
import io.papertrends.enrich.popularity.PopularityConfig;
import io.papertrends.enrich.popularity.PopularityTopology;
import io.papertrends.enrich.popularity.WindowSpec;
import io.papertrends.ingest.simulate.ActivityModel;
import io.papertrends.ingest.simulate.Burst;
import io.papertrends.streams.StateStores;
import io.papertrends.testing.PlainAvroSerdes;
import io.papertrends.topics.Topics;
import io.papertrends.trend.TrendTopology;
import io.papertrends.trend.core.TrendConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Early detection, measured: planted bursts of two shapes (×8 for 25 minutes, ×3 for 10 minutes)
 * on papers of ordinary popularity (ranks 25–165 of 300, Zipf traffic with the day/night
 * rhythm), over five seeds, through the real popularity windows and trend topology in
 * {@link TopologyTestDriver}s. For each seed, shape and board ({@code 10m} advancing by a minute,
 * the short "now" window, and {@code 1h}) it prints recall (bursts in the board's top 10 within
 * 10 minutes of their start), the median delay, precision@10 while ten bursts run together, and
 * how many top-10 slots the ten most read ("evergreen") papers take meanwhile.
 *
 * <p>A run of a seed and shape takes about 20 s on two cores: the build runs one seed per shape,
 * {@code -Dpapertrends.bursts.seeds=5} five (the figures in the note). It checks that ×8/25-minute bursts all
 * reach the 1 h top 10 within 10 minutes, and that the short window catches the ×3/10-minute
 * bursts at least as often as the 1 h window does.
 */
class EarlyBurstsSimulationTest {
    private static final Instant START = Instant.parse("2026-11-23T00:00:00Z");
    private static final Duration TICK = Duration.ofSeconds(30);
    private static final int PAPERS = 300;
    private static final double RATE = 20;
    private static final List<String> BOARDS = List.of("10m", "1h");
    private static final int[] ALONE = {25, 40, 55, 70, 85, 100, 125, 150};
    private static final int[] TOGETHER = {30, 45, 60, 75, 90, 105, 120, 135, 150, 165};
    private static final int CI_SEEDS = 1;

    @TempDir
    Path stateDir;

    private final Topics topics = new Topics("", new PlainAvroSerdes());

    /** A burst shape: how much it multiplies its paper's traffic and for how long. */
    record Shape(String name, double factor, Duration length) { }

    /** One board's result in one run. */
    record Result(int detected, int bursts, long medianDelayMs, double precision, long evergreenSlots, long slots) { }

    @Test
    void shouldPrintRecallDelayAndPrecisionOfEachBoardForBothBurstShapes() {
        List<Shape> shapes = List.of(new Shape("x8/25m", 8, Duration.ofMinutes(25)), new Shape("x3/10m", 3, Duration.ofMinutes(10)));
        Map<String, List<Result>> all = new LinkedHashMap<>();
        for (Shape shape : shapes) {
            for (long seed = 1; seed <= Integer.getInteger("papertrends.bursts.seeds", CI_SEEDS); seed++) {
                Map<String, Result> results = run(shape, seed);
                results.forEach((board, r) -> {
                    all.computeIfAbsent(shape.name() + " " + board, k -> new ArrayList<>()).add(r);
                });
                for (String board : BOARDS) {
                    Result r = results.get(board);
                    System.out.printf(Locale.ROOT, "early bursts: %-7s seed %d board %-3s recall %2d/%2d  median delay %5.1f min  precision@10 %.2f  evergreen slots %d/%d%n",
                            shape.name(), seed, board, r.detected(), r.bursts(), r.medianDelayMs() / 60_000.0, r.precision(), r.evergreenSlots(), r.slots());
                }
            }
        }
        all.forEach((key, list) -> {
            int detected = list.stream().mapToInt(Result::detected).sum();
            int bursts = list.stream().mapToInt(Result::bursts).sum();
            double precision = list.stream().mapToDouble(Result::precision).average().orElse(0);
            System.out.printf(Locale.ROOT, "early bursts, %d seeds: %-11s recall %.2f (%d/%d)  mean precision@10 %.2f%n", list.size(), key,
                    detected / (double) bursts, detected, bursts, precision);
        });
        assertThat(all.get("x8/25m 1h")).as("x8/25m bursts: all in the 1h top 10 within 10 minutes").allMatch(r -> r.detected() == r.bursts());
        assertThat(recall(all.get("x3/10m 10m"))).as("the short window catches small bursts at least as often as the hour")
                .isGreaterThanOrEqualTo(recall(all.get("x3/10m 1h")));
    }

    private static double recall(List<Result> results) {
        return results.stream().mapToInt(Result::detected).sum() / (double) results.stream().mapToInt(Result::bursts).sum();
    }

    private Map<String, Result> run(Shape shape, long seed) {
        List<String> ids = IntStream.range(0, PAPERS).mapToObj(i -> String.format("arxiv:2611.%05d", i)).toList();
        ActivityModel base = ActivityModel.builder(ids).rate(RATE).start(START).seed(seed).duration(Duration.ofHours(6)).build();
        List<String> byPopularity = base.papersByPopularity();
        List<Burst> bursts = new ArrayList<>();
        long offsetMin = 120;
        for (int rank : ALONE) {
            bursts.add(new Burst(byPopularity.get(rank), Duration.ofMinutes(offsetMin), shape.factor(), shape.length()));
            offsetMin += shape.length().toMinutes() + 5;
        }
        long together = offsetMin + 10;
        for (int i = 0; i < TOGETHER.length; i++) {
            bursts.add(new Burst(byPopularity.get(TOGETHER[i]), Duration.ofMinutes(together).plusSeconds(10L * i), shape.factor(), shape.length()));
        }
        Duration duration = Duration.ofMinutes(together + shape.length().toMinutes() + 5);
        ActivityModel model = ActivityModel.builder(ids).rate(RATE).start(START).duration(duration).seed(seed).bursts(bursts).build();
        Set<String> evergreen = Set.copyOf(byPopularity.subList(0, 10));
        List<Burst> group = bursts.subList(ALONE.length, bursts.size());
        long warmMs = shape.length().toMillis() / 2;

        Properties popularityProps = props("popularity-" + shape.factor() + "-" + seed);
        Properties trendProps = props("trend-" + shape.factor() + "-" + seed);
        PopularityConfig windows = new PopularityConfig(WindowSpec.parseAll("1h:5m,10m:1m"), Duration.ofMinutes(2).toMillis(),
                TICK.toMillis(), EngagementScore.defaults(), Duration.ofMinutes(5).toMillis());
        StreamsBuilder builder = new StreamsBuilder();
        PopularityTopology.addTo(builder, topics, windows, new SimpleMeterRegistry(), StateStores.IN_MEMORY);
        TrendConfig config = TrendConfig.from(Settings.of(Map.of(TrendConfig.UPDATE_INTERVAL, TICK.toSeconds() + "s")));
        try (TopologyTestDriver popularity = new TopologyTestDriver(builder.build(), popularityProps, START);
             TopologyTestDriver trend = new TopologyTestDriver(TrendTopology.buildTopology(topics, config, new SimpleMeterRegistry(), StateStores.IN_MEMORY),
                     trendProps, START)) {
            TestInputTopic<String, PaperEvent> events = popularity.createInputTopic(topics.paperEvents().name(),
                    Serdes.String().serializer(), topics.paperEvents().valueSerde().serializer());
            TestOutputTopic<String, PaperPopularity> out = popularity.createOutputTopic(topics.paperPopularity().name(),
                    Serdes.String().deserializer(), topics.paperPopularity().valueSerde().deserializer());
            TestInputTopic<String, PaperPopularity> trendIn = trend.createInputTopic(topics.paperPopularity().name(),
                    Serdes.String().serializer(), topics.paperPopularity().valueSerde().serializer());
            TestOutputTopic<String, TrendingUpdate> updates = trend.createOutputTopic(topics.trendingUpdates().name(),
                    Serdes.String().deserializer(), topics.trendingUpdates().valueSerde().deserializer());

            Map<String, List<String>> top = new LinkedHashMap<>();
            Map<String, Map<Burst, Long>> detected = new LinkedHashMap<>();
            Map<String, List<Double>> precision = new LinkedHashMap<>();
            Map<String, long[]> evergreenSlots = new LinkedHashMap<>();
            for (String b : BOARDS) {
                top.put(b, List.of());
                detected.put(b, new LinkedHashMap<>());
                precision.put(b, new ArrayList<>());
                evergreenSlots.put(b, new long[2]);
            }
            long clock = START.toEpochMilli();
            for (PaperEvent e : model) {
                long t = e.getOccurredAt().toEpochMilli();
                while (clock + TICK.toMillis() <= t) {
                    clock += TICK.toMillis();
                    popularity.advanceWallClockTime(TICK);
                    for (KeyValue<String, PaperPopularity> kv : out.readKeyValuesToList()) {
                        trendIn.pipeInput(kv.key, kv.value, kv.value.getWindowEnd());
                    }
                    trend.advanceWallClockTime(TICK);
                    for (KeyValue<String, TrendingUpdate> kv : updates.readKeyValuesToList()) {
                        if (kv.key.equals("global") && top.containsKey(kv.value.getWindow())) {
                            top.put(kv.value.getWindow(), kv.value.getEntries().stream().limit(10).map(TrendingEntry::getPaperId).toList());
                        }
                    }
                    long now = clock;
                    List<Burst> active = bursts.stream().filter(b -> now >= b.startsAt(START).toEpochMilli()
                            && now < b.startsAt(START).toEpochMilli() + b.length().toMillis()).toList();
                    boolean groupWarm = group.stream().allMatch(b -> now - b.startsAt(START).toEpochMilli() >= warmMs
                            && now < b.startsAt(START).toEpochMilli() + b.length().toMillis());
                    for (String board : BOARDS) {
                        List<String> shown = top.get(board);
                        for (Burst b : active) {
                            long since = now - b.startsAt(START).toEpochMilli();
                            if (since <= 10 * 60_000L && shown.contains(b.paperId())) {
                                detected.get(board).putIfAbsent(b, since);
                            }
                        }
                        if (!active.isEmpty()) {
                            evergreenSlots.get(board)[0] += shown.stream().filter(evergreen::contains).count();
                            evergreenSlots.get(board)[1] += shown.size();
                        }
                        if (groupWarm) {
                            Set<String> planted = Set.copyOf(group.stream().map(Burst::paperId).toList());
                            precision.get(board).add(shown.stream().filter(planted::contains).count() / 10.0);
                        }
                    }
                }
                events.pipeInput(e.getPaperId(), e, t);
            }
            Map<String, Result> results = new LinkedHashMap<>();
            for (String board : BOARDS) {
                List<Long> delays = new ArrayList<>(detected.get(board).values());
                delays.sort(null);
                results.put(board, new Result(delays.size(), bursts.size(), delays.isEmpty() ? -1 : delays.get(delays.size() / 2),
                        precision.get(board).stream().mapToDouble(Double::doubleValue).average().orElse(0), evergreenSlots.get(board)[0],
                        evergreenSlots.get(board)[1]));
            }
            return results;
        }
    }

    private Properties props(String name) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "early-bursts-" + name.replace('.', '-'));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(name).toString());
        return props;
    }
}
