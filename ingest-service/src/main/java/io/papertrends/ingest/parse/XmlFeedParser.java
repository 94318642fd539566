package io.papertrends.ingest.parse;

import io.papertrends.avro.Paper;
import io.papertrends.ingest.Parsed;
import io.papertrends.ingest.ReasonCode;
import io.papertrends.ingest.RecordValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Consumer;
import javax.xml.stream.XMLStreamException;

/**
 * Shared loop of the XML feed parsers: streams record elements, maps each, and turns a
 * malformed document into one rejection at the place it breaks (the records before it are kept).
 * An instance holds the state of one parse: use it for one input at a time.
 */
abstract class XmlFeedParser implements RecordParser<Paper> {
    protected final RecordValidator validator;
    /** Records of the current parse left out on purpose (OAI-PMH deleted records). */
    long skipped;

    XmlFeedParser(RecordValidator validator) {
        this.validator = validator;
    }

    /** Local names of the elements handed to {@link #onElement}. */
    abstract Set<String> recordNames();

    /** Handles one record element; returns the outcome, or {@code null} when it is no paper record. */
    abstract Parsed<Paper> onElement(XmlElement element, int index);

    /** Summary fields beyond the counts (OAI-PMH resumption), called at the end. */
    ParseSummary summary(long accepted, long rejected, long skipped) {
        return new ParseSummary(accepted, rejected, skipped, null, null);
    }

    @Override
    public ParseSummary parse(InputStream in, Consumer<? super Parsed<Paper>> sink) throws IOException {
        long accepted = 0;
        long rejected = 0;
        skipped = 0;
        int index = 0;
        XmlRecordReader reader = null;
        try {
            reader = new XmlRecordReader(in, recordNames(), validator.limits().maxRecordBytes());
            XmlElement element;
            while ((element = reader.next()) != null) {
                Parsed<Paper> p;
                if (reader.lastTooLong()) {
                    index++;
                    p = Parsed.rejected(ReasonCode.TOO_LONG, "the " + element.localName + " is longer than the limit of "
                            + validator.limits().maxRecordBytes() + " characters", where(element, index), (long) element.line,
                            raw(element));
                } else {
                    p = onElement(element, index + 1);
                    if (p == null) {
                        continue;
                    }
                    index++;
                }
                sink.accept(p);
                if (p.isAccepted()) {
                    accepted++;
                } else {
                    rejected++;
                }
            }
        } catch (XMLStreamException e) {
            sink.accept(malformed(e, reader));
            rejected++;
        } finally {
            closeQuietly(reader);
        }
        return summary(accepted, rejected, skipped);
    }

    static String where(XmlElement e, int index) {
        return e.localName + " " + index + " (line " + e.line + ")";
    }

    static byte[] raw(XmlElement e) {
        return e.toXml().getBytes(StandardCharsets.UTF_8);
    }

    private Parsed<Paper> malformed(XMLStreamException e, XmlRecordReader reader) {
        Integer line = e.getLocation() != null ? Integer.valueOf(e.getLocation().getLineNumber()) : null;
        Integer column = e.getLocation() != null ? Integer.valueOf(e.getLocation().getColumnNumber()) : null;
        String message = e.getNestedException() != null && e.getNestedException().getMessage() != null
                ? e.getNestedException().getMessage() : String.valueOf(e.getMessage());
        boolean encoding = e.getNestedException() instanceof CharacterCodingException || message.contains("UTF-8");
        String where = line == null || line < 0 ? "document" : "line " + line + (column == null ? "" : ", column " + column);
        String reason = encoding
                ? "the document is not valid UTF-8 at " + where + "; save it as UTF-8 (records after this point were not read)"
                : "the document is not well-formed XML at " + where + ": " + firstLine(message) + "; records after this point were not read";
        return Parsed.rejected(encoding ? ReasonCode.INVALID_UTF8 : ReasonCode.INVALID_XML, reason, where,
                line == null || line < 0 ? null : Long.valueOf(line), new byte[0]);
    }

    private static String firstLine(String message) {
        String m = message.strip();
        // StAX starts its messages with "ParseError at [row,col]:[..]"; the position is reported separately.
        int at = m.indexOf("Message:");
        if (at >= 0) {
            m = m.substring(at + "Message:".length()).strip();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static void closeQuietly(XmlRecordReader reader) {
        if (reader == null) {
            return;
        }
        try {
            reader.close();
        } catch (XMLStreamException e) {
            // The parse already finished or failed; a failure to release the reader changes nothing for the caller.
            org.slf4j.LoggerFactory.getLogger(XmlFeedParser.class).debug("closing the XML reader failed", e);
        }
    }
}
