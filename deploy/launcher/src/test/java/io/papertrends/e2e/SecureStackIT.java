package io.papertrends.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.papertrends.cli.CommandRun;
import io.papertrends.config.Settings;
import io.papertrends.enrich.EnrichService;
import io.papertrends.ingest.Ingest;
import io.papertrends.ingest.IngestService;
import io.papertrends.ingest.publish.IngestReport;
import io.papertrends.ingest.simulate.Simulator;
import io.papertrends.metrics.ServiceMeters;
import io.papertrends.notify.NotifyConfig;
import io.papertrends.notify.NotifyService;
import io.papertrends.service.ApiKeys;
import io.papertrends.service.HttpApi;
import io.papertrends.service.ManagementServer;
import io.papertrends.service.RunningService;
import io.papertrends.stack.LocalMail;
import io.papertrends.stack.LocalStack;
import io.papertrends.stack.StackSecurity;
import io.papertrends.stack.junit.RefusedClients;
import io.papertrends.streams.StreamsSettings;
import io.papertrends.topics.Topics;
import io.papertrends.trend.TrendService;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of {@code local-stack --secure}: the secured stack, the ingest, enrich,
 * trend and notify services each connecting as its own user, the sample page and two hours of reader
 * activity through them until trend's API answers a ranking, a command of the CLI with the
 * {@code cli} user's settings file; clients without credentials, with a wrong password or over
 * plaintext refused within seconds; and no password, store password, API key or link-signing secret anywhere in what
 * the run logged (Kafka's configuration dumps included) or in the services' {@code /metrics}.
 */
class SecureStackIT {
    private static final String TRENDING = "/api/trending?window=1h&scope=global&limit=10";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldRunThePipelineThroughTheSecuredStackRefuseOtherClientsAndLogNoSecret(@TempDir Path dir) throws Exception {
        String apiKey = ApiKeys.newKey(new SecureRandom());
        String notifySecret = ApiKeys.newKey(new SecureRandom());
        List<String> secrets = new ArrayList<>(List.of(apiKey, notifySecret));
        StringBuilder printed = new StringBuilder();
        try (CapturedLogs logs = CapturedLogs.start()) {
            LocalStack.Options d = LocalStack.Options.defaults(dir.resolve("stack"));
            try (LocalStack stack = LocalStack.start(new LocalStack.Options(d.dataDir(), 0, 0, 0, false, 1, "", Optional.empty(),
                    Optional.empty(), true, false));
                 LocalMail mail = LocalMail.start(0, dir.resolve("mail"))) {
                StackSecurity security = stack.security().orElseThrow();
                secrets.addAll(security.secrets());
                List<RunningService> services = new ArrayList<>();
                try {
                    Settings ingestSettings = withDefaults(stack, "ingest", Map.of(ApiKeys.KEYS, ApiKeys.entry("secure-it", apiKey)));
                    IngestService ingest = IngestService.start(ingestSettings, ServiceMeters.prometheus("ingest-service", ingestSettings));
                    services.add(ingest);
                    Settings enrichSettings = withDefaults(stack, "enrich", Map.of(StreamsSettings.STATE_DIR, dir.resolve("enrich").toString()));
                    services.add(EnrichService.start(enrichSettings, ServiceMeters.prometheus("enrich-service", enrichSettings)));
                    Settings trendSettings = withDefaults(stack, "trend", Map.of(StreamsSettings.STATE_DIR, dir.resolve("trend").toString()));
                    TrendService trend = TrendService.start(trendSettings, ServiceMeters.prometheus("trend-service", trendSettings));
                    services.add(trend);
                    Settings notifySettings = withDefaults(stack, "notify", Map.of(StreamsSettings.STATE_DIR, dir.resolve("notify").toString(),
                            NotifyConfig.SECRET, notifySecret, NotifyConfig.SMTP_HOST, "127.0.0.1", NotifyConfig.SMTP_PORT, Integer.toString(mail.port()),
                            NotifyConfig.PUBLIC_URL, "http://localhost"));
                    services.add(NotifyService.start(notifySettings, ServiceMeters.prometheus("notify-service", notifySettings)));
                    Awaitility.await("every service up, Kafka answering over SASL_SSL").atMost(Duration.ofSeconds(120))
                            .pollInterval(Duration.ofMillis(500))
                            .until(() -> services.stream().allMatch(s -> s.health().up()));
                    List<String> live = follow(trend.httpPort());

                    // A paper through the ingest service's API, then the sample page and reader activity as the ingest user.
                    HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.port() + "/papers"))
                            .header("Content-Type", "application/json").header("X-Api-Key", apiKey)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"Secured Streams\",\"abstract\":\"Every client authenticates.\"}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
                    Settings ingestClient = Settings.of(stack.clientSettings("ingest"));
                    try (Ingest sample = Ingest.open(ingestClient, new SimpleMeterRegistry(), Clock.systemUTC())) {
                        IngestReport report = sample.ingestSample();
                        assertThat(report.complete()).as(report.summary()).isTrue();
                    }
                    Simulator simulator = new Simulator(ingestClient.kafkaProperties(), Topics.from(ingestClient.asMap()), Clock.systemUTC(),
                            new PrintStream(OutputStream.nullOutputStream()));
                    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                    Simulator.Summary activity = simulator.run(Simulator.Options.of(4, Duration.ofHours(2), 7).withFast(now.minus(Duration.ofHours(2))));
                    assertThat(activity.failed()).isZero();
                    assertThat(activity.events()).isPositive();

                    Awaitility.await("a ranking from trend's API").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                            .until(() -> entries(trend.httpPort()).size() > 0);
                    JsonNode leader = entries(trend.httpPort()).get(0);
                    assertThat(leader.path("title").asText()).as("titles from papers-enriched").isNotBlank();
                    Awaitility.await("an update on trend's live stream (its own consumer)").atMost(Duration.ofSeconds(60))
                            .until(() -> live.stream().anyMatch(l -> l.startsWith("data:")));

                    // The command line with the cli user's settings file.
                    CommandRun tail = CommandRun.of("tail", "trending-updates", "--from-beginning", "--config", security.clientFile("cli").toString());
                    printed.append(tail.out());
                    assertThat(tail.exit()).as(tail.out()).isZero();
                    assertThat(tail.out()).contains("\"topic\":\"trending-updates\"");

                    for (RunningService s : services) {
                        String metrics = get(s.managementPort(), "/metrics").body();
                        assertThat(metrics).as("metrics of the service on :%d", s.managementPort()).contains("kafka_");
                        printed.append(metrics);
                    }

                    // Not served: without credentials, with a wrong password, over plaintext.
                    RefusedClients.assertRefused(RefusedClients.withoutCredentials(stack));
                    RefusedClients.assertWrongPasswordRefused(stack, "trend");
                    RefusedClients.assertRefused(RefusedClients.plaintext(stack));
                } finally {
                    for (int i = services.size() - 1; i >= 0; i--) {
                        services.get(i).close();
                    }
                }
            }
            String captured = logs.text() + printed;
            assertThat(captured).as("Kafka's configuration dumps are part of what is checked")
                    .contains("sasl.jaas.config = [hidden]").contains("ssl.truststore.password = [hidden]");
            assertThat(secrets).hasSizeGreaterThan(StackSecurity.USERS.size());
            for (String secret : secrets) {
                assertThat(captured.contains(secret)).as("a secret of %d characters in the logs or metrics", secret.length()).isFalse();
            }
        }
    }

    /** {@code user}'s client settings of the stack, loopback and free ports, then {@code extra}. */
    private static Settings withDefaults(LocalStack stack, String user, Map<String, String> extra) {
        Map<String, String> values = new LinkedHashMap<>(stack.clientSettings(user));
        values.put(HttpApi.HOST, "127.0.0.1");
        values.put(HttpApi.PORT, "0");
        values.put(ManagementServer.HOST, "127.0.0.1");
        values.put(ManagementServer.PORT, "0");
        values.put("papertrends.instance", user + "-service");
        values.putAll(extra);
        return Settings.of(values);
    }

    private List<JsonNode> entries(int port) throws Exception {
        HttpResponse<String> response = get(port, TRENDING);
        List<JsonNode> out = new ArrayList<>();
        if (response.statusCode() == 200) {
            json.readTree(response.body()).path("entries").forEach(out::add);
        }
        return out;
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The lines of trend's live stream, collected in the background while the stream is open. */
    private List<String> follow(int port) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try {
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/stream")).header("Accept", "text/event-stream").build(),
                        HttpResponse.BodyHandlers.ofLines()).body().forEach(lines::add);
            } catch (Exception e) {
                lines.add("failed: " + e);
            }
        }, "secure-it-live");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }
}
