package io.papertrends.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.papertrends.avro.Paper;
import io.papertrends.ingest.IngestLimits;
import io.papertrends.ingest.Parsed;
import io.papertrends.ingest.RecordValidator;
import io.papertrends.ingest.parse.ArxivAtomParser;
import io.papertrends.ingest.parse.OaiPmhParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fetching and OAI-PMH paging against a local HTTP server that serves the test feeds. */
class OaiHarvesterTest {
    private final RecordValidator validator = new RecordValidator(IngestLimits.defaults(), Clock.systemUTC());
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private final AtomicInteger busyAnswers = new AtomicInteger(1);
    private HttpServer server;
    private String base;
    private FeedFetcher fetcher;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/oai", this::oai);
        server.createContext("/api/query", exchange -> answer(exchange, 200, gzip(resource("/feeds/arxiv-api.atom.xml")), true));
        server.createContext("/rss/cs.CV", this::rss);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        fetcher = new FeedFetcher(HttpClient.newHttpClient(), Duration.ofSeconds(10), Duration.ofSeconds(3), pauses::add);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldFollowResumptionTokensUntilTheListEndsWaitingOutFlowControl() throws IOException {
        OaiPmhParser parser = new OaiPmhParser(validator);
        List<Paper> papers = new ArrayList<>();

        int pages = new OaiHarvester(fetcher, 10).harvest(base + "/oai?verb=ListRecords&metadataPrefix=arXiv&set=cs",
                (page, url) -> parser.parse(page, p -> {
                    if (p.isAccepted()) {
                        papers.add(p.value());
                    }
                }).resumptionToken());

        assertThat(pages).isEqualTo(2);
        assertThat(requests).containsExactly(
                "verb=ListRecords&metadataPrefix=arXiv&set=cs",
                "verb=ListRecords&resumptionToken=6960524|1001",
                "verb=ListRecords&resumptionToken=6960524|1001");
        assertThat(papers).extracting(Paper::getId)
                .containsExactly("arxiv:0704.0002", "arxiv:cs/0112017", "arxiv:0704.0002", "doi:10.5281/zenodo.1234567");
        assertThat(pauses).contains(Duration.ofSeconds(1));
        assertThat(pauses).allMatch(d -> d.compareTo(Duration.ofSeconds(3)) <= 0);
    }

    @Test
    void shouldStopAtThePageBound() {
        OaiPmhParser parser = new OaiPmhParser(validator);
        assertThatThrownBy(() -> new OaiHarvester(fetcher, 1).harvest(base + "/oai?verb=ListRecords&metadataPrefix=arXiv",
                (page, url) -> parser.parse(page, p -> { }).resumptionToken()))
                .isInstanceOf(IOException.class).hasMessageContaining("stopped after 1 pages");
    }

    @Test
    void shouldDecodeGzipBodies() throws IOException {
        List<Parsed<Paper>> out = new ArrayList<>();
        try (InputStream in = fetcher.open(URI.create(base + "/api/query?search_query=all:transformer"))) {
            new ArxivAtomParser(validator).parse(in, out::add);
        }
        assertThat(out).filteredOn(Parsed::isAccepted).hasSize(2);
    }

    @Test
    void shouldSendTheValidatorsOfTheLastAnswerAndReadNoBodyWhenTheFeedDidNotChange() throws IOException {
        URI feed = URI.create(base + "/rss/cs.CV");
        FeedFetcher.Answer first = fetcher.openIfChanged(feed, null, null);
        first.body().close();
        assertThat(first.etag()).isEqualTo("\"v1\"");
        assertThat(first.lastModified()).isEqualTo("Thu, 18 Sep 2025 04:00:01 GMT");

        FeedFetcher.Answer second = fetcher.openIfChanged(feed, first.etag(), first.lastModified());

        assertThat(second.notModified()).isTrue();
        assertThat(second.etag()).isEqualTo("\"v1\"");
        assertThat(requests).containsExactly("rss", "rss If-None-Match=\"v1\" If-Modified-Since=Thu, 18 Sep 2025 04:00:01 GMT");
    }

    @Test
    void shouldFailOnAnErrorAnswerNamingTheStatus() {
        assertThatThrownBy(() -> fetcher.open(URI.create(base + "/missing"))).isInstanceOf(IOException.class).hasMessageContaining("HTTP 404");
    }

    private void oai(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        requests.add(query);
        if (query.contains("resumptionToken=6960524|1001")) {
            if (busyAnswers.getAndDecrement() > 0) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                answer(exchange, 503, new byte[0], false);
                return;
            }
            answer(exchange, 200, resource("/feeds/oai-dc-last.xml"), false);
            return;
        }
        answer(exchange, 200, resource("/feeds/oai-arxiv-page1.xml"), false);
    }

    private void rss(HttpExchange exchange) throws IOException {
        String etag = exchange.getRequestHeaders().getFirst("If-None-Match");
        String since = exchange.getRequestHeaders().getFirst("If-Modified-Since");
        requests.add("rss" + (etag == null ? "" : " If-None-Match=" + etag) + (since == null ? "" : " If-Modified-Since=" + since));
        if ("\"v1\"".equals(etag)) {
            answer(exchange, 304, new byte[0], false);
            return;
        }
        exchange.getResponseHeaders().add("ETag", "\"v1\"");
        exchange.getResponseHeaders().add("Last-Modified", "Thu, 18 Sep 2025 04:00:01 GMT");
        answer(exchange, 200, resource("/feeds/captured/arxiv-rss-cs-cv.xml"), false);
    }

    private static void answer(HttpExchange exchange, int status, byte[] body, boolean gzip) throws IOException {
        if (gzip) {
            exchange.getResponseHeaders().add("Content-Encoding", "gzip");
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = OaiHarvesterTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(plain);
        }
        return bytes.toByteArray();
    }
}
