package io.papertrends.trend.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Binary encoding of the trend service's internal state and repartition records. The first byte
 * is a format version so a later version can still read what an earlier one wrote to a changelog.
 */
public final class Codec {
    public static final byte VERSION = 1;

    private Codec() { }

    public interface Writer<T> {
        void write(T value, DataOutputStream out) throws IOException;
    }

    public interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    public static <T> Serde<T> serde(Writer<T> writer, Reader<T> reader) {
        return Serdes.serdeFrom((topic, v) -> v == null ? null : encode(v, writer),
                (topic, b) -> b == null ? null : decode(b, reader));
    }

    public static <T> byte[] encode(T value, Writer<T> writer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(VERSION);
            writer.write(value, out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T decode(byte[] bytes, Reader<T> reader) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("unknown trend state format version " + version);
            }
            return reader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    public static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    public static void writeStrings(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String v : values) {
            out.writeUTF(v);
        }
    }

    public static List<String> readStrings(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(in.readUTF());
        }
        return List.copyOf(out);
    }

    public static <T> void writeList(DataOutputStream out, List<T> values, Writer<T> writer) throws IOException {
        out.writeInt(values.size());
        for (T v : values) {
            writer.write(v, out);
        }
    }

    public static <T> List<T> readList(DataInputStream in, Reader<T> reader) throws IOException {
        int n = in.readInt();
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(reader.read(in));
        }
        return List.copyOf(out);
    }

    public interface AvroEncoder<T> {
        java.nio.ByteBuffer encode(T value) throws IOException;
    }

    public interface AvroDecoder<T> {
        T decode(java.nio.ByteBuffer bytes) throws IOException;
    }

    /** A nullable Avro record in its single-object encoding (schema fingerprint + binary), length-prefixed. */
    public static <T> void writeAvro(DataOutputStream out, T value, AvroEncoder<T> encoder) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        java.nio.ByteBuffer buffer = encoder.encode(value);
        out.writeInt(buffer.remaining());
        out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
    }

    public static <T> T readAvro(DataInputStream in, AvroDecoder<T> decoder) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return decoder.decode(java.nio.ByteBuffer.wrap(bytes));
    }

    /** Truncates to what {@code writeUTF} accepts (64 KiB of modified UTF-8), leaving room for any character. */
    public static String bounded(String s, int maxChars) {
        return s == null || s.length() <= maxChars ? s : s.substring(0, maxChars);
    }
}
