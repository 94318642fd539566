package io.papertrends.ingest.parse;

import io.papertrends.avro.Paper;
import io.papertrends.avro.PaperEvent;
import io.papertrends.ingest.IngestLimits;
import io.papertrends.ids.Normalizer;
import io.papertrends.ingest.RecordValidator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;

/**
 * What reading a {@code jsonl} file of papers costs on one thread, without Kafka, stage by stage:
 * three passes over the file each do one stage more than the one before (a stage's cost is the
 * difference), then the papers of the last are encoded and batched, each timed on its own. For
 * benchmarks ({@code bench ingest}), which print it next to the throughput.
 */
public final class ParseCost {

    /**
     * CPU µs a paper, the median over the rounds, of: reading lines and checking them as UTF-8;
     * that and reading their JSON fields (Jackson); that and validating, normalising and hashing
     * (the papers built); Avro-encoding the papers built; appending the encoded records to
     * lz4-compressed Kafka batches of 256 KiB as the producer does on send (Kafka's own work,
     * paid by any producer).
     */
    public record Stages(long papers, double lines, double fields, double papersBuilt, double encoding, double batching) { }

    /** Where the passes' results go, so that none of their work is optimised away. */
    @SuppressWarnings("unused")
    private static volatile long consumed;

    private ParseCost() {
    }

    /**
     * Runs the passes {@code rounds} times over {@code jsonl}.
     *
     * @param encode the encoding of a paper as it is published
     */
    public static Stages measure(byte[] jsonl, IngestLimits limits, Function<Paper, byte[]> encode, int rounds) {
        JsonRecords records = new JsonRecords(new RecordValidator(limits, Clock.systemUTC()));
        return measure(jsonl, limits, records, JsonlParser.papers(records, limits), JsonRecords.PAPER_FIELDS, Paper::getId, encode, rounds);
    }

    /**
     * As {@link #measure(byte[], IngestLimits, Function, int)} for an {@code events-jsonl} file
     * (the stages' figures are then µs an event: fields of an event, events built).
     *
     * @param encode the encoding of an event as it is published
     */
    public static Stages measureEvents(byte[] jsonl, IngestLimits limits, Function<PaperEvent, byte[]> encode, int rounds) {
        JsonRecords records = new JsonRecords(new RecordValidator(limits, Clock.systemUTC()));
        return measure(jsonl, limits, records, JsonlParser.events(records, limits), JsonRecords.EVENT_FIELDS, PaperEvent::getPaperId, encode,
                rounds);
    }

    private static <T> Stages measure(byte[] jsonl, IngestLimits limits, JsonRecords records, JsonlParser<T> parser, Set<String> fields,
                                      Function<T, String> keyOf, Function<T, byte[]> encode, int rounds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[][] passes = new double[5][rounds];
        Batches batches = new Batches();
        long papers = 0;
        long[] sink = new long[1];
        try {
            for (int round = 0; round < rounds; round++) {
                long start = threads.getCurrentThreadCpuTime();
                LineReader lines = new LineReader(new ByteArrayInputStream(jsonl), limits.maxRecordBytes());
                long n = 0;
                while (lines.next()) {
                    if (Normalizer.isValidUtf8(lines.bytes(), 0, lines.length())) {
                        n++;
                    }
                }
                long linesDone = threads.getCurrentThreadCpuTime();
                lines = new LineReader(new ByteArrayInputStream(jsonl), limits.maxRecordBytes());
                while (lines.next()) {
                    if (Normalizer.isValidUtf8(lines.bytes(), 0, lines.length())) {
                        sink[0] += records.readFields(lines.bytes(), 0, lines.length(), fields).map(f -> f.size()).orElse(0);
                    }
                }
                long fieldsDone = threads.getCurrentThreadCpuTime();
                List<T> built = new ArrayList<>();
                parser.parse(new ByteArrayInputStream(jsonl), p -> {
                    if (p.isAccepted()) {
                        built.add(p.value());
                    }
                });
                long papersDone = threads.getCurrentThreadCpuTime();
                // Encoding and batching are timed on their own: as differences of passes they were
                // lost in the passes' own variation.
                List<byte[]> encoded = new ArrayList<>(built.size());
                for (T record : built) {
                    encoded.add(encode.apply(record));
                }
                long encodedDone = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < built.size(); i++) {
                    batches.append(keyOf.apply(built.get(i)), encoded.get(i));
                }
                long batchedDone = threads.getCurrentThreadCpuTime();
                sink[0] += batches.bytes;
                papers = n;
                double perPaper = 1e3 * Math.max(1, n);
                passes[0][round] = (linesDone - start) / perPaper;
                passes[1][round] = (fieldsDone - linesDone) / perPaper;
                passes[2][round] = (papersDone - fieldsDone) / perPaper;
                passes[3][round] = (encodedDone - papersDone) / perPaper;
                passes[4][round] = (batchedDone - encodedDone) / perPaper;
                sink[0] += encoded.size();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        consumed = sink[0];
        return new Stages(papers, median(passes[0]), median(passes[1]), median(passes[2]), median(passes[3]), median(passes[4]));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** lz4-compressed record batches of the producer's size, filled and closed in turn. */
    private static final class Batches {
        private final ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
        private MemoryRecordsBuilder builder = open();
        private long bytes;

        private MemoryRecordsBuilder open() {
            buffer.clear();
            return MemoryRecords.builder(buffer, Compression.lz4().build(), TimestampType.CREATE_TIME, 0L);
        }

        void append(String key, byte[] value) {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            if (!builder.hasRoomFor(0L, k, value, Record.EMPTY_HEADERS)) {
                builder.close();
                bytes += builder.build().sizeInBytes();
                builder = open();
            }
            builder.append(0L, k, value);
        }
    }
}
