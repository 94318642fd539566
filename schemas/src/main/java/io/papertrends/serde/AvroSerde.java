package io.papertrends.serde;

import io.papertrends.registry.SchemaRegistryClient;
import io.papertrends.registry.SchemaRegistryException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
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
    /** The compiled encoding of the type, or null when its schema is outside what plans cover. */
    private final RecordEncoder plan;
    private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

    public AvroSerde(Class<T> type, SchemaRegistryClient registry, boolean isKey) {
        this.type = Objects.requireNonNull(type);
        this.registry = Objects.requireNonNull(registry);
        this.isKey = isKey;
        this.data = SpecificData.getForClass(type);
        this.readerSchema = data.getSchema(type);
        this.writer = new SpecificDatumWriter<>(readerSchema, data);
        this.plan = RecordEncoder.compile(readerSchema, data).orElse(null);
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
            String what = "cannot get a schema id for " + type.getSimpleName() + " on topic " + topic + ": " + e.getMessage();
            throw e.isTransient() ? new RegistryUnavailableException(what, e) : new SerializationException(what, e);
        }
        try {
            return encode(value, id);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot encode " + type.getSimpleName() + " for topic " + topic + ": " + e.getMessage(), e);
        }
    }

    /** The wire format of {@code value} under schema id {@code id}: by the compiled plan when it covers the value, else by the general writer. */
    byte[] encode(T value, int id) throws IOException {
        // One buffer and encoder per thread: a fresh stream grows (and copies) several times for a
        // paper, and the encoder's own buffer is allocated anew each time.
        Buffer out = BUFFERS.get();
        if (plan != null) {
            try {
                plan.encode(value, out.start(id));
                return out.finish();
            } catch (RecordEncoder.NotCovered e) {
                out.encoder = null;
            } catch (IOException | RuntimeException e) {
                out.encoder = null;
                throw e;
            }
        }
        try {
            writer.write(value, out.start(id));
            return out.finish();
        } catch (IOException | RuntimeException e) {
            // The encoder may hold part of the failed record; a new one starts the next record clean.
            out.encoder = null;
            throw e;
        }
    }

    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

    /** A growable byte buffer, not synchronized, reused by one thread, with that thread's encoder. */
    private static final class Buffer extends OutputStream {
        /** Past this size a buffer is not kept for the next record (one huge record must not pin its memory). */
        private static final int MAX_KEPT = 1 << 20;
        private byte[] bytes = new byte[4096];
        private int count;
        private BinaryEncoder encoder;

        /** Starts a record: the header with schema {@code id}; returns the encoder of its body. */
        BinaryEncoder start(int id) {
            if (bytes.length > MAX_KEPT) {
                bytes = new byte[4096];
            }
            count = 0;
            write(WireFormat.MAGIC_BYTE);
            write(id >>> 24);
            write(id >>> 16);
            write(id >>> 8);
            write(id);
            encoder = EncoderFactory.get().binaryEncoder(this, encoder);
            return encoder;
        }

        /** The record's bytes, once its body is written. */
        byte[] finish() throws IOException {
            encoder.flush();
            return Arrays.copyOf(bytes, count);
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, count, len);
            count += len;
        }

        private void ensure(int more) {
            if (count + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(count + more, bytes.length * 2));
            }
        }

    }

    T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        int id = WireFormat.schemaId(topic, bytes);
        SpecificDatumReader<T> reader = readers.get(id);
        if (reader == null) {
            // Not computeIfAbsent: a registry call must not run while holding the map's lock.
            reader = readerFor(id);
            readers.putIfAbsent(id, reader);
        }
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
            if (e.isTransient()) {
                throw new RegistryUnavailableException("cannot fetch schema id " + id + " for " + type.getSimpleName()
                        + ": the schema registry did not answer: " + e.getMessage(), e);
            }
            String what = e.httpStatus() == 404 ? "unknown schema id " + id : "cannot fetch schema id " + id;
            throw new SerializationException(what + " for " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        return new SpecificDatumReader<>(writerSchema, readerSchema, data);
    }
}
