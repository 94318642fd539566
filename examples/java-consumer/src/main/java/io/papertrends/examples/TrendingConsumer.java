package io.papertrends.examples;

import io.papertrends.avro.DigestEntry;
import io.papertrends.avro.TrendingDigest;
import io.papertrends.avro.TrendingEntry;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A downstream consumer of Paper Trends: follows {@code trending-updates} (a new ranking of a
 * scope and window, whenever it changes) and {@code trending-digest} (each scope's daily digest)
 * with a plain {@link KafkaConsumer} and the serdes of the {@code schemas} jar, and prints them.
 *
 * <p>The serdes read the Confluent wire format (magic byte 0, the writer schema's id in 4 bytes,
 * then Avro binary), fetch each writer schema from the registry by id and decode into the
 * generated classes. The services write in transactions: {@code isolation.level=read_committed}
 * leaves out what they abort.
 *
 * <pre>
 * java -cp target/classes:$(cat target/classpath.txt) io.papertrends.examples.TrendingConsumer [--from-beginning] [--max-records N] [--config FILE]
 * </pre>
 *
 * Connection from the environment: {@code KAFKA_BOOTSTRAP_SERVERS} (default {@code 127.0.0.1:9092},
 * the demo's), {@code SCHEMA_REGISTRY_URL} (default {@code http://127.0.0.1:8081}),
 * {@code SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO} ({@code user:password}, when the registry needs it)
 * and {@code PAPERTRENDS_TOPIC_PREFIX}; {@code --config FILE} adds (and overrides with) a properties
 * file's settings, such as a secured cluster's client settings from {@code local-stack --secure}.
 */
public final class TrendingConsumer {
    private TrendingConsumer() { }

    public static void main(String[] args) {
        boolean fromBeginning = false;
        long maxRecords = Long.MAX_VALUE;
        String configFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--from-beginning" -> fromBeginning = true;
                case "--max-records" -> maxRecords = Long.parseLong(args[++i]);
                case "--config" -> configFile = args[++i];
                default -> {
                    System.err.println("usage: TrendingConsumer [--from-beginning] [--max-records N] [--config FILE]");
                    System.exit(2);
                }
            }
        }
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));
        config.put(RegistryConfig.URL, env("SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081"));
        String userInfo = System.getenv("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO");
        if (userInfo != null) {
            config.put(RegistryConfig.CREDENTIALS_SOURCE, "USER_INFO");
            config.put(RegistryConfig.USER_INFO, userInfo);
        }
        config.put(Topics.PREFIX_CONFIG, env("PAPERTRENDS_TOPIC_PREFIX", ""));
        if (configFile != null) {
            // A secured cluster's client settings (SASL, TLS, the registry's trust store) override the environment's.
            Properties file = new Properties();
            try (Reader r = Files.newBufferedReader(Path.of(configFile), StandardCharsets.UTF_8)) {
                file.load(r);
            } catch (IOException e) {
                System.err.println("cannot read " + configFile + ": " + e.getMessage());
                System.exit(2);
            }
            file.stringPropertyNames().forEach(k -> config.put(k, file.getProperty(k)));
        }
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "papertrends-example-java");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        consume(config, maxRecords, new PrintStream(System.out, true, StandardCharsets.UTF_8));
    }

    /**
     * Subscribes to both topics and prints each record until {@code maxRecords} were printed or
     * the process is stopped (Ctrl-C).
     *
     * @param config Kafka consumer settings (a {@code group.id} among them) plus
     *               {@code schema.registry.url} and, optionally, {@code papertrends.topic.prefix}
     */
    public static void consume(Map<String, Object> config, long maxRecords, PrintStream out) {
        // The deployment's topic names (prefix included) with their serdes.
        Topics topics = Topics.from(config);
        TopicSpec<String, TrendingUpdate> updates = topics.trendingUpdates();
        TopicSpec<String, TrendingDigest> digests = topics.trendingDigest();
        Deserializer<TrendingUpdate> updateValues = updates.valueSerde().deserializer();
        Deserializer<TrendingDigest> digestValues = digests.valueSerde().deserializer();
        // One consumer for both topics: the value's type follows its topic.
        Deserializer<SpecificRecord> values = (topic, bytes) -> topic.equals(updates.name())
                ? updateValues.deserialize(topic, bytes) : digestValues.deserialize(topic, bytes);

        Map<String, Object> consumerConfig = new HashMap<>(config);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(consumerConfig, updates.keySerde().deserializer(), values)) {
            Thread main = Thread.currentThread();
            Thread hook = new Thread(() -> {
                consumer.wakeup();
                try {
                    main.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "consumer-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            consumer.subscribe(List.of(updates.name(), digests.name()));
            long printed = 0;
            try {
                while (printed < maxRecords) {
                    for (ConsumerRecord<String, SpecificRecord> r : consumer.poll(Duration.ofSeconds(1))) {
                        out.println(describe(r));
                        if (++printed == maxRecords) {
                            break;
                        }
                    }
                }
                consumer.commitSync();
            } catch (WakeupException stopping) {
                // Ctrl-C: close() below commits what was printed (auto commit) and leaves the group.
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // The hook is running.
                }
            }
        }
    }

    /** A record as a few lines: what it ranks and its top three papers. */
    static String describe(ConsumerRecord<String, SpecificRecord> r) {
        StringBuilder sb = new StringBuilder();
        if (r.value() instanceof TrendingUpdate u) {
            sb.append(String.format("trending-updates %s %s as of %s: %d papers", u.getScope(), u.getWindow(), u.getAsOf(), u.getEntries().size()));
            for (TrendingEntry e : u.getEntries().subList(0, Math.min(3, u.getEntries().size()))) {
                sb.append(String.format("%n  %2d. %s  (%s, score %.1f)", e.getRank(), e.getTitle() == null ? "" : e.getTitle(), e.getPaperId(), e.getScore()));
            }
        } else if (r.value() instanceof TrendingDigest d) {
            sb.append(String.format("trending-digest %s %s (%s, window %s): %d papers", d.getScope(), d.getDate(), d.getZone(), d.getWindow(),
                    d.getEntries().size()));
            for (DigestEntry e : d.getEntries().subList(0, Math.min(3, d.getEntries().size()))) {
                sb.append(String.format("%n  %2d. %s  %s", e.getRank(), e.getTitle() == null ? e.getPaperId() : e.getTitle(),
                        e.getUrl() == null ? "" : e.getUrl()));
            }
        } else {
            sb.append(r.topic()).append(' ').append(r.key()).append(": deleted (tombstone)");
        }
        return sb.toString();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
