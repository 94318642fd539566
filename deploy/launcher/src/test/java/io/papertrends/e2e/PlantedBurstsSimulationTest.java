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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trend service's acceptance test: reader activity from the activity simulator (Zipf
 * popularity, day/night rhythm, repeat readers, weighted event types) with planted bursts goes
 * through the real popularity windows and the real trend topology, both in
 * {@link TopologyTestDriver}s whose wall clock follows event time, so that "within 10 minutes of
 * event time" is measured exactly and the run is deterministic.
 *
 * <p>Checks: every planted burst enters the global top 10 of the 1 h window within 10 minutes of
 * its start; the most popular papers (steady high traffic, no growth) do not crowd the bursts
 * out; precision@10 against the planted bursts that are active is at least 0.9.
 */
class PlantedBurstsSimulationTest {
    private static final Instant START = Instant.parse("2026-11-23T00:00:00Z");
    private static final Duration TICK = Duration.ofSeconds(30);
    private static final int PAPERS = 300;
    private static final double RATE = 20;
    private static final Duration DURATION = Duration.ofMinutes(345);

    @TempDir
    Path stateDir;

    private final Topics topics = new Topics("", new PlainAvroSerdes());
    private TopologyTestDriver popularity;
    private TopologyTestDriver trend;

    @AfterEach
    void tearDown() {
        if (popularity != null) {
            popularity.close();
        }
        if (trend != null) {
            trend.close();
        }
    }

    @Test
    void shouldRankEveryPlantedBurstInTheGlobalTopTenWithinTenMinutes() {
        List<String> ids = IntStream.range(0, PAPERS).mapToObj(i -> String.format("arxiv:2611.%05d", i)).toList();
        ActivityModel base = ActivityModel.builder(ids).rate(RATE).start(START).duration(DURATION).seed(7).build();
        List<String> byPopularity = base.papersByPopularity();
        // Two hours of history first (baselines), then three bursts alone, then ten at once (so that all ten are on
        // together, for precision@10), on papers from the 30th to the 165th most popular: ×8 their usual traffic.
        // The night-to-morning rise of all traffic runs through the whole span.
        List<Burst> bursts = new ArrayList<>();
        bursts.add(new Burst(byPopularity.get(40), Duration.ofMinutes(150), 8, Duration.ofMinutes(40)));
        bursts.add(new Burst(byPopularity.get(100), Duration.ofMinutes(195), 8, Duration.ofMinutes(40)));
        bursts.add(new Burst(byPopularity.get(160), Duration.ofMinutes(240), 8, Duration.ofMinutes(40)));
        int[] ranks = {30, 45, 60, 75, 90, 105, 120, 135, 150, 165};
        for (int i = 0; i < ranks.length; i++) {
            bursts.add(new Burst(byPopularity.get(ranks[i]), Duration.ofMinutes(285 + 2L * i), 8, Duration.ofMinutes(60)));
        }
        ActivityModel model = ActivityModel.builder(ids).rate(RATE).start(START).duration(DURATION).seed(7)
                .bursts(bursts).build();
        Set<String> steady = Set.copyOf(byPopularity.subList(0, 10));

        startDrivers();
        TestInputTopic<String, PaperEvent> events = popularity.createInputTopic(topics.paperEvents().name(),
                Serdes.String().serializer(), topics.paperEvents().valueSerde().serializer());
        TestOutputTopic<String, PaperPopularity> windows = popularity.createOutputTopic(topics.paperPopularity().name(),
                Serdes.String().deserializer(), topics.paperPopularity().valueSerde().deserializer());
        TestInputTopic<String, PaperPopularity> trendIn = trend.createInputTopic(topics.paperPopularity().name(),
                Serdes.String().serializer(), topics.paperPopularity().valueSerde().serializer());
        TestOutputTopic<String, TrendingUpdate> updates = trend.createOutputTopic(topics.trendingUpdates().name(),
                Serdes.String().deserializer(), topics.trendingUpdates().valueSerde().deserializer());

        Map<Burst, Long> detectedAfterMs = new LinkedHashMap<>();
        List<Double> precision = new ArrayList<>();
        long steadyInTop10 = 0;
        long topSlots = 0;
        List<String> top = List.of();
        long clock = START.toEpochMilli();
        long eventCount = 0;
        for (PaperEvent e : model) {
            long t = e.getOccurredAt().toEpochMilli();
            while (clock + TICK.toMillis() <= t) {
                clock += TICK.toMillis();
                popularity.advanceWallClockTime(TICK);
                for (KeyValue<String, PaperPopularity> kv : windows.readKeyValuesToList()) {
                    trendIn.pipeInput(kv.key, kv.value, kv.value.getWindowEnd());
                }
                trend.advanceWallClockTime(TICK);
                for (KeyValue<String, TrendingUpdate> kv : updates.readKeyValuesToList()) {
                    if (kv.key.equals("global") && kv.value.getWindow().equals("1h")) {
                        top = kv.value.getEntries().stream().limit(10).map(TrendingEntry::getPaperId).toList();
                    }
                }
                long now = clock;
                List<Burst> active = new ArrayList<>();
                for (Burst b : bursts) {
                    long from = b.startsAt(START).toEpochMilli();
                    long to = from + b.length().toMillis();
                    if (now >= from && now < to) {
                        active.add(b);
                        if (!detectedAfterMs.containsKey(b) && top.contains(b.paperId())) {
                            detectedAfterMs.put(b, now - from);
                        }
                    }
                }
                if (!active.isEmpty()) {
                    steadyInTop10 += top.stream().filter(steady::contains).count();
                    topSlots += top.size();
                }
                boolean allTenWarm = active.stream().filter(b -> now - b.startsAt(START).toEpochMilli() >= 10 * 60_000L).count() >= 10;
                if (allTenWarm) {
                    Set<String> planted = Set.copyOf(active.stream().map(Burst::paperId).toList());
                    precision.add(top.stream().filter(planted::contains).count() / 10.0);
                }
            }
            events.pipeInput(e.getPaperId(), e, t);
            eventCount++;
        }

        double meanPrecision = precision.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double minPrecision = precision.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        System.out.printf("planted bursts: %d events over %s, %d papers, %d bursts%n", eventCount, model.duration(), PAPERS, bursts.size());
        for (Burst b : bursts) {
            Long after = detectedAfterMs.get(b);
            System.out.printf("  %s (popularity rank %d) ×%.0f at %s: in the global 1h top 10 after %s%n", b.paperId(),
                    byPopularity.indexOf(b.paperId()), b.factor(), b.startsAt(START),
                    after == null ? "never" : Duration.ofMillis(after));
        }
        System.out.printf("precision@10 while ten bursts were on: mean %.3f, min %.2f over %d ticks%n", meanPrecision, minPrecision, precision.size());
        System.out.printf("top-10 slots taken by the 10 most popular papers while bursts were on: %d of %d%n", steadyInTop10, topSlots);

        assertThat(detectedAfterMs).as("every planted burst enters the global 1h top 10").hasSize(bursts.size());
        assertThat(detectedAfterMs.values()).as("within 10 minutes of its start").allMatch(ms -> ms <= 10 * 60_000L);
        assertThat(precision).as("ticks with ten bursts on").isNotEmpty();
        assertThat(meanPrecision).as("precision@10 against the planted set").isGreaterThanOrEqualTo(0.9);
        assertThat(steadyInTop10).as("steady high-traffic papers in the top 10 while bursts are on").isLessThanOrEqualTo(topSlots / 10);
    }

    private void startDrivers() {
        PopularityConfig windows = new PopularityConfig(WindowSpec.parseAll("1h:5m"), Duration.ofMinutes(2).toMillis(),
                TICK.toMillis(), EngagementScore.defaults(), Duration.ofMinutes(5).toMillis());
        StreamsBuilder builder = new StreamsBuilder();
        PopularityTopology.addTo(builder, topics, windows, new SimpleMeterRegistry(), StateStores.IN_MEMORY);
        popularity = new TopologyTestDriver(builder.build(), props("popularity"), START);
        TrendConfig config = TrendConfig.from(Settings.of(Map.of(TrendConfig.UPDATE_INTERVAL, TICK.toSeconds() + "s")));
        trend = new TopologyTestDriver(TrendTopology.buildTopology(topics, config, new SimpleMeterRegistry(), StateStores.IN_MEMORY), props("trend"), START);
    }

    private Properties props(String name) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "planted-bursts-" + name);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(name).toString());
        return props;
    }
}
