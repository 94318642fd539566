package io.papertrends.enrich.popularity;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.papertrends.avro.EventType;
import io.papertrends.avro.PaperEvent;
import io.papertrends.avro.PaperPopularity;
import io.papertrends.testing.PlainAvroSerdes;
import io.papertrends.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PopularityTopologyTest {
    private static final long MIN = 60_000;
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private final Topics topics = new Topics("", new PlainAvroSerdes());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, PaperEvent> events;
    private TestOutputTopic<String, PaperPopularity> out;

    /** Windows of 10 min advancing every 5 min, and 1 h tumbling; grace 2 min; emit every second. */
    private void start(String windows) {
        PopularityConfig config = new PopularityConfig(WindowSpec.parseAll(windows), 2 * MIN, 1000, EngagementScore.defaults(), 5 * MIN);
        StreamsBuilder builder = new StreamsBuilder();
        PopularityTopology.addTo(builder, topics, config, meters);
        Topology topology = builder.build();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "popularity-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // The wall clock is today's: the processor drops events too far ahead of it, and the
        // events of these tests lie in the past (around T0, or relative to now).
        driver = new TopologyTestDriver(topology, props, Instant.now());
        events = driver.createInputTopic(topics.paperEvents().name(), Serdes.String().serializer(), topics.paperEvents().valueSerde().serializer());
        out = driver.createOutputTopic(topics.paperPopularity().name(), Serdes.String().deserializer(), topics.paperPopularity().valueSerde().deserializer());
    }

    private int sent;

    @AfterEach
    void tearDown() {
        if (driver != null) {
            driver.close();
        }
    }

    /** Sends a new event (its own id: a reader who reloads a page makes a new event each time). */
    private void send(String paper, EventType type, String user, long minutes) {
        Instant at = T0.plusMillis(minutes * MIN);
        events.pipeInput(paper, PaperEvent.newBuilder().setEventId(paper + type + user + minutes + "#" + sent++).setPaperId(paper).setType(type)
                .setUserId(user).setOccurredAt(at).setSource("test").setReceivedAt(at).build(), at);
    }

    private Map<String, PaperPopularity> finals(String paper) {
        return out.readValuesToList().stream().filter(p -> p.getPaperId().equals(paper) && p.getClosed())
                .collect(Collectors.toMap(p -> p.getWindow() + "@" + minutes(p.getWindowStart()), p -> p));
    }

    private static long minutes(Instant t) {
        return (t.toEpochMilli() - T0.toEpochMilli()) / MIN;
    }

    @Test
    void shouldCountEachEventInEveryHoppingWindowHoldingIt() {
        start("10m:5m");
        send("arxiv:1", EventType.VIEW, "u1", 0);
        send("arxiv:1", EventType.VIEW, "u2", 6);
        send("arxiv:1", EventType.UPVOTE, "u1", 7);
        send("arxiv:other", EventType.VIEW, "u9", 40);   // moves stream time on, closing every window above

        Map<String, PaperPopularity> finals = finals("arxiv:1");
        assertThat(finals).containsOnlyKeys("10m@-5", "10m@0", "10m@5");
        assertThat(finals.get("10m@-5").getCounts().getViews()).isEqualTo(1);
        assertThat(finals.get("10m@-5").getUniqueReaders()).isEqualTo(1);
        PaperPopularity both = finals.get("10m@0");
        assertThat(both.getCounts().getViews()).isEqualTo(2);
        assertThat(both.getCounts().getUpvotes()).isEqualTo(1);
        assertThat(both.getUniqueReaders()).isEqualTo(2);
        assertThat(both.getWindowEnd()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(both.getScore()).isEqualTo(2 * 1.0 + 1 * 4.0);
        assertThat(finals.get("10m@5").getCounts().getViews()).isEqualTo(1);
        assertThat(finals.get("10m@5").getCounts().getUpvotes()).isEqualTo(1);
    }

    @Test
    void shouldCountOneReaderOnceHoweverOftenTheyReload() {
        start("1h:1h");
        for (int i = 0; i < 1000; i++) {
            send("arxiv:2", EventType.VIEW, "reloader", 1);
        }
        send("arxiv:2", EventType.VIEW, "someone-else", 2);
        send("arxiv:other", EventType.VIEW, "u", 200);

        PaperPopularity window = finals("arxiv:2").get("1h@0");
        assertThat(window.getCounts().getViews()).isEqualTo(1001);
        assertThat(window.getUniqueReaders()).isEqualTo(2);
        assertThat(window.getScore()).as("views are capped at distinct readers").isEqualTo(2.0);
    }

    @Test
    void shouldCountLateEventsWithinGraceAndDropLaterOnes() {
        start("10m:10m");
        send("arxiv:3", EventType.VIEW, "u1", 1);
        send("arxiv:3", EventType.VIEW, "u2", 11);   // stream time 11: window [0,10) still open (grace 2 min)
        send("arxiv:3", EventType.DOWNLOAD, "u3", 9); // late but within grace: counted in [0,10)
        send("arxiv:3", EventType.VIEW, "u4", 13);   // stream time 13: [0,10) closes
        send("arxiv:3", EventType.SHARE, "u5", 5);   // too late for [0,10): dropped
        send("arxiv:other", EventType.VIEW, "u", 60);

        Map<String, PaperPopularity> finals = finals("arxiv:3");
        assertThat(finals.get("10m@0").getCounts().getViews()).isEqualTo(1);
        assertThat(finals.get("10m@0").getCounts().getDownloads()).isEqualTo(1);
        assertThat(finals.get("10m@0").getCounts().getShares()).isZero();
        assertThat(finals.get("10m@10").getCounts().getViews()).isEqualTo(2);
        assertThat(meters.get("papertrends.popularity.events.dropped.late").tag("window", "10m").counter().count()).isEqualTo(1.0);
    }

    @Test
    void shouldEmitTheCurrentWindowWhileItIsOpenAndMarkOnlyTheLastValueFinal() {
        start("10m:5m");
        send("arxiv:4", EventType.VIEW, "u1", 1);
        send("arxiv:4", EventType.VIEW, "u2", 2);
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        List<PaperPopularity> updates = out.readValuesToList();
        // Changes are also emitted when stream time crosses a window boundary, before any window closes.
        assertThat(updates).isNotEmpty().allSatisfy(p -> assertThat(p.getClosed()).isFalse());
        PaperPopularity current = updates.get(updates.size() - 1);
        assertThat(minutes(current.getWindowStart())).as("current window: ends soonest after stream time").isEqualTo(-5);
        assertThat(current.getCounts().getViews()).isEqualTo(2);

        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(out.readValuesToList()).as("nothing changed, nothing emitted").isEmpty();

        send("arxiv:4", EventType.VIEW, "u3", 3);
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(out.readValuesToList()).singleElement().satisfies(p -> assertThat(p.getCounts().getViews()).isEqualTo(3));
    }

    @Test
    void shouldCountEventsOfPapersNotYetKnown() {
        start("1h:1h");
        send("doi:10.1/never-ingested", EventType.CITATION, null, 5);
        send("doi:10.1/never-ingested", EventType.CITATION, null, 6);
        send("arxiv:other", EventType.VIEW, "u", 200);
        PaperPopularity window = finals("doi:10.1/never-ingested").get("1h@0");
        assertThat(window.getCounts().getCitations()).isEqualTo(2);
        assertThat(window.getUniqueReaders()).as("events without a reader id count one reader each").isEqualTo(2);
        assertThat(window.getScore()).isEqualTo(16.0);
    }

    @Test
    void shouldCountAnEventSentAgainOnce() {
        start("1h:1h");
        Instant at = T0.plusMillis(5 * MIN);
        PaperEvent event = PaperEvent.newBuilder().setEventId("0123456789abcdef0123456789abcdef").setPaperId("arxiv:5")
                .setType(EventType.DOWNLOAD).setUserId("u1").setOccurredAt(at).setSource("test").setReceivedAt(at).build();
        for (int i = 0; i < 3; i++) {
            events.pipeInput("arxiv:5", event, at);
        }
        // Same time, another id: another event.
        events.pipeInput("arxiv:5", PaperEvent.newBuilder(event).setEventId("fedcba9876543210fedcba9876543210").build(), at);
        send("arxiv:other", EventType.VIEW, "u", 200);

        PaperPopularity window = finals("arxiv:5").get("1h@0");
        assertThat(window.getCounts().getDownloads()).isEqualTo(2);
        assertThat(window.getUniqueReaders()).isEqualTo(1);
        assertThat(meters.counter("papertrends.popularity.events.duplicate").count()).isEqualTo(2.0);
    }

    @Test
    void shouldMatchABruteForceCountOnARandomStream() {
        start("1h:5m,24h:1h,7d:1d");
        java.util.Random random = new java.util.Random(3);
        // Far enough in the past that the closing event, 20 days later, is not in the future.
        Instant base = Instant.now().minus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        List<PaperEvent> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            // In order per paper up to a jitter well inside the 2-minute grace, starting just before a day boundary.
            long at = base.toEpochMilli() - 10 * MIN + (long) i * 20_000 - random.nextInt(30_000);
            String paper = "arxiv:r" + random.nextInt(6);
            PaperEvent e = PaperEvent.newBuilder().setEventId("e" + i).setPaperId(paper).setType(EventType.values()[random.nextInt(6)])
                    .setUserId("u" + random.nextInt(40)).setOccurredAt(Instant.ofEpochMilli(at)).setSource("test")
                    .setReceivedAt(Instant.ofEpochMilli(at)).build();
            sent.add(e);
            events.pipeInput(paper, e, at);
        }
        Instant end = base.plus(Duration.ofDays(20));
        events.pipeInput("sentinel:x", PaperEvent.newBuilder().setEventId("end").setPaperId("sentinel:x").setType(EventType.VIEW)
                .setUserId("u").setOccurredAt(end).setSource("test").setReceivedAt(end).build(), end);
        PopularityConfig config = new PopularityConfig(WindowSpec.parseAll("1h:5m,24h:1h,7d:1d"), 2 * MIN, 1000, EngagementScore.defaults(), 5 * MIN);
        Map<PopularityIT.Key, long[]> expected = PopularityIT.expectedCounts(sent, config);
        Map<PopularityIT.Key, PaperPopularity> finals = out.readValuesToList().stream()
                .filter(p -> p.getClosed() && !p.getPaperId().startsWith("sentinel"))
                .collect(Collectors.toMap(p -> new PopularityIT.Key(p.getPaperId(), p.getWindow(), p.getWindowStart().toEpochMilli()), p -> p));
        assertThat(finals.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((k, want) -> assertThat(finals.get(k).getCounts().getViews()).as("views of %s", k).isEqualTo(want[0]));
    }

    @Test
    void shouldNameEveryStateStore() {
        StreamsBuilder builder = new StreamsBuilder();
        PopularityTopology.addTo(builder, topics, PopularityConfig.defaults(), meters);
        String description = builder.build().describe().toString();
        assertThat(description).contains("popularity-panes-1h", "popularity-panes-24h", "popularity-panes-7d",
                PopularityTopology.PAPERS_STORE,
                PopularityTopology.PROGRESS_STORE, PopularityTopology.SEEN_STORE, PopularityTopology.PROCESSOR, PopularityTopology.SINK);
        assertThat(description).doesNotContain("KSTREAM-");
    }
}
