package io.papertrends.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.papertrends.config.Settings;
import io.papertrends.metrics.ServiceMeters;
import io.papertrends.service.ApiKeys;
import io.papertrends.service.HttpApi;
import io.papertrends.service.ManagementServer;
import io.papertrends.service.RateLimiter;
import io.papertrends.stack.LocalStack;
import io.papertrends.stack.junit.LocalStackExtension;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The ingest service's HTTP endpoints, served for real, publishing to the real broker. */
@ExtendWith(LocalStackExtension.class)
class IngestServiceIT {
    /** A time the popularity windows still count (events older than the longest window are rejected). */
    private static final String RECENT = java.time.Instant.now().minusSeconds(600).toString();

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private IngestService service;
    private String base;
    private String management;

    @BeforeEach
    void setUp(LocalStack stack) {
        service = start(Settings.of(Map.of("bootstrap.servers", stack.bootstrapServers(),
                "schema.registry.url", stack.schemaRegistryUrl(), HttpApi.HOST, "127.0.0.1", HttpApi.PORT, "0",
                ManagementServer.PORT, "0", IngestService.MAX_BODY, "20000")));
        base = "http://127.0.0.1:" + service.port();
        management = "http://127.0.0.1:" + service.managementPort();
    }

    private static IngestService start(Settings settings) {
        return IngestService.start(settings, ServiceMeters.prometheus("ingest-service", settings));
    }

    @AfterEach
    void tearDown() {
        service.close();
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAcceptGoodPapersAndAnswer202WithTheirIds() throws Exception {
        HttpResponse<String> response = post("/papers", "[{\"title\":\"Attention Is All You Need\",\"abstract\":\"We propose the Transformer.\","
                + "\"arxivId\":\"1706.03762v7\"}]");
        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("ids").toString()).contains("arxiv:1706.03762");
    }

    @Test
    void shouldAnswer400WithAReasonPerBadRecordAndStillPublishTheGoodOnes() throws Exception {
        HttpResponse<String> response = post("/events", "[{\"paperId\":\"arxiv:1706.03762\",\"type\":\"view\",\"occurredAt\":\"" + RECENT + "\"},"
                + "{\"paperId\":\"arxiv:1706.03762\",\"type\":\"teleport\",\"occurredAt\":\"" + RECENT + "\"},"
                + "{\"paperId\":\"arxiv:1706.03762\",\"type\":\"view\",\"occurredAt\":\"1850-01-01T00:00:00Z\"}]");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("accepted").asInt()).isEqualTo(1);
        assertThat(body.get("rejections").get(0).get("reasonCode").asText()).isEqualTo("UNKNOWN_EVENT_TYPE");
        assertThat(body.get("rejections").get(0).get("reason").asText()).contains("teleport");
        assertThat(body.get("rejections").get(1).get("reasonCode").asText()).isEqualTo("EVENT_TIME_OUT_OF_RANGE");
        assertThat(body.get("rejections").get(1).get("reason").asText()).contains("no window would count it");
    }

    @Test
    void shouldAnswer413OverTheBodyLimitAndServeHealthAndMetricsOnTheManagementPortOnly() throws Exception {
        assertThat(post("/papers", "[" + "{\"title\":\"x\",\"abstract\":\"y\"},".repeat(1000) + "{}]").statusCode()).isEqualTo(413);
        Awaitility.await("Kafka seen by the health check").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> health = get(management + "/healthz");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"brokers\":1");
        });
        post("/papers", "{\"title\":\"A paper\",\"abstract\":\"An abstract.\"}");
        String metrics = get(management + "/metrics").body();
        assertThat(metrics).contains("papertrends_ingest_accepted").contains("application=\"ingest-service\"")
                .as("the producer's own metrics").contains("kafka_producer_");
        assertThat(get(base + "/healthz").statusCode()).as("health on the public port").isEqualTo(404);
        assertThat(get(base + "/metrics").statusCode()).as("metrics on the public port").isEqualTo(404);
        assertThat(service.managementPort()).isNotEqualTo(service.port());
    }

    @Test
    void shouldTakeWritesOnlyWithAConfiguredKeyAndWithinItsLimit(LocalStack stack) throws Exception {
        String key = ApiKeys.newKey(new SecureRandom());
        String wrong = ApiKeys.newKey(new SecureRandom());
        try (IngestService secured = start(Settings.of(Map.of("bootstrap.servers", stack.bootstrapServers(),
                "schema.registry.url", stack.schemaRegistryUrl(), HttpApi.HOST, "127.0.0.1", HttpApi.PORT, "0", ManagementServer.PORT, "0",
                ApiKeys.KEYS, ApiKeys.entry("crawler", key), RateLimiter.RATE, "1", RateLimiter.BURST, "2")))) {
            String url = "http://127.0.0.1:" + secured.port();
            String paper = "{\"title\":\"Keys for ingest\",\"abstract\":\"Only with a key.\"}";
            HttpResponse<String> missing = post(url + "/papers", paper);
            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"papertrends\"");
            assertThat(JSON.readTree(missing.body()).get("reasonCode").asText()).isEqualTo("MISSING_API_KEY");
            HttpResponse<String> bad = post(url + "/events", "[]", "Authorization", "Bearer " + wrong);
            assertThat(bad.statusCode()).isEqualTo(401);
            assertThat(bad.body()).contains("BAD_API_KEY").doesNotContain(wrong);

            assertThat(post(url + "/papers", paper, "Authorization", "Bearer " + key).statusCode()).isEqualTo(202);
            assertThat(post(url + "/papers", paper, "X-Api-Key", key).statusCode()).isEqualTo(202);
            HttpResponse<String> limited = post(url + "/papers", paper, "X-Api-Key", key);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(JSON.readTree(limited.body()).get("reasonCode").asText()).isEqualTo("RATE_LIMITED");

            String metrics = get("http://127.0.0.1:" + secured.managementPort() + "/metrics").body();
            assertThat(metrics).containsPattern("papertrends_http_refused_total\\{[^}]*reason=\"missing_key\"[^}]*} 1\\.0")
                    .containsPattern("papertrends_http_refused_total\\{[^}]*reason=\"bad_key\"[^}]*} 1\\.0")
                    .containsPattern("papertrends_http_refused_total\\{[^}]*reason=\"rate_limited\"[^}]*} 1\\.0")
                    .doesNotContain(key).doesNotContain(wrong);
        }
    }

    @Test
    void shouldAnswer503FromHealthWhenKafkaDoesNotAnswer() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (IngestService unreachable = start(Settings.of(Map.of("bootstrap.servers", "127.0.0.1:" + closedPort,
                "schema.registry.url", "http://127.0.0.1:" + closedPort, HttpApi.HOST, "127.0.0.1", HttpApi.PORT, "0",
                ManagementServer.PORT, "0", IngestService.HEALTH_INTERVAL, "1s")))) {
            HttpResponse<String> health = get("http://127.0.0.1:" + unreachable.managementPort() + "/healthz");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("DOWN");
            assertThat(JSON.readTree(health.body()).get("reason").asText()).contains("Kafka");
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
