package io.papertrends.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.config.Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ManagementServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(ManagementServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldReportHealthAndServeMetrics() throws Exception {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        meters.counter("papertrends.test.counter").increment();
        AtomicReference<Health> health = new AtomicReference<>(Health.up(Map.of("streams", "REBALANCING")));
        Settings settings = Settings.of(Map.of(ManagementServer.HOST, "127.0.0.1", ManagementServer.PORT, "0"));
        try (ManagementServer server = ManagementServer.start(settings, 1, meters, health::get)) {
            HttpResponse<String> up = get(server, "/healthz");
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).isEqualTo("{\"status\":\"UP\",\"streams\":\"REBALANCING\"}");
            health.set(Health.down("Kafka did not answer: \"timeout\"\n", Map.of("streams", "ERROR")));
            HttpResponse<String> down = get(server, "/healthz");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).isEqualTo("{\"status\":\"DOWN\",\"reason\":\"Kafka did not answer: \\\"timeout\\\"\\n\",\"streams\":\"ERROR\"}");
            assertThat(get(server, "/metrics").body()).contains("papertrends_test_counter_total");
        }
    }

    @Test
    void shouldBeUpOnlyWhenBothPartsAre() {
        Health kafka = Health.up(Map.of("kafka", Map.of("brokers", 1)));
        Health streams = Health.down("Kafka Streams is ERROR", Map.of("streams", "ERROR"));
        assertThat(kafka.and(kafka).up()).isTrue();
        Health both = kafka.and(streams);
        assertThat(both.up()).isFalse();
        assertThat(both.reason()).isEqualTo("Kafka Streams is ERROR");
        assertThat(both.details()).containsKeys("kafka", "streams");
    }
}
