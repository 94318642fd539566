package io.papertrends.trend.http;

import io.papertrends.ids.PaperIds;
import io.papertrends.trend.api.TrendingView;
import io.papertrends.trend.core.Scopes;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import io.papertrends.trend.library.PaperDoc;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code GET /feeds/trending.atom}: a ranking as an Atom 1.0 feed (RFC 4287), one entry per
 * ranked paper. Ids are URNs that do not depend on the instance asked: the feed's names its
 * scope and window, an entry's names its paper, so a feed reader sees a paper that stays in the
 * ranking as one entry that is updated.
 */
final class AtomFeed {
    static final String NS = "http://www.w3.org/2005/Atom";
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    private AtomFeed() { }

    /**
     * @param baseUrl e.g. {@code http://host:8082}, for links to the service's own pages
     * @param selfUrl the feed's own address
     */
    static String render(TrendingView view, String baseUrl, String selfUrl, Instant now) {
        String updated = view.generatedAt() != null ? view.generatedAt() : now.toString();
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XML.createXMLStreamWriter(out);
            head(xml, "urn:papertrends:trending:" + urn(view.window()) + ':' + urn(view.scope()), title(view), updated, selfUrl, baseUrl + "/");
            element(xml, "subtitle", "Papers whose reader activity grows fastest against their own and the field's baseline");
            element(xml, "generator", "Paper Trends trend-service");
            for (TrendingView.Entry e : view.entries()) {
                xml.writeStartElement("entry");
                element(xml, "id", "urn:papertrends:paper:" + urn(e.paperId()));
                // A paper ranked before its title arrived: its id as readers know it, never an internal hash.
                element(xml, "title", e.title() == null || e.title().isBlank()
                        ? PaperIds.readerLabel(e.paperId()).orElse("A paper not described yet") : e.title());
                element(xml, "updated", updated);
                entryEnd(xml, e.paperId(), e.url(), baseUrl, summary(e));
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the Atom feed", e);
        }
        return out.toString();
    }

    /**
     * A list of papers (a daily list, search results) as a feed: one entry per paper, linking its
     * page on this service.
     *
     * @param id the feed's URN, which must not depend on the instance asked
     */
    static String papers(String id, String title, List<PaperDoc> papers, String baseUrl, String selfUrl, String alternateUrl, Instant now) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XML.createXMLStreamWriter(out);
            head(xml, id, title, now.toString(), selfUrl, alternateUrl);
            for (PaperDoc p : papers) {
                xml.writeStartElement("entry");
                element(xml, "id", "urn:papertrends:paper:" + urn(p.id()));
                element(xml, "title", p.title());
                element(xml, "updated", p.updated() != null ? p.updated() : p.firstSeen());
                if (p.published() != null) {
                    element(xml, "published", p.published());
                }
                for (String author : p.authors()) {
                    xml.writeStartElement("author");
                    element(xml, "name", author);
                    xml.writeEndElement();
                }
                entryEnd(xml, p.id(), p.url(), baseUrl, p.abstractText());
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the Atom feed", e);
        }
        return out.toString();
    }

    /** The feed element's start and the elements every feed has. */
    private static void head(XMLStreamWriter xml, String id, String title, String updated, String selfUrl, String alternateUrl) throws XMLStreamException {
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeStartElement("feed");
        xml.writeDefaultNamespace(NS);
        element(xml, "id", id);
        element(xml, "title", title);
        element(xml, "updated", updated);
        link(xml, "self", selfUrl, "application/atom+xml");
        link(xml, "alternate", alternateUrl, "text/html");
        xml.writeStartElement("author");
        element(xml, "name", "Paper Trends");
        xml.writeEndElement();
    }

    /** An entry's links (its page here, its source's page) and summary, and the entry's end. */
    private static void entryEnd(XMLStreamWriter xml, String paperId, String sourceUrl, String baseUrl, String summary) throws XMLStreamException {
        link(xml, "alternate", paperPage(paperId, baseUrl), "text/html");
        if (ReaderPages.web(sourceUrl)) {
            link(xml, "related", sourceUrl, null);
        }
        xml.writeStartElement("summary");
        xml.writeAttribute("type", "text");
        xml.writeCharacters(xmlText(summary));
        xml.writeEndElement();
        xml.writeEndElement();
    }

    /** The paper's page on this service. */
    static String paperPage(String paperId, String baseUrl) {
        return baseUrl + "/papers/" + urn(paperId);
    }

    /** The feed's title, naming its scope as it reads (a keyword's display form, never its stems). */
    static String title(TrendingView view) {
        if (Scopes.GLOBAL.equals(view.scope())) {
            return "Trending papers, last " + view.window();
        }
        return "Trending papers: " + (view.scopeDisplay() != null ? view.scopeDisplay() : view.scope()) + ", last " + view.window();
    }

    static String summary(TrendingView.Entry e) {
        StringBuilder sb = new StringBuilder();
        sb.append("#").append(e.rank());
        switch (e.movement()) {
            case "NEW" -> sb.append(" (new)");
            case "UP", "DOWN" -> sb.append(" (").append(e.movement().equals("UP") ? "up" : "down").append(" from #").append(e.previousRank()).append(')');
            default -> { }
        }
        TrendingView.Parts p = e.parts();
        sb.append(String.format(Locale.ROOT, " · score %.2f (observed %.1f vs expected %.1f, growth ×%.2f, decay %.2f; %d events, %d readers)",
                e.score(), p.observed(), p.expected(), p.growth(), p.decay(), p.events(), p.readers()));
        if (!e.keyphrases().isEmpty()) {
            sb.append(" · ").append(String.join(", ", e.keyphrases()));
        }
        return sb.toString();
    }

    /** Drops the characters XML 1.0 cannot carry at all (the writer escapes the rest). */
    static String xmlText(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().filter(c -> c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000)
                .forEach(sb::appendCodePoint);
        return sb.toString();
    }

    private static String urn(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(xmlText(text));
        xml.writeEndElement();
    }

    private static void link(XMLStreamWriter xml, String rel, String href, String type) throws XMLStreamException {
        xml.writeEmptyElement("link");
        xml.writeAttribute("rel", rel);
        xml.writeAttribute("href", href);
        if (type != null) {
            xml.writeAttribute("type", type);
        }
    }
}
