package io.papertrends.ingest;

import io.papertrends.avro.EventType;
import io.papertrends.avro.Paper;
import io.papertrends.avro.PaperEvent;
import io.papertrends.config.Durations;
import io.papertrends.ids.Normalizer;
import io.papertrends.ids.PaperIds;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns drafts into contract records ({@code Paper}, {@code PaperEvent}) or rejections: text
 * normalised ({@link Normalizer#text}), required fields checked, lengths against
 * {@link IngestLimits}, dates, URLs, arXiv ids, DOIs and event types validated, the stable id and
 * the content hash computed. Stateless and thread-safe.
 *
 * <p>Paper id precedence: an arXiv id (from {@code arxivId}, {@code id}, {@code url}, then
 * {@code doi} when it is an arXiv DOI), else a DOI (from {@code doi}, {@code id}, {@code url}),
 * else a client id that is neither (kept as given), else the title hash.
 */
public final class RecordValidator {
    private static final char FIELD_SEP = '\u001F';
    /** U+001F and U+001E in UTF-8, between the hashed fields and after each list item. */
    private static final byte FIELD_SEP_BYTE = 0x1F;
    private static final byte ITEM_SEP_BYTE = 0x1E;
    /** Up to this many items, a list is checked for duplicates by scanning it rather than hashing. */
    private static final int SCAN_DISTINCT = 16;

    private final IngestLimits limits;
    private final Clock clock;

    /**
     * @param limits size limits of fields and records
     * @param clock  gives {@code ingestedAt} / {@code receivedAt}
     */
    public RecordValidator(IngestLimits limits, Clock clock) {
        this.limits = Objects.requireNonNull(limits);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The limits this validator applies (parsers use the record limit too). */
    public IngestLimits limits() {
        return limits;
    }

    /**
     * Validates a paper.
     *
     * @param draft  what the source gave
     * @param format input format, stored as {@code Paper.source} ({@code hf-page}, {@code jsonl}…)
     * @return the paper, or a rejection without location (the caller places it)
     */
    public Parsed<Paper> paper(PaperDraft draft, String format) {
        try {
            return Parsed.accepted(buildPaper(draft, format));
        } catch (Invalid e) {
            return Parsed.rejected(new Rejection(e.code, e.getMessage(), null, null, null));
        }
    }

    /**
     * Validates an event.
     *
     * @param draft  what the source gave
     * @param source {@code events-jsonl}, {@code http} or {@code simulate}
     * @return the event, or a rejection without location
     */
    public Parsed<PaperEvent> event(EventDraft draft, String source) {
        try {
            return Parsed.accepted(buildEvent(draft, source));
        } catch (Invalid e) {
            return Parsed.rejected(new Rejection(e.code, e.getMessage(), null, null, null));
        }
    }

    /**
     * Hex SHA-256 over the normalised content fields of a paper: title, abstract, authors,
     * categories, dates, URL, arXiv id and version, DOI. Id, source and ingest time are left out
     * so the same content read again hashes the same.
     *
     * <p>The hashed bytes are the UTF-8 form of the fields joined by U+001F, list items each
     * followed by U+001E, dates as epoch milliseconds, gathered in one buffer per thread and
     * hashed in one call.
     */
    public static String contentHash(Paper p) {
        HashInput in = HASH_INPUT.get().start();
        in.add(p.getTitle()).add(FIELD_SEP_BYTE).add(p.getAbstractText()).add(FIELD_SEP_BYTE);
        for (String a : p.getAuthors()) {
            in.add(a).add(ITEM_SEP_BYTE);
        }
        in.add(FIELD_SEP_BYTE);
        for (String c : p.getCategories()) {
            in.add(c).add(ITEM_SEP_BYTE);
        }
        in.add(FIELD_SEP_BYTE).add(millis(p.getPublishedAt()))
                .add(FIELD_SEP_BYTE).add(millis(p.getUpdatedAt()))
                .add(FIELD_SEP_BYTE).add(nullToEmpty(p.getUrl()))
                .add(FIELD_SEP_BYTE).add(nullToEmpty(p.getArxivId()))
                .add(FIELD_SEP_BYTE).add(p.getArxivVersion() == null ? "" : p.getArxivVersion().toString())
                .add(FIELD_SEP_BYTE).add(nullToEmpty(p.getDoi()));
        MessageDigest digest = PaperIds.sha256();
        digest.update(in.bytes, 0, in.length);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static final ThreadLocal<HashInput> HASH_INPUT = ThreadLocal.withInitial(HashInput::new);

    /** A growable byte buffer reused by one thread for the hash input of its papers. */
    private static final class HashInput {
        /** Past this size the buffer is not kept for the next paper (one huge paper must not pin its memory). */
        private static final int MAX_KEPT = 1 << 20;
        private byte[] bytes = new byte[4096];
        private int length;

        HashInput start() {
            if (bytes.length > MAX_KEPT) {
                bytes = new byte[4096];
            }
            length = 0;
            return this;
        }

        HashInput add(byte b) {
            ensure(1);
            bytes[length++] = b;
            return this;
        }

        HashInput add(String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, bytes, length, utf8.length);
            length += utf8.length;
            return this;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(length + more, bytes.length * 2));
            }
        }
    }

    private Paper buildPaper(PaperDraft d, String format) {
        String title = required("title", d.title, limits.maxTitleChars());
        String abstractText = required("abstract", d.abstractText, limits.maxAbstractChars());
        List<String> authors = list("authors", d.authors, limits.maxAuthors(), false);
        List<String> categories = list("categories", d.categories, 1000, true);
        Instant published = date("publishedAt", d.publishedAt);
        Instant updated = date("updatedAt", d.updatedAt);
        String url = url(optional("url", d.url));
        String clientId = optional("id", d.id);

        PaperIds.ArxivId arxiv = null;
        String arxivText = optional("arxivId", d.arxivId);
        if (arxivText != null) {
            arxiv = PaperIds.parseArxiv(arxivText).orElseThrow(() -> new Invalid(ReasonCode.INVALID_VALUE,
                    "arxivId '" + arxivText + "' is not an arXiv identifier (expected e.g. 2401.01234, 2401.01234v2 or hep-th/9901001)"));
        }
        String doiText = optional("doi", d.doi);
        String doi = null;
        if (doiText != null) {
            doi = PaperIds.parseDoi(doiText).orElseThrow(() -> new Invalid(ReasonCode.INVALID_VALUE,
                    "doi '" + doiText + "' is not a DOI (expected e.g. 10.1145/3292500.3330701, with or without https://doi.org/)"));
        }
        if (arxiv == null) {
            arxiv = PaperIds.firstArxiv(clientId, url, doi);
        }
        if (doi == null) {
            doi = PaperIds.firstDoi(clientId, url);
        }
        Integer version = d.arxivVersion != null ? d.arxivVersion : arxiv == null ? null : arxiv.version();
        if (version != null && version < 1) {
            throw new Invalid(ReasonCode.INVALID_VALUE, "arxivVersion must be 1 or more, got " + version);
        }

        String id = PaperIds.derive(arxiv, doi, clientId, title);

        // Set on the record rather than through its builder: the builder checks every field again
        // (a few per cent of a paper's parse), and every value here is checked above.
        Paper paper = new Paper();
        paper.setId(id);
        paper.setTitle(title);
        paper.setAbstractText(abstractText);
        paper.setAuthors(authors);
        paper.setCategories(categories);
        paper.setPublishedAt(published);
        paper.setUpdatedAt(updated);
        paper.setUrl(url);
        paper.setArxivId(arxiv == null ? null : arxiv.id());
        paper.setArxivVersion(version);
        paper.setDoi(doi);
        paper.setSource(format);
        paper.setIngestedAt(clock.instant());
        paper.setContentHash(contentHash(paper));
        return paper;
    }

    private PaperEvent buildEvent(EventDraft d, String source) {
        String paperText = requiredPlain("paperId", d.paperId);
        String paperId = PaperIds.canonical(paperText);
        String typeText = requiredPlain("type", d.type);
        EventType type = eventType(typeText);
        String occurredText = requiredPlain("occurredAt", d.occurredAt);
        Instant occurredAt = Dates.parse(occurredText).orElseThrow(() -> new Invalid(ReasonCode.INVALID_DATE,
                "occurredAt '" + occurredText + "' is not " + Dates.EXPECTED));
        requireCountable(occurredAt, occurredText);
        String userId = optional("userId", d.userId);
        String eventId = optional("eventId", d.eventId);
        if (eventId == null) {
            String basis = paperId + FIELD_SEP + type + FIELD_SEP + nullToEmpty(userId) + FIELD_SEP + occurredAt.toEpochMilli();
            eventId = PaperIds.sha256Hex(basis).substring(0, 32);
        }
        return PaperEvent.newBuilder()
                .setEventId(eventId)
                .setPaperId(paperId)
                .setType(type)
                .setUserId(userId)
                .setOccurredAt(occurredAt)
                .setSource(source)
                .setReceivedAt(clock.instant())
                .build();
    }

    /** The event type named by {@code text} in any case; rejects UNKNOWN, which is only a reader default. */
    static EventType eventType(String text) {
        String upper = text.strip().toUpperCase(Locale.ROOT);
        for (EventType t : EventType.values()) {
            if (t != EventType.UNKNOWN && t.name().equals(upper)) {
                return t;
            }
        }
        throw new Invalid(ReasonCode.UNKNOWN_EVENT_TYPE,
                "type '" + text + "' is not an event type (expected one of view, download, upvote, bookmark, share, citation)");
    }

    private String required(String field, String raw, int maxChars) {
        String t = Normalizer.text(raw);
        if (t == null || t.isEmpty()) {
            throw new Invalid(ReasonCode.MISSING_FIELD, field + " is required and must not be blank");
        }
        if (t.length() > maxChars) {
            throw new Invalid(ReasonCode.TOO_LONG, field + " is " + t.length() + " characters long, the limit is " + maxChars);
        }
        return t;
    }

    private String requiredPlain(String field, String raw) {
        String t = optional(field, raw);
        if (t == null) {
            throw new Invalid(ReasonCode.MISSING_FIELD, field + " is required and must not be blank");
        }
        return t;
    }

    private String optional(String field, String raw) {
        String t = Normalizer.optionalText(raw);
        if (t != null && t.length() > limits.maxFieldChars()) {
            throw new Invalid(ReasonCode.TOO_LONG, field + " is " + t.length() + " characters long, the limit is " + limits.maxFieldChars());
        }
        return t;
    }

    private List<String> list(String field, List<String> raw, int maxItems, boolean distinct) {
        List<String> out = new ArrayList<>(raw.size());
        Set<String> seen = null;
        for (String item : raw) {
            // optional(field + " item", item), without building the name for every item.
            String t = Normalizer.optionalText(item);
            if (t == null) {
                continue;
            }
            if (t.length() > limits.maxFieldChars()) {
                throw new Invalid(ReasonCode.TOO_LONG, field + " item is " + t.length() + " characters long, the limit is " + limits.maxFieldChars());
            }
            if (distinct) {
                // A few items (the usual case) are scanned; a long list gets a set, so it stays linear.
                if (seen == null && out.size() >= SCAN_DISTINCT) {
                    seen = new HashSet<>(out);
                }
                if (seen != null ? !seen.add(t) : out.contains(t)) {
                    continue;
                }
            }
            out.add(t);
        }
        if (out.size() > maxItems) {
            throw new Invalid(ReasonCode.TOO_LONG, field + " has " + out.size() + " entries, the limit is " + maxItems);
        }
        return out;
    }

    private Instant date(String field, String raw) {
        String t = Normalizer.optionalText(raw);
        if (t == null) {
            return null;
        }
        return Dates.parse(t).orElseThrow(() -> new Invalid(ReasonCode.INVALID_DATE,
                field + " '" + abbreviate(t) + "' is not " + Dates.EXPECTED));
    }

    private static String url(String text) {
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            if (scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) && uri.getHost() != null) {
                return text;
            }
        } catch (URISyntaxException e) {
            throw new Invalid(ReasonCode.INVALID_VALUE, "url '" + abbreviate(text) + "' is not a valid URL: " + e.getReason());
        }
        throw new Invalid(ReasonCode.INVALID_VALUE, "url '" + abbreviate(text) + "' must be an absolute http or https URL");
    }

    /** Rejects an event time no popularity window would count: older than the windows reach, or ahead of the clock. */
    private void requireCountable(Instant occurredAt, String text) {
        Instant now = clock.instant();
        if (occurredAt.isBefore(now.minus(limits.maxEventAge()))) {
            throw new Invalid(ReasonCode.EVENT_TIME_OUT_OF_RANGE, "occurredAt " + text + " is older than "
                    + Durations.format(limits.maxEventAge()) + ", the longest popularity window plus its grace period: no window would count it");
        }
        if (occurredAt.isAfter(now.plus(limits.maxEventSkew()))) {
            throw new Invalid(ReasonCode.EVENT_TIME_OUT_OF_RANGE, "occurredAt " + text + " is more than "
                    + Durations.format(limits.maxEventSkew()) + " ahead of this service's clock (" + now + "); send events when they happen");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String millis(Instant i) {
        return i == null ? "" : Long.toString(i.toEpochMilli());
    }

    /** A validation failure; carries no stack trace because it is expected, per-record control flow. */
    private static final class Invalid extends RuntimeException {
        private final ReasonCode code;

        Invalid(ReasonCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
