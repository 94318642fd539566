package io.papertrends.topics;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic of the contract: its name, its serdes, and how it is laid out on the broker.
 *
 * @param name        full topic name (prefix included)
 * @param keySerde    serde of the key
 * @param valueSerde  serde of the value
 * @param compacted   whether the topic is compacted (latest value per key) rather than deleted by age
 * @param retentionMs retention of a delete-policy topic in milliseconds ({@code -1} = forever)
 */
public record TopicSpec<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, boolean compacted, long retentionMs) {

    /** Broker-side topic config for creating the topic. */
    public Map<String, String> topicConfig() {
        return compacted
                ? Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0", "segment.ms", "3600000")
                : Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(retentionMs));
    }

}
