package io.papertrends.trend.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer of this instance alone (no group, nothing committed) on its own thread, assigned
 * every partition of some topics, committed records only; partitions created later are picked
 * up. What every instance reads in full for itself: the live stream and the reader pages' library.
 * Subclasses say where new partitions start and what a batch does.
 */
public abstract class TopicFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);
    private static final long REFRESH_MS = 10_000;

    private final Map<String, Object> config;
    private final List<String> topics;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    /**
     * @param kafka    Kafka client settings (bootstrap servers, security); only the consumer's own keys are used
     * @param topics   the topics followed
     * @param clientId the consumer's {@code client.id}, also its thread's name
     */
    protected TopicFollower(Map<String, Object> kafka, List<String> topics, String clientId) {
        Map<String, Object> c = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k)) {
                c.put(k, v);
            }
        });
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        this.config = c;
        this.topics = List.copyOf(topics);
        this.thread = new Thread(this::run, clientId);
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Positions newly assigned partitions (from their beginning, their end, …). */
    protected abstract void assigned(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> added);

    /** Handles a batch; the consumer is given so a record can be read again ({@code seek}). */
    protected abstract void consume(KafkaConsumer<byte[], byte[]> consumer, ConsumerRecords<byte[], byte[]> batch) throws Exception;

    /** The thread stopped on {@code failure}. */
    protected void failed(Exception failure) {
        log.error("{} stopped: {}", thread.getName(), failure.toString(), failure);
    }

    /** The thread ends (closed or failed). */
    protected void finished() {
    }

    /** Whether the thread still follows the topics (or has not started). */
    protected boolean alive() {
        return thread.isAlive() || thread.getState() == Thread.State.NEW || !running;
    }

    /** Waits up to {@code millis}, or less when closed. */
    protected void pause(long millis) throws InterruptedException {
        synchronized (this) {
            if (running) {
                wait(millis);
            }
        }
    }

    private void run() {
        Set<TopicPartition> assigned = new HashSet<>();
        long nextRefresh = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            while (running) {
                if (System.currentTimeMillis() >= nextRefresh) {
                    refresh(c, assigned);
                    nextRefresh = System.currentTimeMillis() + REFRESH_MS;
                }
                if (assigned.isEmpty()) {
                    pause(1000);
                    continue;
                }
                consume(c, c.poll(Duration.ofMillis(500)));
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (Exception e) {
            failed(e);
        } finally {
            finished();
        }
    }

    private void refresh(KafkaConsumer<byte[], byte[]> c, Set<TopicPartition> assigned) {
        List<TopicPartition> found = new ArrayList<>();
        for (String topic : topics) {
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
        assigned(c, added);
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
    }
}
