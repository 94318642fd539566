package io.papertrends.ingest.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.papertrends.avro.Paper;
import io.papertrends.config.Settings;
import io.papertrends.ingest.IngestService;
import io.papertrends.metrics.ServiceMeters;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.service.HttpApi;
import io.papertrends.service.ManagementServer;
import io.papertrends.stack.LocalStack;
import io.papertrends.stack.junit.LocalStackExtension;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ingest service following an OAI-PMH repository and an RSS feed on its own, on the real
 * broker. A local server plays arXiv with the captured answers (feeds/captured): the repository
 * holds three of the captured records at first, five after the service restarted, and then
 * reports one of them deleted; one record without a title is there throughout; the feed answers
 * 304 once it has been read. Every record must reach {@code papers} once, the deletion as one
 * tombstone, the bad record {@code ingest-rejects} once, read {@code read_committed}.
 */
@ExtendWith(LocalStackExtension.class)
class HarvestIT {
    private static final Pattern RECORD = Pattern.compile("<record>.*?</record>", Pattern.DOTALL);
    private static final String CAPTURED = resource("/feeds/captured/arxiv-oai-dc-cs-page.xml");
    private static final String RSS = resource("/feeds/captured/arxiv-rss-cs-cv.xml");
    private static final List<String> RECORDS = records();
    private static final String R1 = "arxiv:1303.2033";
    private static final String R3 = "arxiv:2401.14036";
    private static final String RSS_PAPER = "arxiv:2509.13338";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile int stage = 1;
    /** Answers the next resumption token with {@code badResumptionToken}, as a repository whose token expired. */
    private final java.util.concurrent.atomic.AtomicBoolean expireNextToken = new java.util.concurrent.atomic.AtomicBoolean();
    private HttpServer server;
    private Topics topics;
    private Settings settings;

    @BeforeEach
    void setUp(LocalStack stack) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/oai", this::oai);
        server.createContext("/rss/cs.CV", this::rss);
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        // Topics of their own, so papers other tests publish to the shared stack do not count here.
        String prefix = "harvest-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        topics = Topics.from(Map.of(RegistryConfig.URL, stack.schemaRegistryUrl(), Topics.PREFIX_CONFIG, prefix));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            List<NewTopic> created = new ArrayList<>();
            for (TopicSpec<?, ?> spec : topics.all()) {
                created.add(new NewTopic(spec.name(), spec == topics.ingestCheckpoints() ? 3 : 1, (short) 1).configs(spec.topicConfig()));
            }
            admin.createTopics(created).all().get(60, TimeUnit.SECONDS);
            LocalStack.awaitLeaders(admin, created.stream().map(NewTopic::name).toList());
        }
        Map<String, String> s = new HashMap<>();
        s.put("bootstrap.servers", stack.bootstrapServers());
        s.put(RegistryConfig.URL, stack.schemaRegistryUrl());
        s.put(Topics.PREFIX_CONFIG, prefix);
        s.put(HttpApi.HOST, "127.0.0.1");
        s.put(HttpApi.PORT, "0");
        s.put(ManagementServer.PORT, "0");
        s.put("papertrends.instance", "harvest-it-" + prefix);
        s.put(HarvestSource.SOURCES, "csoai,cscv");
        s.put("papertrends.ingest.source.csoai.format", "oai-pmh");
        s.put("papertrends.ingest.source.csoai.url", base + "/oai");
        s.put("papertrends.ingest.source.csoai.set", "cs");
        s.put("papertrends.ingest.source.csoai.metadata.prefix", "oai_dc");
        s.put("papertrends.ingest.source.csoai.from", "2024-01-25");
        s.put("papertrends.ingest.source.csoai.interval", "300ms");
        s.put("papertrends.ingest.source.cscv.format", "arxiv-atom");
        s.put("papertrends.ingest.source.cscv.url", base + "/rss/cs.CV");
        s.put("papertrends.ingest.source.cscv.interval", "300ms");
        s.put(Harvester.MIN_INTERVAL, "10ms");
        s.put(Harvester.BACKOFF, "200ms");
        s.put(Harvester.TICK, "100ms");
        settings = Settings.of(s);
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    @Test
    void shouldPublishNewAndDeletedRecordsOnItsOwnAcrossARestartAndNothingTwice() throws Exception {
        try (IngestService first = start()) {
            Awaitility.await("the first three records and the feed's item").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(values(readPapers())).containsOnlyKeys(R1, "arxiv:2401.14034", R3, RSS_PAPER));
            Awaitility.await("the repository asked again from the last datestamp, the feed answered 304").atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(requests).contains("oai from=2024-01-26", "rss 304"));
            String health = get("http://127.0.0.1:" + first.managementPort() + "/healthz").body();
            assertThat(health).contains("\"harvest\"").contains("\"csoai\"").contains("\"harvestedHere\":true").contains("\"records\":3");
            assertThat(get("http://127.0.0.1:" + first.managementPort() + "/metrics").body())
                    .contains("papertrends_ingest_harvest_records_total{").contains("source=\"csoai\"")
                    .contains("papertrends_ingest_harvest_last_success");
        }
        assertThat(requests).as("a list from the configured day, then along its resumption token")
                .startsWith("oai from=2024-01-25").contains("oai token=2024-01-25|2");

        stage = 2;
        requests.clear();
        try (IngestService second = start()) {
            Awaitility.await("the two records added while the service was down").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(values(readPapers())).containsKeys("arxiv:2401.14038", "arxiv:2401.14040"));
            assertThat(requests).as("resumed from the checkpoint, not from the configured day").doesNotContain("oai from=2024-01-25");

            stage = 3;
            Awaitility.await("the deletion").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(tombstones(readPapers())).containsExactly(R3));
            int seen = requests.size();
            Awaitility.await("a few more looks at both sources").atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(requests.size()).isGreaterThan(seen + 4));
        }

        assertThat(read(topics.ingestRejects().name())).as("the record without a title, rejected once").singleElement()
                .satisfies(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).contains("2401.99999"));
        List<ConsumerRecord<String, byte[]>> papers = readPapers();
        Map<String, Integer> published = values(papers);
        assertThat(published).as("each record published once").containsOnlyKeys(R1, "arxiv:2401.14034", R3, "arxiv:2401.14038",
                "arxiv:2401.14040", RSS_PAPER).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));
        assertThat(tombstones(papers)).as("one tombstone, keyed by the paper's id").containsExactly(R3);
        Paper deletedBefore = topics.papers().valueSerde().deserializer().deserialize(topics.papers().name(),
                papers.stream().filter(r -> r.key().equals(R3) && r.value() != null).findFirst().orElseThrow().value());
        assertThat(deletedBefore.getTitle()).startsWith("Diverse and Lifespan Facial Age Transformation");
        assertThat(papers.indexOf(papers.stream().filter(r -> r.key().equals(R3) && r.value() == null).findFirst().orElseThrow()))
                .as("the tombstone after the paper").isGreaterThan(papers.indexOf(papers.stream()
                        .filter(r -> r.key().equals(R3) && r.value() != null).findFirst().orElseThrow()));
    }

    @Test
    void shouldStartAListOverFromItsFirstDayWhenItsResumptionTokenExpiredAndPublishNothingTwice() throws Exception {
        expireNextToken.set(true);
        try (IngestService service = start()) {
            Awaitility.await("the list started over and finished").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(values(readPapers())).containsOnlyKeys(R1, "arxiv:2401.14034", R3, RSS_PAPER);
                assertThat(requests).containsSubsequence("oai from=2024-01-25", "oai token=2024-01-25|2", "oai expired",
                        "oai from=2024-01-25", "oai token=2024-01-25|2", "oai from=2024-01-26");
            });
            String health = get("http://127.0.0.1:" + service.managementPort() + "/healthz").body();
            assertThat(health).as("the failed look is counted, the records of its first page too").contains("\"errors\":1")
                    .contains("the list starts over from 2024-01-25").contains("\"records\":3");
        }
        assertThat(values(readPapers())).as("the first page, fetched twice, published once")
                .allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));
    }

    @Test
    void shouldHarvestEachSourceOnOneInstanceOnlyAndHandItOverWhenThatInstanceStops() throws Exception {
        String instance = settings.require("papertrends.instance");
        IngestService a = start(settings.with("papertrends.instance", instance + "a"));
        try (IngestService b = start(settings.with("papertrends.instance", instance + "b"))) {
            try {
                Awaitility.await("the first three records and the feed's item").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                        assertThat(values(readPapers())).containsOnlyKeys(R1, "arxiv:2401.14034", R3, RSS_PAPER));
                Awaitility.await("each source harvested by one of the two").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    for (String source : List.of("csoai", "cscv")) {
                        assertThat(harvestedHere(a, source) ^ harvestedHere(b, source)).as(source).isTrue();
                    }
                });
            } finally {
                a.close();
            }
            stage = 2;
            Awaitility.await("the other instance takes both sources over and finds the new records").atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> {
                        assertThat(harvestedHere(b, "csoai")).isTrue();
                        assertThat(harvestedHere(b, "cscv")).isTrue();
                        assertThat(values(readPapers())).containsKeys("arxiv:2401.14038", "arxiv:2401.14040");
                    });
            int seen = requests.size();
            Awaitility.await("a few more looks at both sources").atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(requests.size()).isGreaterThan(seen + 4));
        }
        assertThat(values(readPapers())).as("each record published once").containsOnlyKeys(R1, "arxiv:2401.14034", R3,
                "arxiv:2401.14038", "arxiv:2401.14040", RSS_PAPER).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));
    }

    private boolean harvestedHere(IngestService service, String source) throws Exception {
        JsonNode health = JSON.readTree(get("http://127.0.0.1:" + service.managementPort() + "/healthz").body());
        return health.path("harvest").path(source).path("harvestedHere").asBoolean();
    }

    private IngestService start() {
        return start(settings);
    }

    private static IngestService start(Settings settings) {
        return IngestService.start(settings, ServiceMeters.prometheus("ingest-service", settings));
    }

    /** The repository as it stands at the current stage, paged two records at a time. */
    private void oai(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI());
        String from;
        int offset;
        if (query.containsKey("resumptionToken")) {
            String token = query.get("resumptionToken");
            requests.add("oai token=" + token);
            if (expireNextToken.compareAndSet(true, false)) {
                requests.add("oai expired");
                send(exchange, 200, CAPTURED.substring(0, CAPTURED.indexOf("<ListRecords>"))
                        + "<error code=\"badResumptionToken\">The value of the resumptionToken argument is invalid or expired.</error>\r\n</OAI-PMH>", null);
                return;
            }
            from = token.substring(0, token.indexOf('|'));
            offset = Integer.parseInt(token.substring(token.indexOf('|') + 1));
        } else {
            from = query.get("from");
            requests.add("oai from=" + from);
            offset = 0;
        }
        List<String> matching = new ArrayList<>();
        for (Map.Entry<String, String> e : archive().entrySet()) {
            if (e.getKey().compareTo(from) >= 0) {
                matching.add(e.getValue());
            }
        }
        StringBuilder page = new StringBuilder(CAPTURED.substring(0, CAPTURED.indexOf("<record>")));
        for (String r : matching.subList(Math.min(offset, matching.size()), Math.min(offset + 2, matching.size()))) {
            page.append(r).append("\r\n");
        }
        if (offset + 2 < matching.size()) {
            page.append("<resumptionToken cursor=\"").append(offset).append("\" completeListSize=\"").append(matching.size()).append("\">")
                    .append(from).append('|').append(offset + 2).append("</resumptionToken>\r\n");
        } else if (offset > 0) {
            page.append("<resumptionToken cursor=\"").append(offset).append("\" completeListSize=\"").append(matching.size()).append("\"/>\r\n");
        }
        page.append("</ListRecords>\r\n</OAI-PMH>");
        send(exchange, 200, page.toString(), null);
    }

    /**
     * The records the repository holds, each under {@code <datestamp> <index>} so they list in
     * datestamp order: the captured ones; at stage 3 the third reported deleted on a later day,
     * in the form OAI-PMH prescribes (no deleted arXiv record was found captured).
     */
    private Map<String, String> archive() {
        Map<String, String> out = new java.util.TreeMap<>();
        int held = stage == 1 ? 3 : 5;
        for (int i = 0; i < held; i++) {
            String record = RECORDS.get(i);
            String datestamp = between(record, "<datestamp>", "</datestamp>");
            if (stage == 3 && i == 2) {
                datestamp = "2024-01-27";
                record = "<record>\r\n<header status=\"deleted\">\r\n<identifier>oai:arXiv.org:2401.14036</identifier>\r\n<datestamp>"
                        + datestamp + "</datestamp>\r\n<setSpec>cs</setSpec>\r\n</header>\r\n</record>";
            }
            out.put(datestamp + " " + i, record);
        }
        // A record without a title (made from a captured one): rejected, and only once however often its day is listed.
        out.put("2024-01-26 9", RECORDS.get(1).replace("2401.14034", "2401.99999").replaceAll("<dc:title>[^<]*</dc:title>", "<dc:title></dc:title>"));
        return out;
    }

    private void rss(HttpExchange exchange) throws IOException {
        if ("\"cs.CV-2025-09-18\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            requests.add("rss 304");
            send(exchange, 304, null, null);
            return;
        }
        requests.add("rss 200");
        send(exchange, 200, RSS, "\"cs.CV-2025-09-18\"");
    }

    private static void send(HttpExchange exchange, int status, String body, String etag) throws IOException {
        if (etag != null) {
            exchange.getResponseHeaders().add("ETag", etag);
        }
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Everything committed on {@code papers}, in order. */
    private List<ConsumerRecord<String, byte[]>> readPapers() {
        return read(topics.papers().name());
    }

    /** Everything committed on {@code topic}, in order. */
    private List<ConsumerRecord<String, byte[]>> read(String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.require("bootstrap.servers"),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Awaitility.await(topic + " read to its end").atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
        }
        return out;
    }

    /** How many times each paper was published with a value. */
    private static Map<String, Integer> values(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, Integer> out = new LinkedHashMap<>();
        records.stream().filter(r -> r.value() != null).forEach(r -> out.merge(r.key(), 1, Integer::sum));
        return out;
    }

    private static List<String> tombstones(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().filter(r -> r.value() == null).map(ConsumerRecord::key).toList();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static List<String> records() {
        List<String> out = new ArrayList<>();
        Matcher m = RECORD.matcher(CAPTURED);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static String between(String s, String start, String end) {
        int from = s.indexOf(start) + start.length();
        return s.substring(from, s.indexOf(end, from));
    }

    private static String resource(String name) {
        try (InputStream in = HarvestIT.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
