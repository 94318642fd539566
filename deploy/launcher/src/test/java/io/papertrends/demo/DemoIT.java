package io.papertrends.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.papertrends.avro.TrendingEntry;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.ingest.simulate.Burst;
import io.papertrends.stack.LocalMail;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's orchestration on free ports in a temporary directory, with a short backfill and
 * bursts planted seconds after real time starts. One run serves two checks: a planted burst
 * leads the global 1 h leaderboard read from {@code trending-updates}, and every metric the
 * Grafana dashboard queries is exposed by some service's {@code /metrics} on its management port
 * (and not on the public ports).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoIT {
    /** The dashboard, relative to the module's directory (where Maven runs the tests). */
    static final Path DASHBOARD = Path.of("..", "grafana", "dashboards", "papertrends.json");

    @TempDir
    static Path dir;

    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private Demo demo;

    @BeforeAll
    void startDemo() throws Exception {
        Demo.Options options = new Demo.Options(dir.resolve("demo"), false, 0, 0, 0, 0, 0, 0, 0, Demo.ManagementPorts.ANY,
                4, Duration.ofHours(2), 7, List.of(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(6)),
                40, Duration.ofMinutes(10), Map.of());
        demo = new Demo(options, line -> {
            progress.add(line);
            System.out.println(line);
        });
        demo.start();
    }

    @AfterAll
    void stopDemo() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void shouldShowPlantedBurstsLeadingTheGlobalLeaderboard() {
        List<Burst> bursts = demo.bursts();
        assertThat(bursts).hasSize(3);
        Set<String> burstIds = bursts.stream().map(Burst::paperId).collect(Collectors.toSet());
        Leaderboard board = demo.leaderboard().orElseThrow();
        Instant firstBurst = bursts.get(0).startsAt(demo.realTimeFrom().orElseThrow()).truncatedTo(ChronoUnit.SECONDS);
        // Rankings of the backfill come first (before baselines settle, anything may rank):
        // wait for one that reflects the bursts, led by a burst paper. Measured on the 2-core CI
        // machine: 12-53 s after this test starts, once beyond 75 s in a full build.
        Awaitility.await("a planted burst leading the global 1h leaderboard").atMost(Duration.ofSeconds(150))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    TrendingUpdate global = board.latest().get("1h");
                    return global != null && !global.getAsOf().isBefore(firstBurst) && !global.getEntries().isEmpty()
                            && burstIds.contains(global.getEntries().get(0).getPaperId());
                });
        Map<String, TrendingUpdate> latest = board.latest();
        new LeaderboardView(10).render(List.of("1h", "24h"), latest, List.of(), List.of()).forEach(System.out::println);

        assertThat(progress).anyMatch(l -> l.contains("stack ready in"))
                .anyMatch(l -> l.contains("services RUNNING"))
                .anyMatch(l -> l.contains("sample page ingested: 218 papers"))
                .anyMatch(l -> l.contains("backfill done"))
                .anyMatch(l -> l.contains("burst paper=" + bursts.get(0).paperId()));
        TrendingUpdate global = latest.get("1h");
        assertThat(global.getScope()).isEqualTo("global");
        TrendingEntry leader = global.getEntries().get(0);
        assertThat(leader.getTitle()).as("titles come from papers-enriched").isNotBlank();
        assertThat(leader.getScore()).isPositive();
        assertThat(leader.getGrowth()).isGreaterThan(1);
        assertThat(new LeaderboardView(10).render(List.of("1h"), latest, List.of(), List.of()))
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(LeaderboardView.WIDTH));
        // The sample papers are known by their titles only: every ranked one shows its title (from papers
        // while enrich has not passed it on), never an internal id.
        assertThat(latest.values()).flatExtracting(TrendingUpdate::getEntries).allSatisfy(e -> assertThat(e.getTitle()).isNotBlank());
        assertThat(new LeaderboardView(10).render(List.of("1h", "24h"), latest, List.of(), List.of())).noneMatch(l -> l.contains("title:"));
    }

    @Test
    void shouldExposeEveryMetricTheDashboardQueries() throws Exception {
        Set<String> queried = dashboardMetrics(DASHBOARD);
        assertThat(queried).as("metric names found in the dashboard's queries").hasSizeGreaterThan(15)
                .contains("kafka_consumer_fetch_manager_records_lag_max", "papertrends_enrich_keyphrase_extraction_seconds_sum");

        // A paper and a bad record through the ingest service's HTTP API, so its
        // accepted and rejected counters exist.
        Demo.Options o = demo.options();
        assertThat(post(o.ingestPort(), "/papers", "{\"title\":\"Metrics for stream processing\",\"abstract\":\"We count things.\"}"))
                .isEqualTo(202);
        assertThat(post(o.ingestPort(), "/papers", "{\"title\":\"\"}")).isBetween(400, 499);

        Map<String, Integer> ports = Map.of("ingest-service", o.management().ingest(), "enrich-service", o.management().enrich(),
                "trend-service", o.management().trend(), "notify-service", o.management().notifications());
        Set<String> exposed = new TreeSet<>();
        Awaitility.await("every metric of the dashboard exposed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    exposed.clear();
                    for (int port : ports.values()) {
                        exposed.addAll(scrapedNames(get(port, "/metrics")));
                    }
                    assertThat(exposed).containsAll(queried);
                });
        for (int publicPort : List.of(o.ingestPort(), o.trendPort(), o.notifyPort())) {
            assertThat(status(publicPort, "/metrics")).as("metrics on public port %d", publicPort).isEqualTo(404);
            assertThat(status(publicPort, "/healthz")).as("health on public port %d", publicPort).isEqualTo(404);
        }
        assertThat(progress).anyMatch(l -> l.contains("/healthz and /metrics on 127.0.0.1: :" + o.management().ingest() + " ingest"))
                .anyMatch(l -> l.contains("unsecured"));
    }

    @Test
    void shouldMailTheDemoReaderAConfirmationAnAlertAndTheDigest() {
        // The reader's digest is due at the second whole minute after subscribing, in local time; the
        // alert for the paper published after confirming may wait for the alert interval (a minute in
        // the demo) when a sample paper on the keyword was alerted first. On failure, the message
        // names the part missing, with the mails received and the demo's progress.
        Awaitility.await("the demo reader's confirmation, alert and digest").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    List<LocalMail.Received> received = demo.mail().map(LocalMail::received).orElse(List.of());
                    String seen = "mails received: " + subjects() + "; progress: " + progress;
                    assertThat(received).as("a confirmation; " + seen).anyMatch(r -> r.subject().startsWith("Confirm"));
                    assertThat(received).as("an alert naming the paper published after confirming; " + seen)
                            .anyMatch(r -> (r.subject().contains("new papers in") || r.subject().startsWith("New paper in"))
                                    && r.text().contains("Small Large Language Models Trained Only on Open Data"));
                    assertThat(received).as("the digest; " + seen).anyMatch(r -> r.subject().startsWith("Today in all papers"));
                });
        LocalMail mail = demo.mail().orElseThrow();
        LocalMail.Received digest = mail.received().stream().filter(r -> r.subject().startsWith("Today in")).findFirst().orElseThrow();
        assertThat(digest.to()).isEqualTo(DemoSubscriber.ADDRESS);
        assertThat(digest.eml()).exists();
        assertThat(digest.html()).exists();
        assertThat(digest.text()).contains("/subscriptions/unsubscribe?token=");
        assertThat(progress).anyMatch(l -> l.contains("subscription confirmed"))
                .anyMatch(l -> l.contains("mail to " + DemoSubscriber.ADDRESS) && l.contains(".html"));
    }

    private List<String> subjects() {
        return demo.mail().map(m -> m.received().stream().map(LocalMail.Received::subject).toList()).orElse(List.of());
    }

    /** Metric names in every PromQL expression of a Grafana dashboard (panel targets and variables). */
    static Set<String> dashboardMetrics(Path dashboard) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readString(dashboard));
        Set<String> names = new TreeSet<>();
        for (JsonNode expr : root.findValues("expr")) {
            names.addAll(metricNames(expr.asText()));
        }
        for (JsonNode variable : root.path("templating").path("list")) {
            names.addAll(metricNames(variable.path("query").path("query").asText(variable.path("query").asText())));
        }
        return names;
    }

    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset");

    /** The metric names of one PromQL expression: identifiers that are not functions, keywords or label names. */
    static Set<String> metricNames(String expr) {
        Set<String> out = new HashSet<>();
        Matcher labelValues = LABEL_VALUES.matcher(expr);
        if (labelValues.find()) {
            out.add(labelValues.group(1));
            return out;
        }
        String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String token = m.group();
            int next = m.end();
            while (next < s.length() && s.charAt(next) == ' ') {
                next++;
            }
            boolean function = next < s.length() && s.charAt(next) == '(';
            if (!function && !KEYWORDS.contains(token)) {
                out.add(token);
            }
        }
        return out;
    }

    @Test
    void shouldFindMetricNamesInPromQl() {
        assertThat(metricNames("sum by (application) (rate(kafka_producer_record_send_total{client_id=~\".*StreamThread.*\"}[1m]))"))
                .containsExactly("kafka_producer_record_send_total");
        assertThat(metricNames("sum(rate(a_sum[5m])) / sum by (instance) (rate(a_count{instance=~\"$instance\"}[5m]))"))
                .containsExactlyInAnyOrder("a_sum", "a_count");
        assertThat(metricNames("label_values(jvm_memory_used_bytes, instance)")).containsExactly("jvm_memory_used_bytes");
    }

    /** Metric names in a Prometheus text exposition. */
    static Set<String> scrapedNames(String exposition) {
        return exposition.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
    }

    private String get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET :%d%s", port, path).isEqualTo(200);
        return response.body();
    }

    private int status(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int post(int port, String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
