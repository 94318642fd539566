package io.papertrends.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.papertrends.config.Settings;
import io.papertrends.registry.RegistryConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams configuration shared by the stream services: the project's defaults, then the
 * user's settings (file &lt; environment &lt; flags, see {@link Settings}) on top.
 *
 * <p>Defaults: exactly-once v2; a record bad in itself (it cannot be deserialized, a processor
 * refuses it, its output cannot be serialized or is refused by the broker) goes to the service's
 * dead-letter topic and processing goes on (bad input never stops a service), while one that
 * failed because the schema registry did not answer is retried ({@link DeadLetters},
 * {@link #withDeadLetters}); every internal topic and store must be named explicitly;
 * commits (transactions) once a second;
 * RocksDB memory bounded by {@code papertrends.rocksdb.memory.bytes} (see
 * {@link BoundedMemoryRocksDBConfig}); state in {@code papertrends.state.dir}.
 */
public final class StreamsSettings {
    public static final String STATE_DIR = "papertrends.state.dir";
    private static final String DEFAULT_STATE_DIR = "data/state";
    /** {@code true}: delete this instance's local state before starting (it is rebuilt from the changelogs). */
    public static final String RESET = "papertrends.state.reset";

    private StreamsSettings() { }

    /** The state directory of this instance ({@value #STATE_DIR}, default {@code data/state}). */
    public static Path stateDir(Settings settings) {
        return Path.of(settings.get(STATE_DIR, DEFAULT_STATE_DIR));
    }

    /**
     * {@code settings} with the schema registry's answers kept in {@code <state dir>/schema-cache}
     * unless {@code schema.registry.cache.dir} is set: a restart while the registry is unreachable
     * still decodes every schema this instance has seen.
     */
    public static Settings withSchemaCache(Settings settings) {
        if (settings.get(RegistryConfig.CACHE_DIR).isPresent()) {
            return settings;
        }
        return settings.with(RegistryConfig.CACHE_DIR, Path.of(settings.get(STATE_DIR, DEFAULT_STATE_DIR)).resolve("schema-cache").toString());
    }

    /**
     * {@code config} with dead letters sent to {@code topic} (the service's own, e.g.
     * {@code enrich-dlq}) and counted in {@code meters} ({@code papertrends.dlq.records} by reason).
     */
    public static Properties withDeadLetters(Properties config, String topic, MeterRegistry meters) {
        config.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topic);
        config.put(DeadLetters.METERS_CONFIG, meters);
        return config;
    }

    public static Properties streamsConfig(Settings settings, String defaultApplicationId) {
        Map<String, Object> props = new HashMap<>();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, defaultApplicationId);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class.getName());
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class.getName());
        // No global stores; the handler would apply to them too (the default from Kafka 5.0).
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDBConfig.class.getName());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 32L * 1024 * 1024);
        // One transaction a second: output becomes visible to read_committed consumers within
        // about a second, and the per-transaction cost (markers, epoch bump) stays small.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        // A produce racing the previous transaction's completion is answered CONCURRENT_TRANSACTIONS:
        // retry it soon rather than after the default 100 ms.
        props.put(StreamsConfig.producerPrefix(org.apache.kafka.clients.producer.ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 10);
        // A transaction open longer than this is aborted by the broker and the thread fenced, its work
        // redone: Kafka Streams' 10 s is short for a commit on a loaded two-core machine writing back a
        // backfill's windows. It also bounds how long a crashed instance's open transaction holds back
        // read_committed readers of its output, so it stays well under a minute.
        props.put(StreamsConfig.producerPrefix(org.apache.kafka.clients.producer.ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 30_000);
        props.put(StreamsConfig.STATE_DIR_CONFIG, settings.get(STATE_DIR, DEFAULT_STATE_DIR));
        props.putAll(settings.kafkaProperties());
        settings.get(BoundedMemoryRocksDBConfig.MEMORY_BYTES).ifPresent(v -> props.put(BoundedMemoryRocksDBConfig.MEMORY_BYTES, v));
        Properties out = new Properties();
        out.putAll(props);
        if (!out.containsKey(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("bootstrap.servers is required (flag, KAFKA_BOOTSTRAP_SERVERS or config file)");
        }
        return out;
    }
}
