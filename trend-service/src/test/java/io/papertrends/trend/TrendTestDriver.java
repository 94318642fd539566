package io.papertrends.trend;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.papertrends.avro.EnrichedPaper;
import io.papertrends.avro.EventCounts;
import io.papertrends.avro.Keyphrase;
import io.papertrends.avro.Paper;
import io.papertrends.avro.PaperPopularity;
import io.papertrends.avro.TrendingDigest;
import io.papertrends.avro.TrendingKeywords;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.testing.PlainAvroSerdes;
import io.papertrends.topics.Topics;
import io.papertrends.trend.core.TrendConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StateStore;

/** The whole trend topology in a {@link TopologyTestDriver}, with 1 h popularity windows and a mocked wall clock. */
final class TrendTestDriver implements AutoCloseable {
    static final long MIN = 60_000;
    static final long HOUR = 60 * MIN;

    final TopologyTestDriver driver;
    /** The topology's meters. */
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Instant start;
    private final TestInputTopic<String, PaperPopularity> popularity;
    private final TestInputTopic<String, EnrichedPaper> papers;
    private final TestOutputTopic<String, TrendingUpdate> updates;
    private final TestOutputTopic<String, TrendingKeywords> keywords;
    private final TestOutputTopic<String, TrendingDigest> digests;

    /** K papers per ranking, one update per second, a half-life of one hour, unless {@code config} says otherwise. */
    static TrendConfig config(int k) {
        return new TrendConfig(k, 1000, HOUR, 0.3, 0.05, 1.0, 1.0, 3, 3, 24 * HOUR);
    }

    TrendTestDriver(TrendConfig config, Path stateDir, Instant start) {
        Topics topics = new Topics("", new PlainAvroSerdes());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "trend-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        this.start = start;
        driver = new TopologyTestDriver(TrendTopology.buildTopology(topics, config, meters), props, start);
        popularity = driver.createInputTopic(topics.paperPopularity().name(), Serdes.String().serializer(),
                topics.paperPopularity().valueSerde().serializer());
        papers = driver.createInputTopic(topics.papersEnriched().name(), Serdes.String().serializer(),
                topics.papersEnriched().valueSerde().serializer());
        updates = driver.createOutputTopic(topics.trendingUpdates().name(), Serdes.String().deserializer(),
                topics.trendingUpdates().valueSerde().deserializer());
        keywords = driver.createOutputTopic(topics.trendingKeywords().name(), Serdes.String().deserializer(),
                topics.trendingKeywords().valueSerde().deserializer());
        digests = driver.createOutputTopic(topics.trendingDigest().name(), Serdes.String().deserializer(),
                topics.trendingDigest().valueSerde().deserializer());
    }

    /** An enriched paper whose keyphrases normalise to their lower case. */
    void paper(String id, String title, List<String> keyphrases, List<String> categories) {
        paper(id, title, keyphrases, keyphrases.stream().map(String::toLowerCase).toList(), categories);
    }

    /** An enriched paper with keyphrases as they read and their normalised forms. */
    void paper(String id, String title, List<String> keyphrases, List<String> normalized, List<String> categories) {
        paper(id, title, keyphrases, normalized, categories, null);
    }

    /** An enriched paper whose source gave {@code url} as its landing page. */
    void paper(String id, String title, List<String> keyphrases, List<String> normalized, List<String> categories, String url) {
        List<Keyphrase> phrases = new ArrayList<>();
        for (int i = 0; i < keyphrases.size(); i++) {
            phrases.add(Keyphrase.newBuilder().setPhrase(keyphrases.get(i)).setNormalized(normalized.get(i)).setScore(1.0).build());
        }
        Paper paper = Paper.newBuilder().setId(id).setTitle(title).setAbstractText("abstract of " + title).setCategories(categories)
                .setUrl(url).setSource("jsonl").setContentHash("hash-" + id).setIngestedAt(start).build();
        papers.pipeInput(id, EnrichedPaper.newBuilder().setPaper(paper).setKeyphrases(phrases).setExtractorVersion("test")
                .setEnrichedAt(start).build(), start);
    }

    /** The paper's enriched record deleted (a tombstone). */
    void deletePaper(String id) {
        papers.pipeInput(id, null, start);
    }

    /** The 1 h window of {@code paper} ending {@code endMinutes} after the start, with {@code views} distinct readers viewing it. */
    void window(String paper, long endMinutes, long views, boolean closed) {
        Instant end = start.plusMillis(endMinutes * MIN);
        popularity.pipeInput(paper, PaperPopularity.newBuilder().setPaperId(paper).setWindow("1h")
                .setWindowStart(end.minusMillis(HOUR)).setWindowEnd(end)
                .setCounts(EventCounts.newBuilder().setViews(views).build()).setUniqueReaders(views).setScore(views)
                .setClosed(closed).setUpdatedAt(start).build(), end.minusMillis(MIN));
    }

    /** A paper's history: closed windows of {@code views} each, ending up to the start. */
    void history(String paper, long views) {
        for (long end = -30; end <= 0; end += 5) {
            window(paper, end, views, true);
        }
    }

    /** Advances the wall clock by {@code seconds} intervals of one second, one at a time. */
    void seconds(int seconds) {
        for (int i = 0; i < seconds; i++) {
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
    }

    void advance(Duration d) {
        driver.advanceWallClockTime(d);
    }

    List<KeyValue<String, TrendingUpdate>> updates() {
        return updates.readKeyValuesToList();
    }

    List<KeyValue<String, TrendingKeywords>> keywords() {
        return keywords.readKeyValuesToList();
    }

    List<KeyValue<String, TrendingDigest>> digests() {
        return digests.readKeyValuesToList();
    }

    /**
     * Closes the state stores as a clean shutdown does, before the driver: only then is all they
     * hold on disk (a commit no longer writes RocksDB's memtables out; closing the store does).
     * {@link #close} still closes the driver, which deletes the state directory.
     */
    void closeStores() {
        driver.getAllStateStores().values().forEach(StateStore::close);
    }

    @Override
    public void close() {
        driver.close();
    }
}
