package io.papertrends.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.papertrends.ingest.IngestLimits;
import io.papertrends.ingest.RecordValidator;
import io.papertrends.ingest.fetch.FeedFetcher;
import io.papertrends.ingest.parse.InputFormat;
import io.papertrends.testing.PlainAvroSerdes;
import io.papertrends.topics.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestSourcesTest {
    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final IngestPublisher publisher = new IngestPublisher(producer, new Topics("", new PlainAvroSerdes()), IngestLimits.defaults(),
            Clock.systemUTC(), new SimpleMeterRegistry());
    private final List<Duration> pauses = new ArrayList<>();
    private final IngestSources sources = new IngestSources(publisher, new RecordValidator(IngestLimits.defaults(), Clock.systemUTC()),
            new FeedFetcher(HttpClient.newHttpClient(), Duration.ofSeconds(10), Duration.ofSeconds(3), pauses::add));

    @AfterEach
    void close() {
        publisher.close();
    }

    @Test
    void shouldIngestAGzipFileAndReportItsProgress(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("papers.data");
        try (InputStream in = getClass().getResourceAsStream("/inputs/papers-mixed.jsonl");
             OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            in.transferTo(out);
        }
        List<IngestSources.Progress> progress = new ArrayList<>();

        IngestReport report = sources.ingest(InputFormat.JSONL, file.toString(), progress::add);

        assertThat(report.summary()).isEqualTo("accepted 3 (published 3, unchanged 0), rejected 7 "
                + "(INVALID_DATE 1, INVALID_JSON 2, INVALID_UTF8 1, INVALID_VALUE 1, MISSING_FIELD 1, TOO_LONG 1)");
        assertThat(progress).singleElement().satisfies(p -> {
            assertThat(p.size()).isEqualTo(Files.size(file));
            assertThat(p.bytesRead().bytesRead()).isEqualTo(Files.size(file));
        });
    }

    @Test
    void shouldHarvestAnOaiPmhUrlAcrossItsPages() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/oai", exchange -> {
            String page = exchange.getRequestURI().getQuery().contains("resumptionToken") ? "/feeds/oai-dc-last.xml" : "/feeds/oai-arxiv-page1.xml";
            byte[] body;
            try (InputStream in = getClass().getResourceAsStream(page)) {
                body = in.readAllBytes();
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            List<IngestSources.Progress> pages = new ArrayList<>();
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/oai?verb=ListRecords&metadataPrefix=arXiv";

            IngestReport report = sources.ingest(InputFormat.OAI_PMH, url, pages::add);

            assertThat(pages).hasSize(2);
            assertThat(report.accepted()).isEqualTo(4);
            assertThat(report.rejected()).isEqualTo(1);
            assertThat(report.parse().skipped()).isEqualTo(1);
            assertThat(report.parse().hasMore()).isFalse();
            assertThat(pauses).hasSize(1);
        } finally {
            server.stop(0);
        }
    }
}
