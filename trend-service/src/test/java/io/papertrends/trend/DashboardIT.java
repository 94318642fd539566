package io.papertrends.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.stack.LocalStack;
import io.papertrends.stack.junit.LocalStackExtension;
import io.papertrends.trend.http.HttpConfig;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in headless Chromium (Debian's {@code chromium} package; CI installs it): the
 * page renders the ranking with the titles the API answers, in rank order, and a
 * screenshot of it is kept ({@code target/dashboard.png}). The page is opened as a snapshot
 * ({@code live=0}): headless Chromium's virtual clock stands still while a stream is open, and
 * the stream itself is tested in {@code TrendHttpTest}.
 */
@ExtendWith(LocalStackExtension.class)
class DashboardIT {
    private static final Pattern ROW_TITLE = Pattern.compile("<tr[^>]*data-paper-id=\"([^\"]+)\".*?<a class=\"title\"[^>]*>([^<]*)</a>", Pattern.DOTALL);

    @Test
    void shouldRenderTheLiveLeaderboardInAHeadlessBrowser(LocalStack stack, @TempDir Path state, @TempDir Path profile) throws Exception {
        String chromium = Browser.executable();
        assumeTrue(chromium != null, "chromium is not installed (CI installs Debian's chromium package): skipping the dashboard test");
        ServingFixtures data = new ServingFixtures(stack, "dashboard-it");
        data.createTopics(2);
        try (TrendService service = TrendService.start(data.instance(state).with(HttpConfig.NOTIFY_URL, "http://127.0.0.1:8084"),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            data.produce();
            ObjectMapper json = new ObjectMapper();
            List<String> expected = new ArrayList<>();
            Awaitility.await("a ranking with the bursts").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                assertThat(service.streams().state()).isNotIn(KafkaStreams.State.ERROR, KafkaStreams.State.NOT_RUNNING);
                var response = ServingFixtures.get(service.httpPort(), "/api/trending?window=1h&scope=global");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                expected.clear();
                json.readTree(response.body()).path("entries").forEach(e -> expected.add(e.path("title").asText()));
                assertThat(expected).as(response.body()).hasSizeGreaterThanOrEqualTo(ServingFixtures.BURSTS.length);
            });
            String url = "http://127.0.0.1:" + service.httpPort() + "/?window=1h&live=0";

            String dom = run(chromium, profile.resolve("dom"), List.of("--dump-dom", url));
            List<String> titles = new ArrayList<>();
            Matcher m = ROW_TITLE.matcher(dom);
            while (m.find()) {
                titles.add(unescape(m.group(2)));
            }
            assertThat(titles).as("titles in the rendered leaderboard").startsWith(expected.subList(0, ServingFixtures.BURSTS.length).toArray(String[]::new));
            assertThat(dom).contains("aria-selected=\"true\">1h</button>").contains("class=\"spark\"");

            Path png = Path.of("target", "dashboard.png").toAbsolutePath();
            Files.deleteIfExists(png);
            run(chromium, profile.resolve("shot"), List.of("--screenshot=" + png, url));
            assertThat(png).exists();
            try (InputStream in = Files.newInputStream(png)) {
                DataInputStream header = new DataInputStream(in);
                assertThat(header.readLong()).as("PNG signature").isEqualTo(0x89504E470D0A1A0AL);
                header.readInt();
                assertThat(header.readInt()).as("IHDR").isEqualTo(0x49484452);
                assertThat(header.readInt()).as("width").isEqualTo(1280);
                assertThat(header.readInt()).as("height").isEqualTo(900);
            }
            assertThat(Files.size(png)).as("a page with content, not a blank one").isGreaterThan(20_000);

            // A keyword typed as a person writes it: the page follows its stored scope and labels it as its papers write it.
            Awaitility.await("the keyword ranked and known").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                var unknown = ServingFixtures.get(service.httpPort(), "/api/trending?window=1h&scope=keyword:Graph%20Neural%20Netwroks");
                assertThat(json.readTree(unknown.body()).path("suggestions")).as(unknown.body()).isNotEmpty();
            });
            String keyword = run(chromium, profile.resolve("keyword"), List.of("--dump-dom",
                    "http://127.0.0.1:" + service.httpPort() + "/?window=1h&live=0&scope=keyword:Graph%20Neural%20Networks"));
            assertThat(keyword).contains(">Keyword: Graph Neural Networks</option>", "scope=keyword%3Agraph%20neural%20network",
                    ">Graph Neural Networks for Protein Complex Prediction</a>").doesNotContain(">Keyword: graph neural network<");
            // The subscribe form follows the scope: the notify service gets it as ranked and as shown.
            assertThat(keyword).contains("action=\"http://127.0.0.1:8084/subscriptions\"", "id=\"subscribe-scope\" value=\"keyword:graph neural network\"",
                    "id=\"subscribe-display\" value=\"Graph Neural Networks\"", ">Daily digest of Graph Neural Networks by e-mail<");
            assertThat(dom).contains("id=\"subscribe-scope\" value=\"global\"").doesNotContain("<form id=\"subscribe\" class=\"subscribe\" method=\"post\" target=\"_blank\" hidden");
            String typo = run(chromium, profile.resolve("typo"), List.of("--dump-dom",
                    "http://127.0.0.1:" + service.httpPort() + "/?window=1h&live=0&scope=keyword:Graph%20Neural%20Netwroks"));
            assertThat(typo).as("the known keywords offered instead of an empty board")
                    .contains("class=\"chip suggestion\"", ">Graph Neural Networks</button>");
        }
    }

    /** Runs headless Chromium on {@code url} (in {@code args}); its standard output. */
    private static String run(String chromium, Path profile, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1280,900", "--hide-scrollbars", "--virtual-time-budget=5000"));
        command.addAll(args);
        Path log = Files.createTempFile("chromium", ".log");
        Path out = Files.createTempFile("chromium", ".out");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).redirectOutput(out.toFile()).start();
        boolean done = process.waitFor(60, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        assertThat(done).as("chromium finished; its log: %s", Files.readString(log)).isTrue();
        assertThat(process.exitValue()).as("chromium's exit code; its log: %s", Files.readString(log)).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }
}
