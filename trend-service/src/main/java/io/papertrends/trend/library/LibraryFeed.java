package io.papertrends.trend.library;

import io.papertrends.avro.EnrichedPaper;
import io.papertrends.avro.PaperPopularity;
import io.papertrends.avro.TrendingKeywords;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.serde.RegistryUnavailableException;
import io.papertrends.topics.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a {@link Library} from {@code papers-enriched}, {@code paper-popularity},
 * {@code trending-updates} and {@code trending-keywords}: a plain consumer of this instance
 * alone (no group), assigned every partition from the beginning, committed records only.
 * Partitions created later are picked up. A record that cannot be read is skipped with a warning
 * (the stream processors send it to the dead-letter topic); a registry that does not answer is
 * waited for, never taken for a bad record.
 */
public final class LibraryFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LibraryFeed.class);
    private static final long REFRESH_MS = 10_000;
    private static final Duration REGISTRY_BACKOFF = Duration.ofSeconds(2);

    private final Library library;
    private final Map<String, Object> consumerConfig;
    private final Topics topics;
    private final Deserializer<EnrichedPaper> papers;
    private final Deserializer<PaperPopularity> popularity;
    private final Deserializer<TrendingUpdate> updates;
    private final Deserializer<TrendingKeywords> keywords;
    private final Thread thread;
    private final Map<TopicPartition, Long> startEnds = new HashMap<>();
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile String problem;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    /** @param kafka Kafka client settings (bootstrap servers, security); only the consumer's own keys are used */
    public LibraryFeed(Library library, Map<String, Object> kafka, Topics topics, String instance) {
        this.library = library;
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k)) {
                config.put(k, v);
            }
        });
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "trend-library-" + instance);
        this.consumerConfig = config;
        this.topics = topics;
        this.papers = topics.papersEnriched().valueSerde().deserializer();
        this.popularity = topics.paperPopularity().valueSerde().deserializer();
        this.updates = topics.trendingUpdates().valueSerde().deserializer();
        this.keywords = topics.trendingKeywords().valueSerde().deserializer();
        this.thread = new Thread(this::run, "trend-library");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Whether the library has read what its topics held when it started. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Why the library is not being fed, or null. */
    public String problem() {
        return problem;
    }

    private void run() {
        Set<TopicPartition> assigned = new HashSet<>();
        long nextRefresh = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            while (running) {
                if (System.currentTimeMillis() >= nextRefresh) {
                    refresh(c, assigned);
                    nextRefresh = System.currentTimeMillis() + REFRESH_MS;
                }
                if (assigned.isEmpty()) {
                    synchronized (this) {
                        wait(1000);
                    }
                    continue;
                }
                ConsumerRecords<byte[], byte[]> batch = c.poll(Duration.ofMillis(500));
                for (TopicPartition tp : batch.partitions()) {
                    for (ConsumerRecord<byte[], byte[]> r : batch.records(tp)) {
                        if (!apply(r)) {
                            c.seek(tp, r.offset());
                            break;
                        }
                    }
                }
                library.refresh();
                if (!caughtUp) {
                    caughtUp = startEnds.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue());
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (IOException | RuntimeException e) {
            problem = "the library stopped: " + e;
            log.error("the reader pages' library stopped: {}", e.toString(), e);
        }
    }

    /** Applies one record; false when the registry did not answer (the record is read again after a pause). */
    private boolean apply(ConsumerRecord<byte[], byte[]> r) throws IOException, InterruptedException {
        String topic = r.topic();
        try {
            if (topic.equals(topics.papersEnriched().name())) {
                String id = r.key() == null ? null : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
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
            synchronized (this) {
                wait(REGISTRY_BACKOFF.toMillis());
            }
            return false;
        } catch (RuntimeException e) {
            log.warn("reader pages' library: skipping an unreadable record at {}-{}@{}: {}", topic, r.partition(), r.offset(), e.toString());
            return true;
        }
    }

    private void refresh(KafkaConsumer<byte[], byte[]> c, Set<TopicPartition> assigned) {
        List<TopicPartition> found = new ArrayList<>();
        for (String topic : List.of(topics.papersEnriched().name(), topics.paperPopularity().name(), topics.trendingUpdates().name(),
                topics.trendingKeywords().name())) {
            List<PartitionInfo> partitions = c.partitionsFor(topic, Duration.ofSeconds(5));
            if (partitions != null) {
                partitions.forEach(p -> found.add(new TopicPartition(p.topic(), p.partition())));
            }
        }
        List<TopicPartition> added = found.stream().filter(tp -> !assigned.contains(tp)).toList();
        if (added.isEmpty()) {
            return;
        }
        assigned.addAll(added);
        c.assign(assigned);
        c.seekToBeginning(added);
        if (!caughtUp) {
            startEnds.putAll(c.endOffsets(added, Duration.ofSeconds(10)));
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        synchronized (this) {
            notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        library.close();
    }
}
