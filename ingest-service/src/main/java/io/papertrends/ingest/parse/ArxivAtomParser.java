package io.papertrends.ingest.parse;

import io.papertrends.avro.Paper;
import io.papertrends.ingest.PaperDraft;
import io.papertrends.ingest.Parsed;
import io.papertrends.ingest.ReasonCode;
import io.papertrends.ingest.RecordValidator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code arxiv-atom}: arXiv API results (Atom with {@code arxiv:} extensions) and arXiv's
 * announcement feeds, in Atom ({@code rss.arxiv.org/atom/…}) or RSS 2.0
 * ({@code rss.arxiv.org/rss/…}). Each {@code entry}/{@code item} is one paper; arXiv ids and
 * versions come from the entry id, guid or link, authors from {@code author/name} or
 * {@code dc:creator}, categories primary first, dates from published/updated or
 * {@code pubDate}. The "arXiv:… Announce Type: new Abstract:" preamble of announcement
 * summaries is removed.
 */
public final class ArxivAtomParser extends XmlFeedParser {
    static final String ATOM_NS = "http://www.w3.org/2005/Atom";
    static final String ARXIV_NS = "http://arxiv.org/schemas/atom";
    private static final Pattern ANNOUNCE_PREAMBLE = Pattern.compile(
            "^\\s*arXiv:\\S+\\s+Announce Type:\\s*\\S+\\s*(?:Abstract:\\s*)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern CREATOR_SEPARATORS = Pattern.compile("\\s*,\\s*(?:and\\s+)?|\\s+and\\s+");

    /** A parser validating with {@code validator}. */
    public ArxivAtomParser(RecordValidator validator) {
        super(validator);
    }

    @Override
    public InputFormat format() {
        return InputFormat.ARXIV_ATOM;
    }

    @Override
    Set<String> recordNames() {
        return Set.of("entry", "item");
    }

    @Override
    Parsed<Paper> onElement(XmlElement e, int index) {
        String id = e.childText("id");
        if (id != null && id.contains("arxiv.org/api/errors")) {
            // The arXiv API reports a bad query as an entry titled "Error", not as an HTTP error.
            return Parsed.rejected(ReasonCode.SOURCE_ERROR, "the arXiv API answered with an error: " + e.childText("summary"),
                    where(e, index), (long) e.line, raw(e));
        }
        PaperDraft d = e.localName.equals("item") ? fromRssItem(e) : fromAtomEntry(e);
        return validator.paper(d, InputFormat.ARXIV_ATOM.id()).at(where(e, index), (long) e.line, () -> raw(e));
    }

    private static PaperDraft fromAtomEntry(XmlElement e) {
        PaperDraft d = new PaperDraft();
        d.id = e.childText("id");
        d.title = e.childText("title");
        d.abstractText = stripPreamble(e.childText("summary") != null ? e.childText("summary") : e.childText("content"));
        for (XmlElement author : e.children("author")) {
            String name = author.childText("name");
            if (name != null) {
                d.authors.add(name);
            }
        }
        if (d.authors.isEmpty()) {
            e.childTexts("creator").forEach(c -> splitCreators(c, d));
        }
        XmlElement primary = e.child("primary_category");
        if (primary != null && primary.attribute("term") != null) {
            d.categories.add(primary.attribute("term"));
        }
        for (XmlElement c : e.children("category")) {
            if (c.attribute("term") != null) {
                d.categories.add(c.attribute("term"));
            }
        }
        d.publishedAt = e.childText("published");
        d.updatedAt = e.childText("updated");
        d.url = alternateLink(e);
        XmlElement doi = e.child(ARXIV_NS, "doi");
        d.doi = doi == null ? null : doi.deepText();
        // The entry id carries the version (…/abs/2401.01234v2, oai:arXiv.org:2401.01234v2); the link often does not.
        d.arxivId = firstArxiv(d.id, d.url);
        return d;
    }

    private static PaperDraft fromRssItem(XmlElement e) {
        PaperDraft d = new PaperDraft();
        d.id = e.childText("guid");
        d.title = e.childText("title");
        d.abstractText = stripPreamble(e.childText("description"));
        e.childTexts("creator").forEach(c -> splitCreators(c, d));
        d.categories.addAll(e.childTexts("category"));
        d.publishedAt = e.childText("pubDate");
        if (d.publishedAt == null) {
            d.publishedAt = e.childText("date");
        }
        d.url = e.childText("link");
        d.arxivId = firstArxiv(d.id, d.url);
        return d;
    }

    private static String alternateLink(XmlElement e) {
        String fallback = null;
        for (XmlElement link : e.children("link")) {
            String rel = link.attribute("rel");
            String href = link.attribute("href");
            if (href == null) {
                continue;
            }
            if (rel == null || rel.equals("alternate")) {
                return href;
            }
            if (fallback == null && !"self".equals(rel)) {
                fallback = href;
            }
        }
        return fallback;
    }

    private static String firstArxiv(String... candidates) {
        for (String c : candidates) {
            if (c != null && io.papertrends.ids.PaperIds.parseArxiv(c).isPresent()) {
                return c;
            }
        }
        return null;
    }

    private static void splitCreators(String creators, PaperDraft d) {
        for (String name : CREATOR_SEPARATORS.split(creators.strip())) {
            d.authors.add(name);
        }
    }

    static String stripPreamble(String summary) {
        return summary == null ? null : ANNOUNCE_PREAMBLE.matcher(summary).replaceFirst("");
    }
}
