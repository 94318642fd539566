package io.papertrends.trend.library;

import io.papertrends.avro.EnrichedPaper;
import io.papertrends.avro.PaperPopularity;
import io.papertrends.avro.TrendingKeywords;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.serde.RegistryUnavailableException;
import io.papertrends.service.Health;
import io.papertrends.topics.Topics;
import io.papertrends.trend.core.TopicFollower;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a {@link Library} from {@code papers-enriched}, {@code paper-popularity},
 * {@code trending-updates} and {@code trending-keywords}, every partition from its beginning
 * ({@link TopicFollower}). A record that cannot be read is skipped with a warning (the stream
 * processors send it to the dead-letter topic); a registry that does not answer is waited for,
 * never taken for a bad record.
 */
public final class LibraryFeed extends TopicFollower {
    private static final Logger log = LoggerFactory.getLogger(LibraryFeed.class);
    private static final Duration REGISTRY_BACKOFF = Duration.ofSeconds(2);

    private final Library library;
    private final Topics topics;
    private final Deserializer<EnrichedPaper> papers;
    private final Deserializer<PaperPopularity> popularity;
    private final Deserializer<TrendingUpdate> updates;
    private final Deserializer<TrendingKeywords> keywords;
    /** The end of each partition when it was first assigned: caught up once every one is reached. */
    private final Map<TopicPartition, Long> startEnds = new ConcurrentHashMap<>();
    private volatile boolean caughtUp;
    private volatile String problem;

    /** @param kafka Kafka client settings (bootstrap servers, security); only the consumer's own keys are used */
    public LibraryFeed(Library library, Map<String, Object> kafka, Topics topics, String instance) {
        super(kafka, List.of(topics.papersEnriched().name(), topics.paperPopularity().name(), topics.trendingUpdates().name(),
                topics.trendingKeywords().name()), "trend-library-" + instance);
        this.library = library;
        this.topics = topics;
        this.papers = topics.papersEnriched().valueSerde().deserializer();
        this.popularity = topics.paperPopularity().valueSerde().deserializer();
        this.updates = topics.trendingUpdates().valueSerde().deserializer();
        this.keywords = topics.trendingKeywords().valueSerde().deserializer();
    }

    /** Whether the library has read what its topics held when it started. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /**
     * For {@code /healthz}: whether the reader pages' library is caught up, and why it is not fed
     * when it is not. Down only when its thread has stopped; a registry that does not answer is
     * waited for, and said so in the details, while the rankings go on.
     */
    public Health health() {
        Map<String, Object> details = new HashMap<>();
        details.put("library", caughtUp ? "caught up" : "reading the topics");
        String p = problem;
        if (p != null) {
            details.put("libraryProblem", p);
        }
        return alive() ? Health.up(details) : Health.down(p != null ? p : "the reader pages' library stopped", details);
    }

    @Override
    protected void assigned(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> added) {
        consumer.seekToBeginning(added);
        if (!caughtUp) {
            startEnds.putAll(consumer.endOffsets(added, Duration.ofSeconds(10)));
        }
    }

    @Override
    protected void consume(KafkaConsumer<byte[], byte[]> consumer, ConsumerRecords<byte[], byte[]> batch) throws Exception {
        for (TopicPartition tp : batch.partitions()) {
            for (ConsumerRecord<byte[], byte[]> r : batch.records(tp)) {
                if (!apply(r)) {
                    consumer.seek(tp, r.offset());
                    break;
                }
            }
        }
        library.refresh();
        if (!caughtUp) {
            caughtUp = startEnds.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        }
    }

    @Override
    protected void failed(Exception failure) {
        problem = "the library stopped: " + failure;
        super.failed(failure);
    }

    /** Applies one record; false when the registry did not answer (the record is read again after a pause). */
    private boolean apply(ConsumerRecord<byte[], byte[]> r) throws IOException, InterruptedException {
        String topic = r.topic();
        try {
            if (topic.equals(topics.papersEnriched().name())) {
                String id = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
                EnrichedPaper value = r.value() == null ? null : papers.deserialize(topic, r.value());
                if (id == null && value != null) {
                    id = value.getPaper().getId();
                }
                if (id != null) {
                    library.paper(id, value);
                }
            } else if (r.value() == null) {
                return true;
            } else if (topic.equals(topics.paperPopularity().name())) {
                library.popularity(popularity.deserialize(topic, r.value()));
            } else if (topic.equals(topics.trendingUpdates().name())) {
                library.update(updates.deserialize(topic, r.value()));
            } else {
                library.keywords(keywords.deserialize(topic, r.value()));
            }
            problem = null;
            return true;
        } catch (RegistryUnavailableException e) {
            problem = "waiting for the schema registry: " + e.getMessage();
            log.warn("reader pages' library: {}; reading {}-{}@{} again in {}", problem, topic, r.partition(), r.offset(), REGISTRY_BACKOFF);
            pause(REGISTRY_BACKOFF.toMillis());
            return false;
        } catch (RuntimeException e) {
            log.warn("reader pages' library: skipping an unreadable record at {}-{}@{}: {}", topic, r.partition(), r.offset(), e.toString());
            return true;
        }
    }

    @Override
    public void close() {
        super.close();
        library.close();
    }
}
