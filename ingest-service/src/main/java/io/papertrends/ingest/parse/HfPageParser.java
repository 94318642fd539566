package io.papertrends.ingest.parse;

import io.papertrends.avro.Paper;
import io.papertrends.ids.Normalizer;
import io.papertrends.ingest.PaperDraft;
import io.papertrends.ingest.Parsed;
import io.papertrends.ingest.ReasonCode;
import io.papertrends.ingest.RecordValidator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The text of a papers listing page ({@code hf-page}, as in the bundled
 * {@code samples/hf-papers-page.txt}): header lines ("Get trending papers in your email
 * inbox…"), then alternating title and abstract lines. Blank lines are skipped. The page's
 * "Subscribe" button text, glued to the front of the first title, is removed. Each paper is at
 * {@code line N} of its title; ids are title hashes since the page carries no arXiv id.
 */
public final class HfPageParser implements RecordParser<Paper> {
    /** Classpath location of the bundled sample page. */
    public static final String SAMPLE_RESOURCE = "/samples/hf-papers-page.txt";

    private static final String HEADER_PREFIX = "get trending papers";
    private static final String SUBSCRIBE = "Subscribe";

    private final RecordValidator validator;

    /** A parser validating with {@code validator}. */
    public HfPageParser(RecordValidator validator) {
        this.validator = validator;
    }

    /** The bundled sample page; the caller closes it. */
    public static InputStream openSample() {
        InputStream in = HfPageParser.class.getResourceAsStream(SAMPLE_RESOURCE);
        if (in == null) {
            throw new IllegalStateException("the bundled sample " + SAMPLE_RESOURCE + " is missing from the classpath");
        }
        return in;
    }

    @Override
    public InputFormat format() {
        return InputFormat.HF_PAGE;
    }

    @Override
    public ParseSummary parse(InputStream in, Consumer<? super Parsed<Paper>> sink) throws IOException {
        LineReader lines = new LineReader(in, validator.limits().maxRecordBytes());
        boolean inHeader = true;
        boolean firstTitle = true;
        byte[] titleBytes = null;
        long titleLine = 0;
        boolean titleTooLong = false;
        long accepted = 0;
        long rejected = 0;
        while (lines.next()) {
            if (lines.isBlank() && !lines.tooLong()) {
                continue;
            }
            if (inHeader && isHeader(lines)) {
                continue;
            }
            inHeader = false;
            if (titleBytes == null) {
                titleBytes = lines.copy();
                titleLine = lines.number();
                titleTooLong = lines.tooLong();
                continue;
            }
            Parsed<Paper> p = paper(titleBytes, titleTooLong, lines.copy(), lines.tooLong(), titleLine, firstTitle);
            firstTitle = false;
            titleBytes = null;
            sink.accept(p);
            if (p.isAccepted()) {
                accepted++;
            } else {
                rejected++;
            }
        }
        if (titleBytes != null) {
            sink.accept(Parsed.rejected(ReasonCode.MISSING_FIELD, "the last title has no abstract line after it (the page ends)",
                    "line " + titleLine, titleLine, titleBytes));
            rejected++;
        }
        return new ParseSummary(accepted, rejected, 0, null, null);
    }

    private Parsed<Paper> paper(byte[] title, boolean titleTooLong, byte[] abstractText, boolean abstractTooLong, long line, boolean first) {
        String where = "line " + line;
        byte[] raw = join(title, abstractText);
        if (titleTooLong || abstractTooLong) {
            return Parsed.rejected(ReasonCode.TOO_LONG, (titleTooLong ? "the title line" : "the abstract line")
                    + " is longer than the limit of " + validator.limits().maxRecordBytes() + " bytes", where, line, raw);
        }
        Optional<String> t = Normalizer.decodeUtf8(title, 0, title.length);
        Optional<String> a = Normalizer.decodeUtf8(abstractText, 0, abstractText.length);
        if (t.isEmpty() || a.isEmpty()) {
            return Parsed.rejected(ReasonCode.INVALID_UTF8, (t.isEmpty() ? "the title line" : "the abstract line (line " + (line + 1) + ")")
                    + " is not valid UTF-8; save the page as UTF-8", where, line, raw);
        }
        PaperDraft d = new PaperDraft();
        d.title = first ? stripSubscribe(t.get()) : t.get();
        d.abstractText = a.get();
        return validator.paper(d, InputFormat.HF_PAGE.id()).at(where, line, () -> raw);
    }

    /** Removes the button text the page glues to the first title ("SubscribeNeural Networks…"). */
    static String stripSubscribe(String title) {
        String s = title.stripLeading();
        if (s.startsWith(SUBSCRIBE) && s.length() > SUBSCRIBE.length()) {
            char next = s.charAt(SUBSCRIBE.length());
            if (Character.isUpperCase(next) || Character.isDigit(next) || Character.isWhitespace(next)) {
                return s.substring(SUBSCRIBE.length()).strip();
            }
        }
        return title;
    }

    private static boolean isHeader(LineReader lines) {
        int n = Math.min(lines.length(), HEADER_PREFIX.length());
        String start = new String(lines.bytes(), 0, n, java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        return start.equals(HEADER_PREFIX);
    }

    private static byte[] join(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length + 1);
        out.write(a, 0, a.length);
        out.write('\n');
        out.write(b, 0, b.length);
        return out.toByteArray();
    }
}
