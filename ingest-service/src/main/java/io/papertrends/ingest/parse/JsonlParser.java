package io.papertrends.ingest.parse;

import io.papertrends.avro.Paper;
import io.papertrends.avro.PaperEvent;
import io.papertrends.ingest.IngestLimits;
import io.papertrends.ids.Normalizer;
import io.papertrends.ingest.Parsed;
import io.papertrends.ingest.ReasonCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * JSON Lines: one JSON object per line ({@code jsonl} papers, {@code events-jsonl} events).
 * Blank lines are skipped; each other line is one record at {@code line N}. A line that is not
 * UTF-8, not JSON, too long or invalid is rejected on its own and the next line is read.
 *
 * @param <T> {@code Paper} or {@code PaperEvent}
 */
public final class JsonlParser<T> implements RecordParser<T> {
    private final InputFormat format;
    private final IngestLimits limits;
    private final LineMapper<T> mapper;

    /** Maps the UTF-8 bytes of one line to a record. */
    @FunctionalInterface
    private interface LineMapper<T> {
        Parsed<T> map(byte[] utf8, int offset, int length);
    }

    private JsonlParser(InputFormat format, IngestLimits limits, LineMapper<T> mapper) {
        this.format = format;
        this.limits = limits;
        this.mapper = mapper;
    }

    /** The {@code jsonl} paper parser. */
    public static JsonlParser<Paper> papers(JsonRecords records, IngestLimits limits) {
        return new JsonlParser<>(InputFormat.JSONL, limits, (bytes, off, len) -> records.paper(bytes, off, len, InputFormat.JSONL.id()));
    }

    /** The {@code events-jsonl} event parser. */
    public static JsonlParser<PaperEvent> events(JsonRecords records, IngestLimits limits) {
        return new JsonlParser<>(InputFormat.EVENTS_JSONL, limits, (bytes, off, len) -> records.event(bytes, off, len, InputFormat.EVENTS_JSONL.id()));
    }

    @Override
    public InputFormat format() {
        return format;
    }

    @Override
    public ParseSummary parse(InputStream in, Consumer<? super Parsed<T>> sink) throws IOException {
        LineReader lines = new LineReader(in, limits.maxRecordBytes());
        long accepted = 0;
        long rejected = 0;
        while (lines.next()) {
            if (lines.isBlank() && !lines.tooLong()) {
                continue;
            }
            Parsed<T> result = parseLine(lines);
            sink.accept(result);
            if (result.isAccepted()) {
                accepted++;
            } else {
                rejected++;
            }
        }
        return new ParseSummary(accepted, rejected, 0, null, null);
    }

    private Parsed<T> parseLine(LineReader lines) {
        long n = lines.number();
        String where = "line " + n;
        if (lines.tooLong()) {
            return Parsed.rejected(ReasonCode.TOO_LONG, "the line is " + lines.fullLength() + " bytes long, the limit is "
                    + limits.maxRecordBytes() + " bytes", where, n, lines.copy());
        }
        byte[] bytes = lines.bytes();
        int length = lines.length();
        if (!Normalizer.isValidUtf8(bytes, 0, length)) {
            int at = Normalizer.firstInvalidUtf8(lines.bytes(), 0, lines.length());
            return Parsed.rejected(ReasonCode.INVALID_UTF8, "the line is not valid UTF-8 (first bad byte at column " + (at + 1)
                    + "); save the file as UTF-8", where, n, lines.copy());
        }
        // A byte-order mark may open the first line of files saved by some editors.
        int start = n == 1 && length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
        return mapper.map(bytes, start, length - start).at(where, n, lines::copy);
    }
}
