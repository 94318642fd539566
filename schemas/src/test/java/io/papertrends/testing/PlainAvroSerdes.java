package io.papertrends.testing;

import io.papertrends.serde.SerdeFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Avro binary serdes without registry framing, for topology tests with
 * {@code TopologyTestDriver}: they test the processing, while the wire format and the registry
 * are tested against the real registry in the integration tests.
 */
public final class PlainAvroSerdes implements SerdeFactory {

    @Override
    public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
        SpecificData data = SpecificData.getForClass(type);
        SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(data.getSchema(type), data);
        SpecificDatumReader<T> reader = new SpecificDatumReader<>(data.getSchema(type), data.getSchema(type), data);
        return Serdes.serdeFrom((topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
                writer.write(value, encoder);
                encoder.flush();
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
