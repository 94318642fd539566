package io.papertrends.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: byte 0 is the magic byte 0, bytes 1–4 the big-endian schema id,
 * then the Avro binary encoding of the value.
 */
public final class WireFormat {
    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() { }

    /** The schema id of a framed value, after checking its magic byte and length. */
    public static int schemaId(String topic, byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new SerializationException("record on topic " + topic + " is " + data.length
                    + " bytes, too short for the schema-registry wire format (5-byte header)");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "unknown magic byte 0x%02x on topic %s: not written in the schema-registry wire format (expected 0x00)",
                    data[0], topic));
        }
        return ByteBuffer.wrap(data, 1, 4).getInt();
    }
}
