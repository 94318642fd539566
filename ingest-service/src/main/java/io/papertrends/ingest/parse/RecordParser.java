package io.papertrends.ingest.parse;

import io.papertrends.ingest.Parsed;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Reads one input of one format, streaming: each record is handed to the sink as soon as it is
 * read, so inputs of any size run in constant memory. Bad records become rejections and the
 * parse goes on; only a failure to read the stream itself ends it early. A parser reads one input
 * at a time (the XML parsers keep per-parse state); make one per thread.
 *
 * @param <T> {@code Paper} or {@code PaperEvent}
 */
public interface RecordParser<T> {

    /** The format this parser reads. */
    InputFormat format();

    /**
     * Parses the whole input (not closing it), handing every record to {@code sink} in input order.
     *
     * @param in   raw bytes; wrap with {@link Inputs#decompressIfGzip} first when it may be gzip
     * @param sink receives accepted and rejected records, each with its location
     * @return counts, and for OAI-PMH the resumption token
     * @throws IOException when the stream cannot be read
     */
    ParseSummary parse(InputStream in, Consumer<? super Parsed<T>> sink) throws IOException;
}
