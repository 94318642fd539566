package io.papertrends.trend.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.trend.api.TrendingView;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

class AtomFeedTest {
    private static final String NS = AtomFeed.NS;

    static TrendingView view() {
        return new TrendingView("24h", "keyword:graph <neural> & net", "Graph <Neural> & Nets", "2026-11-26T10:00:01Z", "2026-11-26T09:59:00Z", List.of(
                new TrendingView.Entry(1, null, "NEW", "arxiv:2611.00007", "https://arxiv.org/abs/2611.00007", "Attention <is> \"all\" you & need\u0001",
                        List.of("attention", "transformers"), 12.5, new TrendingView.Parts(150, 10, 15, 0.83, 160, 150)),
                new TrendingView.Entry(2, 1, "DOWN", "title:abc123", null, null, List.of(), 3.25, new TrendingView.Parts(20, 8, 2.5, 1, 21, 20))),
                List.of());
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && NS.equals(e.getNamespaceURI()) && e.getLocalName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        assertThat(found).as("exactly one atom:%s in %s", name, parent.getLocalName()).hasSize(1);
        return found.get(0).getTextContent();
    }

    private static Element link(Element parent, String rel) {
        return children(parent, "link").stream().filter(l -> l.getAttribute("rel").equals(rel)).findFirst().orElseThrow();
    }

    @Test
    void shouldWriteAValidAtomFeedWithOneEntryPerRankedPaper() throws Exception {
        String xml = AtomFeed.render(view(), "http://trend:8082", "http://trend:8082/feeds/trending.atom?window=24h&scope=x", Instant.EPOCH);
        Element feed = parse(xml).getDocumentElement();

        assertThat(feed.getNamespaceURI()).isEqualTo(NS);
        assertThat(feed.getLocalName()).isEqualTo("feed");
        assertThat(text(feed, "id")).isEqualTo("urn:papertrends:trending:24h:keyword%3Agraph%20%3Cneural%3E%20%26%20net");
        assertThat(text(feed, "title")).as("the keyword's display form, not its stems").isEqualTo("Trending papers: Graph <Neural> & Nets, last 24h");
        OffsetDateTime.parse(text(feed, "updated"));
        assertThat(link(feed, "self").getAttribute("href")).isEqualTo("http://trend:8082/feeds/trending.atom?window=24h&scope=x");
        assertThat(text((Element) children(feed, "author").get(0), "name")).isNotBlank();

        List<Element> entries = children(feed, "entry");
        assertThat(entries).hasSize(2);
        Element first = entries.get(0);
        assertThat(text(first, "id")).isEqualTo("urn:papertrends:paper:arxiv%3A2611.00007");
        assertThat(text(first, "title")).isEqualTo("Attention <is> \"all\" you & need");
        OffsetDateTime.parse(text(first, "updated"));
        assertThat(link(first, "alternate").getAttribute("href")).as("its page on the service").isEqualTo("http://trend:8082/papers/arxiv%3A2611.00007");
        assertThat(link(first, "related").getAttribute("href")).as("where the source has it").isEqualTo("https://arxiv.org/abs/2611.00007");
        assertThat(text(first, "summary")).contains("#1 (new)", "score 12.50", "growth ×15.00", "attention, transformers");

        Element second = entries.get(1);
        assertThat(text(second, "title")).as("no title yet, and an id known only by its hash: none shown").isEqualTo("A paper not described yet");
        assertThat(link(second, "alternate").getAttribute("href")).isEqualTo("http://trend:8082/papers/title%3Aabc123");
        assertThat(text(second, "summary")).startsWith("#2 (down from #1)");
    }

    @Test
    void shouldWriteAnEmptyFeedWhenNothingIsRanked() throws Exception {
        Element feed = parse(AtomFeed.render(TrendingView.empty("1h", "global"), "http://h", "http://h/feeds/trending.atom",
                Instant.parse("2026-01-01T00:00:00Z"))).getDocumentElement();
        assertThat(text(feed, "updated")).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(text(feed, "title")).isEqualTo("Trending papers, last 1h");
        assertThat(children(feed, "entry")).isEmpty();
        assertThat(AtomFeed.title(TrendingView.empty("7d", "category:cs.CL"))).isEqualTo("Trending papers: cs.CL, last 7d");
    }
}
