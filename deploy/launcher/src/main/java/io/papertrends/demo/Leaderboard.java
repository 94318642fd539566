package io.papertrends.demo;

import io.papertrends.avro.Paper;
import io.papertrends.avro.TrendingEntry;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code trending-updates} with a plain consumer over all partitions (no group) and keeps
 * the latest ranking of one scope per window. It starts a little before the end of each partition
 * so a resumed demo shows the last known rankings at once. It also reads the titles on
 * {@code papers}, so that a paper ranked before enrich has passed it on shows its title, not an id.
 */
public final class Leaderboard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Leaderboard.class);
    /** Records re-read per partition on start, enough to find the latest ranking of a scope. */
    private static final long TAIL = 2_000;

    private final String scope;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicSpec<String, TrendingUpdate> topic;
    private final TopicSpec<String, Paper> papers;
    private final Deserializer<TrendingUpdate> updatesIn;
    private final Deserializer<Paper> papersIn;
    private final Map<String, String> titles = new ConcurrentHashMap<>();
    private final Map<String, TrendingUpdate> latest = new ConcurrentHashMap<>();
    private final AtomicLong updates = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param kafkaConfig Kafka client settings (at least {@code bootstrap.servers})
     * @param topic       the {@code trending-updates} topic and its serdes
     * @param papers      the {@code papers} topic, for titles
     * @param scope       the scope to follow, e.g. {@code global}
     */
    public Leaderboard(Map<String, Object> kafkaConfig, TopicSpec<String, TrendingUpdate> topic, TopicSpec<String, Paper> papers, String scope) {
        this.scope = scope;
        this.topic = topic;
        this.papers = papers;
        this.updatesIn = topic.valueSerde().deserializer();
        this.papersIn = papers.valueSerde().deserializer();
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "papertrends-demo-leaderboard");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::follow, "demo-leaderboard");
        this.thread.setDaemon(true);
    }

    /** Starts following the topic in the background. */
    public Leaderboard start() {
        thread.start();
        return this;
    }

    private void follow() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            List<TopicPartition> paperPartitions = consumer.partitionsFor(papers.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            List<TopicPartition> all = new ArrayList<>(partitions);
            all.addAll(paperPartitions);
            consumer.assign(all);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            consumer.endOffsets(partitions).forEach((tp, end) -> consumer.seek(tp, Math.max(begin.get(tp), end - TAIL)));
            consumer.seekToBeginning(paperPartitions);
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() == null) {
                        continue;
                    }
                    if (record.topic().equals(papers.name())) {
                        Paper paper = papersIn.deserialize(record.topic(), record.value());
                        titles.put(paper.getId(), paper.getTitle());
                        continue;
                    }
                    TrendingUpdate update = updatesIn.deserialize(record.topic(), record.value());
                    if (scope.equals(update.getScope())) {
                        latest.put(update.getWindow(), update);
                        updates.incrementAndGet();
                    }
                }
            }
        } catch (WakeupException e) {
            if (!closed) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("leaderboard stopped following {}", topic.name(), e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** The latest ranking per window seen so far, each paper with its title once {@code papers} has it. */
    public Map<String, TrendingUpdate> latest() {
        Map<String, TrendingUpdate> out = new HashMap<>();
        latest.forEach((window, update) -> out.put(window, withTitles(update)));
        return out;
    }

    private TrendingUpdate withTitles(TrendingUpdate update) {
        if (update.getEntries().stream().allMatch(e -> e.getTitle() != null)) {
            return update;
        }
        List<TrendingEntry> entries = new ArrayList<>();
        for (TrendingEntry e : update.getEntries()) {
            String title = e.getTitle() != null ? e.getTitle() : titles.get(e.getPaperId());
            entries.add(title == e.getTitle() ? e : TrendingEntry.newBuilder(e).setTitle(title).build());
        }
        return TrendingUpdate.newBuilder(update).setEntries(entries).build();
    }

    /** How many rankings of the scope have been read. */
    public long updates() {
        return updates.get();
    }

    @Override
    public void close() {
        closed = true;
        if (!thread.isAlive() && thread.getState() == Thread.State.NEW) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            return;
        }
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
