package io.papertrends.ingest.parse;

import io.papertrends.avro.Paper;
import io.papertrends.ingest.PaperDraft;
import io.papertrends.ids.PaperIds;
import io.papertrends.ingest.Parsed;
import io.papertrends.ingest.ReasonCode;
import io.papertrends.ingest.RecordValidator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code oai-pmh}: one OAI-PMH {@code ListRecords} response (one page), with {@code arXiv}
 * ({@code http://arxiv.org/OAI/arXiv/}) or {@code oai_dc} metadata. Deleted records are skipped
 * and counted; an OAI {@code <error>} other than {@code noRecordsMatch} is one
 * {@code SOURCE_ERROR} rejection. The page's resumption token is returned in
 * {@link ParseSummary#resumptionToken()}; a harvester fetches {@link #nextPageUrl} until
 * {@link ParseSummary#hasMore()} is false. A parser instance reads one page at a time.
 *
 * <p>A harvester that follows a repository over time also needs what the papers do not carry:
 * each record's header (its datestamp, whether it was deleted) and the repository's error
 * code; a {@link Listener} given at construction hears them, in document order.
 */
public final class OaiPmhParser extends XmlFeedParser {
    private static final Pattern SPACES = Pattern.compile("\\s+");

    /** Hears the headers and errors of the records parsed, on the parsing thread. */
    public interface Listener {
        /** A record's header, before its paper (if any) reaches the sink. */
        void header(Header header);

        /** An OAI {@code <error>}, e.g. {@code badResumptionToken} ({@code noRecordsMatch} included). */
        default void error(String code) {
        }
    }

    /**
     * One record's OAI header.
     *
     * @param identifier the OAI identifier, e.g. {@code oai:arXiv.org:2401.14034}
     * @param datestamp  when the repository last changed the record ({@code 2024-01-26}), or null
     * @param deleted    whether the header says {@code status="deleted"}
     */
    public record Header(String identifier, String datestamp, boolean deleted) {
    }

    private static final Listener NO_LISTENER = h -> { };

    private final Listener listener;
    private String resumptionToken;
    private Long completeListSize;

    /** A parser validating with {@code validator}. */
    public OaiPmhParser(RecordValidator validator) {
        this(validator, NO_LISTENER);
    }

    /** A parser validating with {@code validator} that tells {@code listener} each header and error. */
    public OaiPmhParser(RecordValidator validator, Listener listener) {
        super(validator);
        this.listener = java.util.Objects.requireNonNull(listener);
    }

    /**
     * The URL of the page after the one that gave {@code resumptionToken} (OAI-PMH sends only
     * the verb and the token on follow-up requests).
     *
     * @param baseUrl the repository's OAI-PMH endpoint, e.g. {@code https://oaipmh.arxiv.org/oai}
     */
    public static String nextPageUrl(String baseUrl, String resumptionToken) {
        return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "verb=ListRecords&resumptionToken="
                + URLEncoder.encode(resumptionToken, StandardCharsets.UTF_8);
    }

    @Override
    public InputFormat format() {
        return InputFormat.OAI_PMH;
    }

    @Override
    Set<String> recordNames() {
        return Set.of("record", "resumptionToken", "error");
    }

    @Override
    ParseSummary summary(long accepted, long rejected, long skippedRecords) {
        ParseSummary s = new ParseSummary(accepted, rejected, skippedRecords, resumptionToken, completeListSize);
        resumptionToken = null;
        completeListSize = null;
        return s;
    }

    @Override
    Parsed<Paper> onElement(XmlElement e, int index) {
        switch (e.localName) {
            case "resumptionToken" -> {
                String token = e.text().strip();
                // An empty token marks the last page of a list.
                resumptionToken = token.isEmpty() ? null : token;
                completeListSize = parseLong(e.attribute("completeListSize"));
                return null;
            }
            case "error" -> {
                String code = e.attribute("code");
                listener.error(code);
                if ("noRecordsMatch".equals(code)) {
                    return null;
                }
                return Parsed.rejected(ReasonCode.SOURCE_ERROR, "the OAI-PMH repository answered with error " + code + ": "
                        + e.text().strip(), "error (line " + e.line + ")", (long) e.line, raw(e));
            }
            default -> {
                return record(e, index);
            }
        }
    }

    private Parsed<Paper> record(XmlElement e, int index) {
        XmlElement header = e.child("header");
        if (header != null) {
            listener.header(new Header(header.childText("identifier"), header.childText("datestamp"),
                    "deleted".equals(header.attribute("status"))));
        }
        if (header != null && "deleted".equals(header.attribute("status"))) {
            skipped++;
            return null;
        }
        XmlElement metadata = e.child("metadata");
        XmlElement content = metadata == null || metadata.children.isEmpty() ? null : metadata.children.get(0);
        String where = where(e, index);
        if (content == null) {
            return Parsed.rejected(ReasonCode.INVALID_XML, "the record has no metadata", where, (long) e.line, raw(e));
        }
        String oaiId = header == null ? null : header.childText("identifier");
        PaperDraft d;
        switch (content.localName) {
            case "arXiv" -> d = fromArxiv(content);
            case "dc" -> d = fromDublinCore(content);
            default -> {
                return Parsed.rejected(ReasonCode.INVALID_XML, "metadata format <" + content.localName
                        + "> is not supported (use metadataPrefix arXiv or oai_dc)", where, (long) e.line, raw(e));
            }
        }
        if (d.arxivId == null && oaiId != null && PaperIds.parseArxiv(oaiId).isPresent()) {
            d.arxivId = oaiId;
        }
        if (d.updatedAt == null && header != null) {
            d.updatedAt = header.childText("datestamp");
        }
        return validator.paper(d, InputFormat.OAI_PMH.id()).at(where, (long) e.line, () -> raw(e));
    }

    private static PaperDraft fromArxiv(XmlElement m) {
        PaperDraft d = new PaperDraft();
        d.arxivId = m.childText("id");
        d.title = m.childText("title");
        d.abstractText = m.childText("abstract");
        XmlElement authors = m.child("authors");
        if (authors != null) {
            for (XmlElement a : authors.children("author")) {
                StringBuilder name = new StringBuilder();
                append(name, a.childText("forenames"));
                append(name, a.childText("keyname"));
                append(name, a.childText("suffix"));
                d.authors.add(name.toString());
            }
        }
        String categories = m.childText("categories");
        if (categories != null && !categories.isBlank()) {
            d.categories.addAll(List.of(SPACES.split(categories.strip())));
        }
        d.publishedAt = m.childText("created");
        d.updatedAt = m.childText("updated");
        d.doi = firstDoi(m.childText("doi"));
        if (d.arxivId != null) {
            PaperIds.parseArxiv(d.arxivId).ifPresent(id -> d.url = "https://arxiv.org/abs/" + id.id());
        }
        return d;
    }

    private static PaperDraft fromDublinCore(XmlElement m) {
        PaperDraft d = new PaperDraft();
        d.title = m.childText("title");
        for (String description : m.childTexts("description")) {
            // arXiv's oai_dc puts the abstract first and comments as "Comment: …" descriptions after it.
            if (d.abstractText == null && !description.strip().startsWith("Comment:")) {
                d.abstractText = description;
            }
        }
        d.authors.addAll(m.childTexts("creator"));
        d.categories.addAll(m.childTexts("subject"));
        List<String> dates = m.childTexts("date");
        if (!dates.isEmpty()) {
            d.publishedAt = dates.get(0);
            if (dates.size() > 1) {
                d.updatedAt = dates.get(dates.size() - 1);
            }
        }
        for (String identifier : m.childTexts("identifier")) {
            if (d.arxivId == null && PaperIds.parseArxiv(identifier).isPresent()) {
                d.arxivId = identifier;
                d.url = identifier.strip().startsWith("http") ? identifier.strip() : null;
            } else if (d.doi == null && PaperIds.parseDoi(identifier).isPresent()) {
                d.doi = identifier;
            } else if (d.url == null && identifier.strip().startsWith("http")) {
                d.url = identifier.strip();
            }
        }
        return d;
    }

    /** arXiv's doi element may list several DOIs separated by spaces; the first is the paper's. */
    private static String firstDoi(String dois) {
        if (dois == null || dois.isBlank()) {
            return null;
        }
        return SPACES.split(dois.strip())[0];
    }

    private static void append(StringBuilder sb, String part) {
        if (part != null && !part.isBlank()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(part.strip());
        }
    }

    private static Long parseLong(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Long.valueOf(s.strip());
        } catch (NumberFormatException e) {
            // A malformed list size is advisory only; paging works from the token alone.
            return null;
        }
    }
}
