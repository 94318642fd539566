package io.papertrends.demo;

import io.papertrends.avro.TrendingUpdate;
import io.papertrends.topics.TopicSpec;
import java.time.Duration;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code trending-updates} with a plain consumer over all partitions (no group) and keeps
 * the latest ranking of one scope per window. It starts a little before the end of each partition
 * so a resumed demo shows the last known rankings at once.
 */
public final class Leaderboard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Leaderboard.class);
    /** Records re-read per partition on start, enough to find the latest ranking of a scope. */
    private static final long TAIL = 2_000;

    private final String scope;
    private final KafkaConsumer<String, TrendingUpdate> consumer;
    private final TopicSpec<String, TrendingUpdate> topic;
    private final Map<String, TrendingUpdate> latest = new ConcurrentHashMap<>();
    private final AtomicLong updates = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param kafkaConfig Kafka client settings (at least {@code bootstrap.servers})
     * @param topic       the {@code trending-updates} topic and its serdes
     * @param scope       the scope to follow, e.g. {@code global}
     */
    public Leaderboard(Map<String, Object> kafkaConfig, TopicSpec<String, TrendingUpdate> topic, String scope) {
        this.scope = scope;
        this.topic = topic;
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "papertrends-demo-leaderboard");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(config, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
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
            consumer.assign(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            consumer.endOffsets(partitions).forEach((tp, end) -> consumer.seek(tp, Math.max(begin.get(tp), end - TAIL)));
            while (!closed) {
                for (ConsumerRecord<String, TrendingUpdate> record : consumer.poll(Duration.ofMillis(500))) {
                    TrendingUpdate update = record.value();
                    if (update != null && scope.equals(update.getScope())) {
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

    /** The latest ranking per window seen so far. */
    public Map<String, TrendingUpdate> latest() {
        return Map.copyOf(latest);
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
