package io.papertrends.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.papertrends.avro.EnrichedPaper;
import io.papertrends.avro.Paper;
import io.papertrends.avro.PaperEvent;
import io.papertrends.avro.PaperPopularity;
import io.papertrends.avro.RejectedRecord;
import io.papertrends.avro.TrendingDigest;
import io.papertrends.avro.TrendingKeywords;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The serde's compiled encoding writes exactly the bytes of Avro's own writer, and falls back to it cleanly. */
class RecordEncoderTest {
    private static final int ID = 0x01020304;
    // Never contacted: encode() takes the schema id as given.
    private static final SchemaRegistryClient REGISTRY = new SchemaRegistryClient(RegistryConfig.of("http://127.0.0.1:9"));

    @Test
    void shouldCompileAPlanForThePublishedRecords() {
        for (Class<? extends SpecificRecord> type : List.of(Paper.class, PaperEvent.class, RejectedRecord.class, EnrichedPaper.class)) {
            SpecificData data = SpecificData.getForClass(type);
            assertThat(RecordEncoder.compile(data.getSchema(type), data)).as(type.getSimpleName()).isPresent();
        }
    }

    @ParameterizedTest
    @ValueSource(classes = {Paper.class, PaperEvent.class, RejectedRecord.class, EnrichedPaper.class, PaperPopularity.class,
            TrendingUpdate.class, TrendingKeywords.class, TrendingDigest.class})
    <T extends SpecificRecord> void shouldWriteTheBytesOfTheGeneralWriter(Class<T> type) throws IOException {
        AvroSerde<T> serde = new AvroSerde<>(type, REGISTRY, false);
        List<T> records = randomRecords(type, 3_000, type.getSimpleName().hashCode());
        for (T record : records) {
            byte[] bytes = serde.encode(record, ID);
            assertThat(bytes).as("%s", record).isEqualTo(reference(type, record));
            assertThat(decode(type, bytes)).isEqualTo(record);
        }
    }

    @Test
    void shouldLeaveAValueOutsideThePlanToTheGeneralWriterAndStayCleanAfterAFailure() throws IOException {
        AvroSerde<Paper> serde = new AvroSerde<>(Paper.class, REGISTRY, false);
        Paper good = randomRecords(Paper.class, 1, 3).get(0);
        Paper bad = Paper.newBuilder(good).setAuthors(Arrays.asList("Ada Lovelace", null)).build();

        assertThatThrownBy(() -> serde.encode(bad, ID)).isInstanceOf(RuntimeException.class);
        assertThat(serde.encode(good, ID)).isEqualTo(reference(Paper.class, good));

        // Instants before 1970 and with sub-millisecond parts, as the conversion truncates them.
        Paper old = Paper.newBuilder(good).setPublishedAt(Instant.parse("1969-07-20T20:17:40.123456Z"))
                .setIngestedAt(Instant.ofEpochMilli(-1)).build();
        assertThat(serde.encode(old, ID)).isEqualTo(reference(Paper.class, old));
    }

    private static <T extends SpecificRecord> T decode(Class<T> type, byte[] bytes) throws IOException {
        SpecificData data = SpecificData.getForClass(type);
        return new SpecificDatumReader<T>(data.getSchema(type), data.getSchema(type), data)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, WireFormat.HEADER_SIZE, bytes.length - WireFormat.HEADER_SIZE, null));
    }

    /** Header and body as the general writer makes them. */
    private static <T extends SpecificRecord> byte[] reference(Class<T> type, T record) throws IOException {
        SpecificData data = SpecificData.getForClass(type);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {WireFormat.MAGIC_BYTE, 1, 2, 3, 4});
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<T>(data.getSchema(type), data).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** Random records of {@code type}: Avro's random generic data (nulls, empty and long arrays, any text) read into the class. */
    private static <T extends SpecificRecord> List<T> randomRecords(Class<T> type, int count, long seed) throws IOException {
        SpecificData data = SpecificData.getForClass(type);
        Schema schema = data.getSchema(type);
        GenericDatumWriter<Object> generic = new GenericDatumWriter<>(schema);
        SpecificDatumReader<T> reader = new SpecificDatumReader<>(schema, schema, data);
        List<T> out = new ArrayList<>();
        for (Object datum : new RandomData(schema, count, seed)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            generic.write(datum, encoder);
            encoder.flush();
            out.add(reader.read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null)));
        }
        return out;
    }
}
