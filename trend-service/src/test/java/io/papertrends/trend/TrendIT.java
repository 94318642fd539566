package io.papertrends.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.papertrends.avro.EnrichedPaper;
import io.papertrends.avro.EventCounts;
import io.papertrends.avro.Keyphrase;
import io.papertrends.avro.KeywordEntry;
import io.papertrends.avro.Paper;
import io.papertrends.avro.PaperPopularity;
import io.papertrends.avro.TrendingEntry;
import io.papertrends.avro.TrendingKeywords;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.config.Settings;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.registry.SchemaRegistryClient;
import io.papertrends.stack.LocalStack;
import io.papertrends.stack.junit.LocalStackExtension;
import io.papertrends.streams.StreamsRunner;
import io.papertrends.streams.StreamsSettings;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import io.papertrends.trend.core.TrendConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trend topology against the real broker, with inputs spread over three partitions: the
 * planted bursts come out on top of the merged global ranking, ahead of papers with more
 * traffic and no growth, keyword scopes are ranked too, and the bursts' keyphrases lead
 * {@code trending-keywords}.
 */
@ExtendWith(LocalStackExtension.class)
class TrendIT {
    private static final int PAPERS = 60;
    private static final List<String> BURSTS = List.of("arxiv:2611.00007", "arxiv:2611.00023", "arxiv:2611.00041");

    @Test
    void shouldRankPlantedBurstsFirstAcrossPartitions(LocalStack stack, @TempDir Path stateDir) throws Exception {
        String prefix = "trend-it-" + System.nanoTime() + "-";
        Topics topics = new Topics(prefix, new SchemaRegistryClient(RegistryConfig.of(stack.schemaRegistryUrl())));
        try (Admin admin = Admin.create(stack.kafkaConfig())) {
            admin.createTopics(List.of(new NewTopic(topics.papersEnriched().name(), 3, (short) 1),
                    new NewTopic(topics.paperPopularity().name(), 3, (short) 1),
                    new NewTopic(topics.trendingUpdates().name(), 3, (short) 1), new NewTopic(topics.trendingKeywords().name(), 3, (short) 1),
                    new NewTopic(topics.trendingDigest().name(), 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        produce(stack, topics.papersEnriched().name(), topics.papersEnriched().valueSerde().serializer(), papers(now));
        produce(stack, topics.paperPopularity().name(), topics.paperPopularity().valueSerde().serializer(), popularity(now));

        Settings settings = Settings.of(Map.of("bootstrap.servers", stack.bootstrapServers(),
                StreamsSettings.STATE_DIR, stateDir.toString(), "application.id", prefix + "trend", "commit.interval.ms", "200",
                TrendConfig.TOP_K, "10"));
        Map<String, TrendingUpdate> latest = new HashMap<>();
        Map<String, TrendingKeywords> keywords = new HashMap<>();
        try (StreamsRunner runner = new StreamsRunner(
                TrendTopology.buildTopology(topics, TrendConfig.from(settings), new SimpleMeterRegistry()),
                StreamsSettings.streamsConfig(settings, "unused"));
             KafkaConsumer<String, TrendingUpdate> consumer = consumer(stack, topics.trendingUpdates());
             KafkaConsumer<String, TrendingKeywords> keywordConsumer = consumer(stack, topics.trendingKeywords())) {
            runner.start(false);
            consumer.subscribe(List.of(topics.trendingUpdates().name()));
            keywordConsumer.subscribe(List.of(topics.trendingKeywords().name()));
            Awaitility.await("planted bursts on top of the global ranking").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        assertThat(runner.streams().state()).isNotIn(KafkaStreams.State.ERROR, KafkaStreams.State.NOT_RUNNING);
                        consumer.poll(Duration.ofMillis(200)).forEach(r -> latest.put(r.key() + "@" + r.value().getWindow(), r.value()));
                        TrendingUpdate global = latest.get("global@1h");
                        return global != null && global.getEntries().size() >= BURSTS.size()
                                && ids(global).subList(0, BURSTS.size()).containsAll(BURSTS)
                                && latest.containsKey("keyword:topic 1@1h");
                    });
            Awaitility.await("trending keywords of the bursts' topics").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        keywordConsumer.poll(Duration.ofMillis(200)).forEach(r -> keywords.put(r.key(), r.value()));
                        TrendingKeywords hour = keywords.get("1h");
                        return hour != null && hour.getKeywords().size() == 2;
                    });
        }
        assertThat(keywords.get("1h").getKeywords()).extracting(KeywordEntry::getPhrase, KeywordEntry::getPapers)
                .as("the two bursts of topic 3, the one of topic 1; steady and quiet papers do not trend")
                .containsExactlyInAnyOrder(tuple("Topic 3", 2L), tuple("Topic 1", 1L));
        TrendingUpdate global = latest.get("global@1h");
        assertThat(ids(global).subList(0, BURSTS.size())).containsExactlyInAnyOrderElementsOf(BURSTS);
        assertThat(global.getEntries().get(0).getTitle()).startsWith("Paper ");
        assertThat(ids(latest.get("keyword:topic 1@1h"))).containsExactly("arxiv:2611.00041");
    }

    private static List<String> ids(TrendingUpdate update) {
        return update.getEntries().stream().map(TrendingEntry::getPaperId).toList();
    }

    private static String id(int i) {
        return String.format("arxiv:2611.%05d", i);
    }

    private static List<KeyValue<String, EnrichedPaper>> papers(Instant now) {
        List<KeyValue<String, EnrichedPaper>> out = new ArrayList<>();
        for (int i = 0; i < PAPERS; i++) {
            Paper paper = Paper.newBuilder().setId(id(i)).setTitle("Paper " + i).setAbstractText("About topic " + i % 4)
                    .setCategories(List.of("cs." + (char) ('A' + i % 3))).setSource("jsonl").setContentHash("h" + i).setIngestedAt(now).build();
            out.add(KeyValue.pair(id(i), EnrichedPaper.newBuilder().setPaper(paper)
                    .setKeyphrases(List.of(Keyphrase.newBuilder().setPhrase("Topic " + i % 4).setNormalized("topic " + i % 4).setScore(1).build()))
                    .setExtractorVersion("it").setEnrichedAt(now).build()));
        }
        return out;
    }

    /**
     * Per paper six closed hours of history, then its current window: every third paper steady at
     * 100 readers, the others quiet at 5, the planted bursts quiet until 150 now.
     */
    private static List<KeyValue<String, PaperPopularity>> popularity(Instant now) {
        List<KeyValue<String, PaperPopularity>> out = new ArrayList<>();
        for (int i = 0; i < PAPERS; i++) {
            String paper = id(i);
            long level = i % 3 == 0 ? 100 : 5;
            long current = BURSTS.contains(paper) ? 150 : i % 3 == 0 ? 105 : 5;
            for (int h = 6; h >= 1; h--) {
                out.add(KeyValue.pair(paper, window(paper, now.minus(Duration.ofHours(h)), level, true)));
            }
            out.add(KeyValue.pair(paper, window(paper, now.plus(Duration.ofMinutes(5)), current, false)));
        }
        return out;
    }

    private static PaperPopularity window(String paper, Instant end, long readers, boolean closed) {
        return PaperPopularity.newBuilder().setPaperId(paper).setWindow("1h").setWindowStart(end.minus(Duration.ofHours(1))).setWindowEnd(end)
                .setCounts(EventCounts.newBuilder().setViews(readers).build()).setUniqueReaders(readers).setScore(readers)
                .setClosed(closed).setUpdatedAt(end).build();
    }

    private static <V> void produce(LocalStack stack, String topic, Serializer<V> serializer, List<KeyValue<String, V>> records) {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(stack.kafkaConfig(), new StringSerializer(), serializer)) {
            records.forEach(kv -> producer.send(new ProducerRecord<>(topic, kv.key, kv.value)));
            producer.flush();
        }
    }

    private static <V> KafkaConsumer<String, V> consumer(LocalStack stack, TopicSpec<String, V> topic) {
        Map<String, Object> config = new HashMap<>(stack.kafkaConfig());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }
}
