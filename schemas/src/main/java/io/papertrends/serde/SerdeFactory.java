package io.papertrends.serde;

import io.papertrends.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** Makes the value serdes of the contract's topics: the one place that decides how values are framed. */
@FunctionalInterface
public interface SerdeFactory {

    <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type);

    /** Confluent wire format, schemas governed by {@code registry}. */
    static SerdeFactory registry(SchemaRegistryClient registry) {
        return new SerdeFactory() {
            @Override
            public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
                return new AvroSerde<>(type, registry, false);
            }
        };
    }
}
