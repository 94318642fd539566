package io.papertrends.trend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.stack.LocalStack;
import io.papertrends.stack.junit.LocalStackExtension;
import io.papertrends.trend.api.TrendReader;
import io.papertrends.trend.core.TrendStores;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two trend-service instances of one application against topics of three partitions: each
 * answers every query the same (from its own state or by forwarding to the other), and when one
 * stops the other answers everything once its tasks have moved. API keys are required: clients
 * send one, the instances forward with the peer secret instead.
 */
@ExtendWith(LocalStackExtension.class)
class TrendServingIT {
    private static final String TRENDING = "/api/trending?window=1h&scope=global&limit=10";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldAnswerTheSameFromEitherInstanceAndEverythingFromTheSurvivor(LocalStack stack, @TempDir Path a, @TempDir Path b)
            throws Exception {
        ServingFixtures data = new ServingFixtures(stack, "serving-it");
        data.createTopics(3);
        // API keys required: queries forwarded between the instances pass with the peer secret instead.
        TrendService first = TrendService.start(ServingFixtures.secured(data.instance(a)), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        TrendService second = TrendService.start(ServingFixtures.secured(data.instance(b)), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        boolean secondOpen = true;
        try {
            data.produce();
            Awaitility.await("both instances running with the bursts ranked").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        assertThat(first.streams().state()).isNotIn(KafkaStreams.State.ERROR, KafkaStreams.State.NOT_RUNNING);
                        assertThat(second.streams().state()).isNotIn(KafkaStreams.State.ERROR, KafkaStreams.State.NOT_RUNNING);
                        return first.streams().state() == KafkaStreams.State.RUNNING && second.streams().state() == KafkaStreams.State.RUNNING
                                && ServingFixtures.topIds(ServingFixtures.get(first.httpPort(), TRENDING)).containsAll(ServingFixtures.burstIds());
                    });

            // Both hold part of the papers' state, so some paper queries are forwarded each way.
            List<String> ownedByFirst = owned(first);
            List<String> ownedBySecond = owned(second);
            assertThat(ownedByFirst).isNotEmpty();
            assertThat(ownedBySecond).isNotEmpty();

            Awaitility.await("the same ranking from both instances").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        HttpResponse<String> one = ServingFixtures.get(first.httpPort(), TRENDING);
                        HttpResponse<String> two = ServingFixtures.get(second.httpPort(), TRENDING);
                        assertThat(one.statusCode()).isEqualTo(200);
                        assertThat(json.readTree(two.body()).path("entries")).isEqualTo(json.readTree(one.body()).path("entries"));
                    });
            JsonNode ranking = json.readTree(ServingFixtures.get(first.httpPort(), TRENDING).body());
            assertThat(ranking.path("entries").get(0).path("title").asText()).isNotBlank();

            // Without the key, or with a forged forwarding mark instead: 401.
            for (TrendService instance : List.of(first, second)) {
                HttpResponse<String> noKey = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + instance.httpPort() + TRENDING)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(noKey.statusCode()).isEqualTo(401);
                HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + instance.httpPort() + TRENDING)).header(TrendReader.FORWARDED_HEADER, "forged").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(forged.statusCode()).isEqualTo(401);
            }

            // Health and metrics on each instance's management port, not on its API port.
            for (TrendService instance : List.of(first, second)) {
                assertThat(ServingFixtures.get(instance.managementPort(), "/healthz").body()).contains("\"status\":\"UP\"");
                assertThat(ServingFixtures.get(instance.managementPort(), "/metrics").body()).contains("kafka_stream_");
                assertThat(ServingFixtures.get(instance.httpPort(), "/healthz").statusCode()).isEqualTo(404);
                assertThat(ServingFixtures.get(instance.httpPort(), "/metrics").statusCode()).isEqualTo(404);
            }

            for (String id : concat(ownedByFirst, ownedBySecond)) {
                HttpResponse<String> one = ServingFixtures.get(first.httpPort(), "/api/papers/" + id);
                HttpResponse<String> two = ServingFixtures.get(second.httpPort(), "/api/papers/" + id);
                assertThat(one.statusCode()).as("paper %s from the first instance", id).isEqualTo(200);
                assertThat(two.statusCode()).as("paper %s from the second instance", id).isEqualTo(200);
                assertThat(json.readTree(two.body())).isEqualTo(json.readTree(one.body()));
                JsonNode paper = json.readTree(one.body());
                assertThat(paper.path("title").asText()).isIn((Object[]) ServingFixtures.TITLES);
                assertThat(paper.path("windows").get(0).path("history")).hasSize(6);
            }
            assertThat(ServingFixtures.get(second.httpPort(), "/api/papers/arxiv:0000.00000").statusCode()).isEqualTo(404);

            Awaitility.await("the same trending keyphrases from both instances").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        HttpResponse<String> one = ServingFixtures.get(first.httpPort(), "/api/keywords?window=1h");
                        HttpResponse<String> two = ServingFixtures.get(second.httpPort(), "/api/keywords?window=1h");
                        assertThat(one.statusCode()).isEqualTo(200);
                        assertThat(two.statusCode()).isEqualTo(200);
                        assertThat(json.readTree(one.body()).path("keywords")).isNotEmpty();
                        assertThat(json.readTree(two.body()).path("keywords")).isEqualTo(json.readTree(one.body()).path("keywords"));
                    });

            // A keyword as a person types it: the ranking of its stored form, reading as its papers write it; one nothing ranks
            // under: 404 with the known keywords it may have meant. Either instance answers the same.
            String stored = "/api/trending?window=1h&limit=10&scope=" + encode("keyword:graph neural network");
            String typed = "/api/trending?window=1h&limit=10&scope=" + encode("keyword:Graph Neural Networks");
            String typo = "/api/trending?window=1h&scope=" + encode("keyword:Graph Neural Netwroks");
            for (TrendService instance : List.of(first, second)) {
                Awaitility.await("keyword scopes answered by instance " + instance.httpPort()).atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                            JsonNode byStoredForm = json.readTree(ServingFixtures.get(instance.httpPort(), stored).body());
                            HttpResponse<String> response = ServingFixtures.get(instance.httpPort(), typed);
                            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                            JsonNode asTyped = json.readTree(response.body());
                            assertThat(asTyped.path("scope").asText()).isEqualTo("keyword:graph neural network");
                            assertThat(asTyped.path("scopeDisplay").asText()).isEqualTo("Graph Neural Networks");
                            assertThat(asTyped.path("entries")).isNotEmpty().isEqualTo(byStoredForm.path("entries"));

                            HttpResponse<String> unknown = ServingFixtures.get(instance.httpPort(), typo);
                            assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
                            JsonNode error = json.readTree(unknown.body());
                            assertThat(error.path("reasonCode").asText()).isEqualTo("UNKNOWN_KEYWORD");
                            assertThat(error.path("suggestions").path(0).path("scope").asText()).isEqualTo("keyword:graph neural network");
                            assertThat(error.path("suggestions").path(0).path("phrase").asText()).isEqualTo("Graph Neural Networks");
                        });
            }

            second.close();
            secondOpen = false;
            Awaitility.await("the survivor answers everything").atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        HttpResponse<String> trending = ServingFixtures.get(first.httpPort(), TRENDING);
                        assertThat(trending.statusCode()).isEqualTo(200);
                        assertThat(ServingFixtures.topIds(trending)).containsAll(ServingFixtures.burstIds());
                        for (int i = 0; i < ServingFixtures.TITLES.length; i++) {
                            HttpResponse<String> paper = ServingFixtures.get(first.httpPort(), "/api/papers/" + ServingFixtures.id(i));
                            assertThat(paper.statusCode()).as("paper %s", ServingFixtures.id(i)).isEqualTo(200);
                            assertThat(json.readTree(paper.body()).path("title").asText()).isEqualTo(ServingFixtures.TITLES[i]);
                        }
                    });
            assertThat(owned(first)).hasSize(ServingFixtures.TITLES.length);
        } finally {
            if (secondOpen) {
                second.close();
            }
            first.close();
        }
    }

    /** Papers whose state {@code service} hosts. */
    private static List<String> owned(TrendService service) {
        HostInfo self = new HostInfo("127.0.0.1", service.httpPort());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ServingFixtures.TITLES.length; i++) {
            if (self.equals(service.streams().queryMetadataForKey(TrendStores.META_STORE, ServingFixtures.id(i),
                    Serdes.String().serializer()).activeHost())) {
                out.add(ServingFixtures.id(i));
            }
        }
        return out;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
