package io.papertrends.trend.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.papertrends.avro.TrendingKeywords;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.topics.Topics;
import io.papertrends.trend.api.KeywordsView;
import io.papertrends.trend.api.TrendingView;
import io.papertrends.trend.core.TopicFollower;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source of {@code /api/stream}: every instance reads {@code trending-updates} and
 * {@code trending-keywords} itself (a plain consumer assigned all partitions from their end, no
 * consumer group, committed records only), so each instance can push every update to its own
 * clients. Each client has a bounded queue; a client whose queue is full is dropped rather than
 * slowing the others or growing memory. Topics or partitions created later are picked up.
 */
final class LiveUpdates extends TopicFollower {
    private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);

    /** One server-sent event; {@code window}/{@code scope} are what clients filter on (null scope: keywords). */
    record Event(String name, String window, String scope, String json) { }

    /** A connected client: its filters and its queue. */
    static final class Client {
        private final String window;
        private final Set<String> scopes;
        private final BlockingQueue<Event> queue;
        private volatile boolean dropped;

        /** @param scopes the scope names it follows (a keyword as given may name two), null: all */
        Client(String window, Collection<String> scopes, int capacity) {
            this.window = window;
            this.scopes = scopes == null ? null : Set.copyOf(scopes);
            this.queue = new ArrayBlockingQueue<>(capacity);
        }

        boolean wants(Event e) {
            return (window == null || window.equals(e.window())) && (scopes == null || e.scope() == null || scopes.contains(e.scope()));
        }

        /** The next event, null after {@code timeout} without one or once dropped. */
        Event next(Duration timeout) throws InterruptedException {
            return dropped ? null : queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        boolean dropped() {
            return dropped;
        }
    }

    private final String updatesTopic;
    private final String keywordsTopic;
    private final Deserializer<TrendingUpdate> updates;
    private final Deserializer<TrendingKeywords> keywords;
    private final ObjectMapper json;
    private final int maxClients;
    private final int queueSize;
    private final List<Client> clients = new CopyOnWriteArrayList<>();

    /** @param kafka Kafka client settings (bootstrap servers, security); only the consumer's own keys are used */
    LiveUpdates(Map<String, Object> kafka, Topics topics, ObjectMapper json, int maxClients, int queueSize, String instance) {
        super(kafka, List.of(topics.trendingUpdates().name(), topics.trendingKeywords().name()), "trend-live-" + instance);
        this.updatesTopic = topics.trendingUpdates().name();
        this.keywordsTopic = topics.trendingKeywords().name();
        this.updates = topics.trendingUpdates().valueSerde().deserializer();
        this.keywords = topics.trendingKeywords().valueSerde().deserializer();
        this.json = json;
        this.maxClients = maxClients;
        this.queueSize = queueSize;
    }

    /** A new client with these filters (null: any), or null when the limit of clients is reached. */
    synchronized Client connect(String window, Collection<String> scopes) {
        if (clients.size() >= maxClients) {
            return null;
        }
        Client c = new Client(window, scopes, queueSize);
        clients.add(c);
        return c;
    }

    void disconnect(Client c) {
        c.dropped = true;
        clients.remove(c);
    }

    int clients() {
        return clients.size();
    }

    /** Offers an event to every client that wants it; a client with a full queue is dropped. */
    void publish(Event e) {
        for (Client c : clients) {
            if (c.wants(e) && !c.queue.offer(e)) {
                log.info("dropping a stream client that fell {} events behind", queueSize);
                disconnect(c);
            }
        }
    }

    @Override
    protected void assigned(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> added) {
        consumer.seekToEnd(added);
        // Resolve the end offsets now: a record written before the next poll must not be skipped by a lazy seek.
        added.forEach(consumer::position);
    }

    @Override
    protected void consume(KafkaConsumer<byte[], byte[]> consumer, ConsumerRecords<byte[], byte[]> batch) {
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            Event e = event(r);
            if (e != null) {
                publish(e);
            }
        }
    }

    @Override
    protected void finished() {
        clients.forEach(this::disconnect);
    }

    private Event event(ConsumerRecord<byte[], byte[]> r) {
        try {
            if (r.topic().equals(updatesTopic)) {
                TrendingUpdate u = updates.deserialize(r.topic(), r.value());
                return u == null ? null : new Event("update", u.getWindow(), u.getScope(), json.writeValueAsString(TrendingView.of(u, Integer.MAX_VALUE)));
            }
            TrendingKeywords k = keywords.deserialize(r.topic(), r.value());
            return k == null ? null : new Event("keywords", k.getWindow(), null, json.writeValueAsString(KeywordsView.of(k)));
        } catch (RuntimeException | JsonProcessingException e) {
            log.warn("skipping an unreadable record at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
            return null;
        }
    }
}
