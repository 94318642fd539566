package io.papertrends.streams;

import io.papertrends.topics.TopicSpec;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** A contract topic's serdes in the form the Kafka Streams DSL takes them. */
public final class TopicSerdes {
    private TopicSerdes() { }

    public static <K, V> Consumed<K, V> consumed(TopicSpec<K, V> topic) {
        return Consumed.with(topic.keySerde(), topic.valueSerde());
    }

    public static <K, V> Produced<K, V> produced(TopicSpec<K, V> topic) {
        return Produced.with(topic.keySerde(), topic.valueSerde());
    }
}
