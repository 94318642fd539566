package io.papertrends.serde;

import io.papertrends.registry.SchemaRegistryClient;
import io.papertrends.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for generated Avro records in the Confluent wire format, with schemas governed by a
 * schema registry under the TopicNameStrategy ({@code <topic>-value} / {@code <topic>-key}).
 *
 * <p>The writer schema is registered (or looked up, when auto-registration is off) once per
 * subject; the reader resolves each record's writer schema by id, so records written with an
 * older or newer compatible schema decode into the current class. Thread-safe.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
    private final Class<T> type;
    private final Schema readerSchema;
    private final SchemaRegistryClient registry;
    private final boolean isKey;
    private final SpecificData data;
    private final SpecificDatumWriter<T> writer;
    private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

    public AvroSerde(Class<T> type, SchemaRegistryClient registry, boolean isKey) {
        this.type = Objects.requireNonNull(type);
        this.registry = Objects.requireNonNull(registry);
        this.isKey = isKey;
        this.data = SpecificData.getForClass(type);
        this.readerSchema = data.getSchema(type);
        this.writer = new SpecificDatumWriter<>(readerSchema, data);
    }

    /** Subject of a topic under the TopicNameStrategy. */
    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    public Schema schema() {
        return readerSchema;
    }

    @Override
    public Serializer<T> serializer() {
        return this::serialize;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this::deserialize;
    }

    byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        int id;
        try {
            id = registry.idFor(subject(topic, isKey), readerSchema);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("cannot get a schema id for " + type.getSimpleName() + " on topic " + topic + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(WireFormat.MAGIC_BYTE);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        try {
            // Buffered: the stream sees a few large writes instead of one per field.
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            writer.write(value, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot encode " + type.getSimpleName() + " for topic " + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        int id = WireFormat.schemaId(topic, bytes);
        SpecificDatumReader<T> reader = readers.computeIfAbsent(id, this::readerFor);
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, WireFormat.HEADER_SIZE, bytes.length - WireFormat.HEADER_SIZE, null);
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot decode " + type.getSimpleName() + " (schema id " + id + ") from topic " + topic + ": " + e.getMessage(), e);
        }
    }

    private SpecificDatumReader<T> readerFor(int id) {
        Schema writerSchema;
        try {
            writerSchema = registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            String what = e.httpStatus() == 404 ? "unknown schema id " + id : "cannot fetch schema id " + id;
            throw new SerializationException(what + " for " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        return new SpecificDatumReader<>(writerSchema, readerSchema, data);
    }
}
