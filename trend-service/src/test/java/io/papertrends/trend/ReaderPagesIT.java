package io.papertrends.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.config.Settings;
import io.papertrends.stack.LocalStack;
import io.papertrends.stack.junit.LocalStackExtension;
import io.papertrends.trend.http.HttpConfig;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader pages on a real broker: a paper's page (abstract, links, why it trends, similar
 * papers), search, the daily list and a topic, as JSON and HTML; the same answers from a second
 * instance and after a restart (the library is built from the topics); and, in headless
 * Chromium, a reader's path through them from the dashboard, with screenshots kept in
 * {@code target/reader-*.png}.
 */
@ExtendWith(LocalStackExtension.class)
class ReaderPagesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GNN = ServingFixtures.id(3);

    @Test
    void shouldServeTheReaderPagesFromEveryInstanceAndAfterARestart(LocalStack stack, @TempDir Path first, @TempDir Path second) throws Exception {
        ServingFixtures data = new ServingFixtures(stack, "reader-it");
        data.createTopics(2);
        Settings settings = data.instance(first);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        List<String> dayBefore;
        try (TrendService service = TrendService.start(settings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            data.produce();
            data.produceDaily();
            int port = service.httpPort();
            JsonNode day = awaitDaily(port);
            List<String> ids = ids(day.path("entries"));
            assertThat(ids).as("every paper first seen today").hasSize(ServingFixtures.TITLES.length);
            assertThat(ids.subList(0, 3)).as("the most read that day first").containsExactlyInAnyOrderElementsOf(ServingFixtures.burstIds());
            JsonNode top = day.path("entries").get(0);
            assertThat(top.path("counts").path("views").asLong()).isPositive();
            assertThat(top.path("paper").path("label").asText()).startsWith("arXiv:2611.");
            assertThat(ServingFixtures.get(service.managementPort(), "/healthz").body()).contains("\"status\":\"UP\"", "\"library\":\"caught up\"");

            // The paper: its metadata, the streams' activity, and similar papers by shared words.
            JsonNode paper = awaitJson(port, "/api/papers/" + ServingFixtures.id(9), p -> p.path("similar").size() > 0 && p.path("windows").size() > 0);
            assertThat(paper.path("paper").path("abstractText").asText()).isEqualTo(ServingFixtures.abstractText(9));
            assertThat(paper.path("label").asText()).isEqualTo("arXiv:2611.00009");
            assertThat(paper.path("paper").path("authors").get(0).asText()).isEqualTo("Ada Author 9");
            assertThat(paper.path("paper").path("pdf").asText()).isEqualTo("https://arxiv.org/pdf/2611.00009");
            assertThat(paper.path("similar").get(0).path("paper").path("id").asText()).as("the other paper on language models")
                    .isEqualTo(ServingFixtures.id(0));
            assertThat(paper.path("why").path("1h").asText()).isNotBlank();
            JsonNode burst = awaitJson(port, "/api/papers/" + GNN, p -> p.path("why").path("1h").asText().startsWith("#"));
            assertThat(burst.path("why").path("1h").asText()).as("a ranked paper's score in words").contains("events from", "expected");
            assertThat(burst.path("standings").findValuesAsText("window")).contains("1h");
            assertThat(ServingFixtures.get(port, "/api/papers/arxiv:0000.00000").statusCode()).isEqualTo(404);

            // Search: a phrase of one abstract finds that paper first; filters narrow it.
            JsonNode found = json(ServingFixtures.get(port, "/api/search?q=" + enc("sentence cites a retrieved passage")));
            assertThat(found.path("hits").get(0).path("paper").path("id").asText()).isEqualTo(ServingFixtures.id(4));
            JsonNode byAuthor = json(ServingFixtures.get(port, "/api/search?q=" + enc("Ada Author 7")));
            assertThat(byAuthor.path("hits").get(0).path("paper").path("id").asText()).isEqualTo(ServingFixtures.id(7));
            assertThat(json(ServingFixtures.get(port, "/api/search?q=" + enc("sentence cites a retrieved passage") + "&category=cs.LG")).path("total").asLong())
                    .as("paper 4 is cs.CL").isZero();
            assertThat(json(ServingFixtures.get(port, "/api/search?q=" + enc("language models") + "&from=2000-01-01&to=2000-12-31")).path("total").asLong())
                    .as("no paper of 2000").isZero();
            assertThat(ServingFixtures.get(port, "/api/search?q=").statusCode()).isEqualTo(400);
            assertThat(ServingFixtures.get(port, "/api/search?q=x&from=yesterday").statusCode()).isEqualTo(400);
            assertThat(ServingFixtures.get(port, "/api/search?q=x&category=" + enc("<script>")).statusCode()).isEqualTo(400);

            // A topic, as typed: its papers and its feed.
            JsonNode topic = json(ServingFixtures.get(port, "/api/topics/" + enc("Graph Neural Networks")));
            assertThat(topic.path("display").asText()).isEqualTo("Graph Neural Networks");
            assertThat(ids(topic.path("top"))).containsExactly(GNN);
            assertThat(ServingFixtures.get(port, "/api/topics/" + enc("no such topic at all")).statusCode()).isEqualTo(404);

            // HTML: escaped, linkable pages.
            String page = ServingFixtures.get(port, "/papers/" + GNN).body();
            assertThat(page).contains("<h1>Graph Neural Networks for Protein Complex Prediction</h1>", "arXiv:2611.00003", "Similar papers",
                    "href=\"/topics/graph%20neural%20network\"", "Why it is trending");
            assertThat(ServingFixtures.get(port, "/papers/arxiv:0000.00000").statusCode()).isEqualTo(404);
            assertThat(ServingFixtures.get(port, "/search?q=" + enc("<b>bold</b>")).body()).contains("&lt;b&gt;bold&lt;/b&gt;").doesNotContain("<b>bold</b>");
            assertThat(ServingFixtures.get(port, "/feeds/daily.atom?date=" + today).body()).contains("<title>Graph Neural Networks for Protein Complex Prediction</title>");

            // A second instance reads the same topics and answers the same.
            try (TrendService other = TrendService.start(data.instance(second), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
                assertThat(ids(awaitDaily(other.httpPort()).path("entries"))).isEqualTo(ids);
                assertThat(awaitJson(other.httpPort(), "/api/papers/" + GNN, p -> true).path("paper").path("title").asText())
                        .isEqualTo(ServingFixtures.TITLES[3]);
                assertThat(ServingFixtures.get(other.httpPort(), "/papers/" + GNN).body()).as("the page, whichever instance holds the paper's state")
                        .contains("<h1>Graph Neural Networks for Protein Complex Prediction</h1>");
            }
            browse(port);
            dayBefore = ids;
        }
        // A restart rebuilds the library from the topics.
        try (TrendService again = TrendService.start(settings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            assertThat(ids(awaitDaily(again.httpPort()).path("entries"))).isEqualTo(dayBefore);
            assertThat(json(ServingFixtures.get(again.httpPort(), "/api/search?q=" + enc("sentence cites a retrieved passage")))
                    .path("hits").get(0).path("paper").path("id").asText()).isEqualTo(ServingFixtures.id(4));
        }
    }

    /** A reader's path in Chromium: the dashboard, a click on a paper, search, the daily list, a topic, on a desktop and a phone. */
    private static void browse(int port) throws Exception {
        String chromium = Browser.executable();
        assumeTrue(chromium != null, "chromium is not installed (CI installs Debian's chromium package): skipping the browser part");
        String base = "http://127.0.0.1:" + port;
        Path profile = Files.createTempDirectory("reader-it-chromium");
        try (Browser browser = Browser.start(chromium, profile, 1280, 900)) {
            browser.open(base + "/?window=1h&live=0");
            Awaitility.await("the board's rows").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> browser.eval("document.querySelectorAll('#rows tr').length"), n -> Integer.parseInt(n) >= 3);
            assertThat(browser.eval("document.querySelector('#rows .meta .id').textContent")).as("ids as readers know them").startsWith("arXiv:2611.");
            String clicked = browser.eval("document.querySelector('#rows a.title').textContent");
            browser.screenshot(Path.of("target", "reader-dashboard.png"));
            browser.click("#rows a.title");
            Awaitility.await("the paper's page").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> browser.eval("location.pathname + '|' + document.readyState"), v -> v.startsWith("/papers/") && v.endsWith("|complete"));
            assertThat(browser.eval("document.querySelector('h1').textContent")).isEqualTo(clicked);
            assertThat(browser.eval("document.querySelector('.abstract p').textContent")).startsWith("We study ");
            assertThat(browser.eval("document.querySelector('.links a').href")).startsWith("https://arxiv.org/abs/2611.");
            String shownId = browser.eval("decodeURIComponent(location.pathname.substring('/papers/'.length))");
            assertThat(browser.eval("document.querySelectorAll('.similar li a.title').length")).as("the similar papers the API gives")
                    .isEqualTo(String.valueOf(json(ServingFixtures.get(port, "/api/papers/" + shownId)).path("similar").size()));
            browser.open(base + "/papers/" + ServingFixtures.id(9));
            assertThat(browser.eval("document.querySelector('.similar li a.title').textContent")).isEqualTo(ServingFixtures.TITLES[0]);
            browser.screenshot(Path.of("target", "reader-paper.png"));

            browser.open(base + "/search?q=" + enc("four-bit weights on a phone"));
            assertThat(browser.eval("document.querySelector('.hits a.title').textContent")).isEqualTo(ServingFixtures.TITLES[9]);
            browser.screenshot(Path.of("target", "reader-search.png"));

            browser.open(base + "/daily");
            Awaitility.await("redirected to today").atMost(Duration.ofSeconds(10)).until(() -> browser.eval("location.pathname"),
                    p -> p.equals("/daily/" + LocalDate.now(ZoneOffset.UTC)));
            List<String> titles = JSON.readValue(browser.eval("JSON.stringify([...document.querySelectorAll('table.daily a.title')].map(a => a.textContent))"),
                    JSON.getTypeFactory().constructCollectionType(List.class, String.class));
            assertThat(titles).containsExactlyInAnyOrder(ServingFixtures.TITLES);
            browser.screenshot(Path.of("target", "reader-daily.png"));

            browser.click("a[href='/topics/graph%20neural%20network']");
            Awaitility.await("the topic's page").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> browser.eval("location.pathname + '|' + document.readyState"), v -> v.startsWith("/topics/") && v.endsWith("|complete"));
            assertThat(browser.eval("document.querySelector('h1').textContent")).isEqualTo("Graph Neural Networks");
            assertThat(browser.eval("document.querySelector('ol.list a.title').textContent")).isEqualTo(ServingFixtures.TITLES[3]);
            browser.screenshot(Path.of("target", "reader-topic.png"));

            browser.viewport(390, 844, true);
            browser.open(base + "/papers/" + GNN);
            assertThat(browser.eval("document.documentElement.scrollWidth <= window.innerWidth + 1")).as("no sideways scrolling on a phone").isEqualTo("true");
            browser.screenshot(Path.of("target", "reader-phone.png"));
        }
    }

    private static JsonNode awaitDaily(int port) {
        return awaitJson(port, "/api/daily", d -> d.path("complete").asBoolean() && d.path("entries").size() == ServingFixtures.TITLES.length
                && d.path("entries").get(0).path("counts").path("score").asDouble() > 0);
    }

    private static JsonNode awaitJson(int port, String path, java.util.function.Predicate<JsonNode> ready) {
        return Awaitility.await(path).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            HttpResponse<String> r = ServingFixtures.get(port, path);
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        }, j -> j != null && ready.test(j));
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static List<String> ids(JsonNode entries) {
        List<String> out = new ArrayList<>();
        entries.forEach(e -> out.add(e.path("paper").path("id").asText()));
        return out;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
