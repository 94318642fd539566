package io.papertrends.trend.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.papertrends.avro.Movement;
import io.papertrends.avro.TrendingEntry;
import io.papertrends.avro.TrendingUpdate;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.papertrends.service.ApiAccess;
import io.papertrends.service.ApiKeys;
import io.papertrends.service.RateLimiter;
import io.papertrends.testing.PlainAvroSerdes;
import io.papertrends.topics.Topics;
import io.papertrends.trend.api.KeywordSuggestionsView;
import io.papertrends.trend.api.KeywordsView;
import io.papertrends.trend.api.PaperView;
import io.papertrends.trend.api.QueryException;
import io.papertrends.trend.api.TrendReader;
import io.papertrends.trend.api.TrendingView;
import io.papertrends.trend.core.Scopes;
import io.papertrends.trend.ranking.KeywordSuggestions;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The routes over an in-memory reader: validation, JSON shapes, errors, limits, the live stream. */
class TrendHttpTest {
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> asked = new ArrayList<>();
    private final AtomicReference<TrendReader> reader = new AtomicReference<>();
    private LiveUpdates live;
    private Javalin app;

    static TrendingUpdate update() {
        return update("global");
    }

    static TrendingUpdate update(String scope) {
        return TrendingUpdate.newBuilder().setScope(scope).setWindow("24h")
                .setEntries(List.of(
                        TrendingEntry.newBuilder().setRank(1).setPreviousRank(3).setMovement(Movement.UP).setPaperId("arxiv:1")
                                .setTitle("First").setKeyphrases(List.of("Graph Neural Networks", "Transformers", "graphs")).setScore(9.5).setObserved(40).setExpected(4)
                                .setGrowth(10).setDecay(0.95).setEvents(44).setReaders(40).build(),
                        TrendingEntry.newBuilder().setRank(2).setPreviousRank(null).setMovement(Movement.NEW).setPaperId("doi:10.1/x")
                                .setTitle(null).setScore(2).setObserved(4).setExpected(2).setGrowth(2).setDecay(1)
                                .setEvents(4).setReaders(3).build()))
                .setLeft(List.of("arxiv:9"))
                .setGeneratedAt(Instant.parse("2026-11-26T10:00:01Z")).setAsOf(Instant.parse("2026-11-26T09:59:00Z")).build();
    }

    /** The keyword the reader ranks in every window, in its stored form. */
    private static final String GNN = "keyword:graph neural network";
    /** A keyword ranked in the 7d window only. */
    private static final String TRANSFORM = "keyword:transform";

    private final class Memory implements TrendReader {
        @Override
        public TrendingView ranking(String window, String scope, int limit, boolean forwarded) {
            asked.add("ranking " + window + " " + scope + " " + limit + " " + forwarded);
            boolean ranked = scope.equals("global") || scope.equals(GNN) || scope.equals(TRANSFORM) && window.equals("7d");
            return ranked ? TrendingView.of(update(scope), limit) : TrendingView.empty(window, scope);
        }

        @Override
        public PaperView paper(String id, boolean forwarded) {
            asked.add("paper " + id);
            if (!id.equals("doi:10.1/x")) {
                throw new QueryException(404, "UNKNOWN_PAPER", "no paper " + id, 0);
            }
            return new PaperView(id, "X", List.of("X"), List.of("keyword:x"), Map.of("keyword:x", "X"), List.of(new PaperView.Window("24h", 4, null, 4, 3,
                    "2026-11-26T09:59:00Z", List.of(new PaperView.Point("2026-11-26T09:00:00Z", 1.5)))));
        }

        @Override
        public KeywordsView keywords(String window, boolean forwarded) {
            throw new QueryException(503, "KEYWORDS_NOT_AVAILABLE", "keywords not available", 0);
        }

        @Override
        public KeywordSuggestionsView keywordSuggestions(String window, String query, int limit, boolean forwarded) {
            asked.add("suggestions " + window + " " + query + " " + forwarded);
            List<KeywordSuggestions.Known> known = window.equals("7d")
                    ? List.of(new KeywordSuggestions.Known("graph neural network", "Graph Neural Networks", 4),
                            new KeywordSuggestions.Known("transform", "Transformers", 5))
                    : List.of(new KeywordSuggestions.Known("graph neural network", "Graph Neural Networks", 2),
                            new KeywordSuggestions.Known("graph transform", "Graph Transformers", 1));
            return new KeywordSuggestionsView(query, window, KeywordSuggestions.suggest(Scopes.keywordForms(query), known, limit).stream()
                    .map(s -> new KeywordSuggestionsView.Suggestion(Scopes.keyword(s.keyword().normalized()), s.keyword().phrase(),
                            s.keyword().papers()))
                    .toList());
        }
    }

    @BeforeEach
    void start() {
        start(Peers.OPEN);
    }

    private void start(Peers peers) {
        start(peers, null);
    }

    private void start(Peers peers, ApiAccess access) {
        live = new LiveUpdates(Map.of("bootstrap.servers", "127.0.0.1:1"), new Topics("", new PlainAvroSerdes()), json, 2, 4, "test");
        app = TrendHttp.routing(Javalin.create(c -> c.showJavalinBanner = false), new Params(List.of("1h", "24h", "7d"), "24h", 50),
                reader::get, live, json, peers, access, "http://notify.example.org/subscriptions");
        app.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.path("reasonCode").asText()).isEqualTo(code);
        assertThat(body.path("reason").asText()).isNotBlank();
    }

    @Test
    void shouldAnswer503UntilTheQueriesAreAttached() throws Exception {
        HttpResponse<String> starting = get("/api/trending");
        assertError(starting, 503, "UNAVAILABLE");
        assertThat(starting.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void shouldMapTheRankingToPlainJson() throws Exception {
        reader.set(new Memory());
        HttpResponse<String> response = get("/api/trending?window=24h&scope=global&limit=20");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("window").asText()).isEqualTo("24h");
        assertThat(body.path("scopeDisplay").asText()).isEqualTo("All papers");
        assertThat(body.path("generatedAt").asText()).isEqualTo("2026-11-26T10:00:01Z");
        assertThat(body.path("left").get(0).asText()).isEqualTo("arxiv:9");
        JsonNode first = body.path("entries").get(0);
        assertThat(first.path("rank").asInt()).isEqualTo(1);
        assertThat(first.path("url").asText()).as("the reader page, by the id rule").isEqualTo("https://arxiv.org/abs/1");
        assertThat(body.path("entries").get(1).path("url").asText()).isEqualTo("https://doi.org/10.1/x");
        assertThat(first.path("previousRank").asInt()).isEqualTo(3);
        assertThat(first.path("movement").asText()).isEqualTo("UP");
        assertThat(first.path("title").asText()).isEqualTo("First");
        assertThat(first.path("score").asDouble()).isEqualTo(9.5);
        assertThat(first.path("parts").path("growth").asDouble()).isEqualTo(10);
        assertThat(first.path("parts").path("readers").asLong()).isEqualTo(40);
        JsonNode second = body.path("entries").get(1);
        assertThat(second.path("previousRank").isNull()).isTrue();
        assertThat(second.path("title").isNull()).isTrue();
        assertThat(response.body()).doesNotContain("schema", "SCHEMA$", "specificData");
        // The JSON answer reads back into the same view: what another instance forwards is what it answers.
        assertThat(json.readValue(response.body(), TrendingView.class)).isEqualTo(TrendingView.of(update(), 20));

        assertThat(json.readTree(get("/api/trending?limit=1").body()).path("entries")).hasSize(1);
        assertThat(asked).contains("ranking 24h global 20 false", "ranking 24h global 1 false");
    }

    @Test
    void shouldAnswerAnUnknownKeywordWith404AndTheKnownKeywordsItMayHaveMeant() throws Exception {
        reader.set(new Memory());
        HttpResponse<String> response = get("/api/trending?window=1h&scope=keyword:Graph%20Neural%20Netwroks");
        assertError(response, 404, "UNKNOWN_KEYWORD");
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("reason").asText()).contains("keyword:graph neural netwrok", "Graph Neural Netwroks");
        JsonNode first = body.path("suggestions").get(0);
        assertThat(first.path("scope").asText()).isEqualTo(GNN);
        assertThat(first.path("phrase").asText()).isEqualTo("Graph Neural Networks");
        assertThat(first.path("papers").asLong()).as("its most papers over the windows").isEqualTo(4);
        assertThat(asked).as("no ranking in any window, then the known keywords of every window").contains(
                "ranking 1h keyword:graph neural netwrok 20 false", "ranking 24h keyword:graph neural netwrok 1 false",
                "ranking 7d keyword:graph neural netwrok 1 false", "suggestions 1h Graph Neural Netwroks false",
                "suggestions 24h Graph Neural Netwroks false", "suggestions 7d Graph Neural Netwroks false");

        assertError(get("/feeds/trending.atom?scope=keyword:graph%20neural%20netwroks"), 404, "UNKNOWN_KEYWORD");
        assertThat(json.readTree(get("/api/trending?scope=keyword:quantum%20chemistry").body()).path("suggestions")).isEmpty();
        assertThat(json.readTree(get("/api/trending?scope=global").body()).has("suggestions")).isFalse();
        assertThat(get("/api/trending?scope=category:nothing").statusCode()).as("categories are not keywords").isEqualTo(200);
    }

    @Test
    void shouldAnswerAKeywordRankedInAnotherWindowWithAnEmptyRankingThatReadsAsThere() throws Exception {
        reader.set(new Memory());
        HttpResponse<String> response = get("/api/trending?window=24h&scope=keyword:Transformers");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("scope").asText()).isEqualTo(TRANSFORM);
        assertThat(body.path("scopeDisplay").asText()).isEqualTo("Transformers");
        assertThat(body.path("entries")).isEmpty();
    }

    @Test
    void shouldAnswerAForwardedQueryForItsStoredScopeFromLocalStateOnly() throws Exception {
        reader.set(new Memory());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
                + "/api/trending?window=1h&scope=keyword:graph%20neural%20netwrok")).header(TrendReader.FORWARDED_HEADER, "peer").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).path("entries")).isEmpty();
        assertThat(asked).containsExactly("ranking 1h keyword:graph neural netwrok 20 true");
    }

    @Test
    void shouldSuggestKnownKeywordsOfOneWindowOrAll() throws Exception {
        reader.set(new Memory());
        JsonNode all = json.readTree(get("/api/keywords/suggestions?q=Graph").body());
        assertThat(all.path("query").asText()).isEqualTo("Graph");
        assertThat(all.path("window").isNull()).isTrue();
        List<String> scopes = new ArrayList<>();
        all.path("suggestions").forEach(s -> scopes.add(s.path("scope").asText()));
        assertThat(scopes).containsExactly("keyword:graph transform", GNN);
        JsonNode week = json.readTree(get("/api/keywords/suggestions?q=keyword:transformers&window=7d&limit=1").body());
        assertThat(week.path("suggestions")).hasSize(1);
        assertThat(week.path("suggestions").get(0).path("phrase").asText()).isEqualTo("Transformers");
        assertError(get("/api/keywords/suggestions?q=%20"), 400, "BAD_QUERY");
        assertError(get("/api/keywords/suggestions?q=graph&limit=11"), 400, "BAD_LIMIT");
    }

    @Test
    void shouldAnswerAKeywordAsAPersonTypesItWithTheRankingOfItsStoredForm() throws Exception {
        reader.set(new Memory());
        JsonNode stored = json.readTree(get("/api/trending?scope=keyword:graph%20neural%20network").body());
        assertThat(stored.path("entries")).hasSize(2);
        for (String typed : List.of("Graph%20Neural%20Networks", "graph%20neural%20networks", "GRAPH%20NEURAL%20NETWORK")) {
            HttpResponse<String> response = get("/api/trending?scope=keyword:" + typed);
            assertThat(response.statusCode()).as(typed).isEqualTo(200);
            JsonNode body = json.readTree(response.body());
            assertThat(body.path("scope").asText()).as(typed).isEqualTo(GNN);
            assertThat(body.path("scopeDisplay").asText()).as("the display form, not the stems").isEqualTo("Graph Neural Networks");
            assertThat(body.path("entries")).as(typed).isEqualTo(stored.path("entries"));
        }
        assertThat(asked).as("lower case as typed is looked up as given first").containsSubsequence(
                "ranking 24h keyword:graph neural networks 20 false", "ranking 24h " + GNN + " 20 false");
        HttpResponse<String> feed = get("/feeds/trending.atom?scope=keyword:Graph%20Neural%20Networks");
        assertThat(feed.body()).contains("<title>First</title>", "scope=keyword%3Agraph+neural+network",
                "<title>Trending papers: Graph Neural Networks, last 24h</title>");
    }

    @Test
    void shouldRejectBadParametersWithAReason() throws Exception {
        reader.set(new Memory());
        assertError(get("/api/trending?window=2h"), 400, "BAD_WINDOW");
        assertError(get("/api/trending?scope=everything"), 400, "BAD_SCOPE");
        assertError(get("/api/trending?limit=0"), 400, "BAD_LIMIT");
        assertError(get("/api/trending?limit=51"), 400, "BAD_LIMIT");
        assertError(get("/api/keywords?window=1d"), 400, "BAD_WINDOW");
        assertError(get("/feeds/trending.atom?scope=keyword:a%7Cb"), 400, "BAD_SCOPE");
        assertError(get("/api/stream?window=5m"), 400, "BAD_WINDOW");
        assertError(get("/api/trending?scope=" + "x".repeat(Params.MAX_QUERY_STRING)), 414, "QUERY_TOO_LONG");
        assertThat(asked).isEmpty();
    }

    @Test
    void shouldRefuseRequestBodies() throws Exception {
        reader.set(new Memory());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/trending"))
                .method("GET", HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build(), HttpResponse.BodyHandlers.ofString());
        assertError(response, 413, "BODY_NOT_ACCEPTED");
    }

    @Test
    void shouldAnswerPapersWithSlashesInTheirIdAnd404ForUnknownOnes() throws Exception {
        reader.set(new Memory());
        HttpResponse<String> paper = get("/api/papers/doi:10.1/x");
        assertThat(paper.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(paper.body());
        assertThat(body.path("id").asText()).isEqualTo("doi:10.1/x");
        assertThat(body.path("scopeDisplays").path("keyword:x").asText()).isEqualTo("X");
        assertThat(body.path("windows").get(0).path("baseline").isNull()).isTrue();
        assertThat(body.path("windows").get(0).path("history").get(0).path("score").asDouble()).isEqualTo(1.5);
        assertError(get("/api/papers/arxiv:404"), 404, "UNKNOWN_PAPER");
        assertError(get("/api/keywords?window=24h"), 503, "KEYWORDS_NOT_AVAILABLE");
    }

    @Test
    void shouldServeTheFeedAndDashboardButNotHealthOrMetrics() throws Exception {
        reader.set(new Memory());
        HttpResponse<String> feed = get("/feeds/trending.atom?window=24h&scope=global");
        assertThat(feed.statusCode()).isEqualTo(200);
        assertThat(feed.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/atom+xml"));
        assertThat(feed.body()).contains("<title>First</title>", "href=\"http://127.0.0.1:" + app.port() + "/feeds/trending.atom?window=24h&amp;scope=global\"");

        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script src=\"/assets/app.js\"></script>").doesNotContain("https://", "http://");
        assertThat(get("/assets/app.js").body()).contains("EventSource");
        assertThat(get("/assets/style.css").statusCode()).isEqualTo(200);
        assertThat(json.readTree(get("/api/windows").body()).path("windows").toString()).isEqualTo("[\"1h\",\"24h\",\"7d\"]");
        assertThat(json.readTree(get("/api/windows").body()).path("subscribe").asText()).isEqualTo("http://notify.example.org/subscriptions");
        assertThat(get("/healthz").statusCode()).as("health is on the management port").isEqualTo(404);
        assertThat(get("/metrics").statusCode()).as("metrics are on the management port").isEqualTo(404);
        assertThat(get("/api/trending").headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void shouldPushMatchingUpdatesToStreamClientsAndBoundTheirNumber() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/stream?window=24h&scope=global"))
                .header("Accept", "text/event-stream").build();
        assertError(get("/api/stream"), 406, "NOT_EVENT_STREAM");
        HttpResponse<InputStream> stream = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> live.clients() == 1);
        HttpResponse<InputStream> second = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> live.clients() == 2);
        HttpResponse<String> third = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertError(third, 503, "TOO_MANY_CLIENTS");
        second.body().close();

        live.publish(new LiveUpdates.Event("update", "1h", "global", "{\"skip\":\"other window\"}"));
        live.publish(new LiveUpdates.Event("update", "24h", "keyword:x", "{\"skip\":\"other scope\"}"));
        live.publish(new LiveUpdates.Event("update", "24h", "global", json.writeValueAsString(TrendingView.of(update(), 50))));
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String event = null;
            String data = null;
            for (String line = lines.readLine(); line != null && data == null; line = lines.readLine()) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
            assertThat(event).isEqualTo("update");
            assertThat(json.readValue(data, TrendingView.class).entries()).hasSize(2);
        }
    }

    @Test
    void shouldStreamTheUpdatesOfEveryStoredNameAKeywordMayMean() throws Exception {
        LiveUpdates.Client client = live.connect("24h", new Params(List.of("24h"), "24h", 50).scope("keyword:transformers").names());
        live.publish(new LiveUpdates.Event("update", "24h", "keyword:transformer", "{}"));
        live.publish(new LiveUpdates.Event("update", "24h", "keyword:transform", "{\"n\":1}"));
        assertThat(client.next(Duration.ofSeconds(1)).json()).isEqualTo("{\"n\":1}");
    }

    @Test
    void shouldDropAClientThatFallsBehind() {
        LiveUpdates.Client slow = live.connect(null, null);
        for (int i = 0; i < 4; i++) {
            live.publish(new LiveUpdates.Event("update", "24h", "global", "{}"));
        }
        assertThat(slow.dropped()).isFalse();
        live.publish(new LiveUpdates.Event("update", "24h", "global", "{}"));
        assertThat(slow.dropped()).isTrue();
        assertThat(live.clients()).isZero();
        assertThat(TrendReader.FORWARDED_HEADER).startsWith("X-");
    }

    @Test
    void shouldHonourTheForwardingMarkOnlyWithThePeerSecretAndLinkFromThePublicUrl() throws Exception {
        app.stop();
        start(new Peers("s3cret", "https://trends.example.org"));
        reader.set(new Memory());
        for (String mark : List.of("forged", "s3cret")) {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/trending?window=24h"))
                    .header(TrendReader.FORWARDED_HEADER, mark).build(), HttpResponse.BodyHandlers.ofString());
        }
        assertThat(asked).containsExactly("ranking 24h global 20 false", "ranking 24h global 20 true");

        HttpResponse<String> feed = get("/feeds/trending.atom?window=24h&scope=global");
        assertThat(feed.body()).contains("href=\"https://trends.example.org/feeds/trending.atom?window=24h&amp;scope=global\"")
                .doesNotContain("127.0.0.1");
        assertThat(new Peers("s3cret", null).toString()).doesNotContain("s3cret");
    }

    @Test
    void shouldAskForAKeyOnTheApiAndFeedsWhenRequiredButNotFromAPeerWithTheSecret() throws Exception {
        app.stop();
        String key = ApiKeys.newKey(new SecureRandom());
        Peers peers = new Peers("s3cret", null);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        start(peers, new ApiAccess(ApiKeys.parse(ApiKeys.entry("dashboard", key)), true, new RateLimiter(0, 0, 10, System::nanoTime), meters,
                ctx -> peers.fromPeer(ctx.header(TrendReader.FORWARDED_HEADER))));
        reader.set(new Memory());
        for (String path : List.of("/api/trending?window=24h", "/api/papers/doi:10.1/x", "/api/keywords", "/api/windows",
                "/feeds/trending.atom", "/api/stream")) {
            HttpResponse<String> refused = get(path);
            assertError(refused, 401, "MISSING_API_KEY");
            assertThat(refused.headers().firstValue("WWW-Authenticate")).as(path).hasValue("Bearer realm=\"papertrends\"");
        }
        assertThat(get("/").statusCode()).as("the dashboard's page stays open").isEqualTo(200);
        assertThat(get("/assets/app.js").statusCode()).isEqualTo(200);
        assertThat(asked).isEmpty();

        assertThat(send("/api/trending?window=24h", "Authorization", "Bearer " + key).statusCode()).isEqualTo(200);
        assertThat(send("/api/papers/doi:10.1/x", "X-Api-Key", key).statusCode()).isEqualTo(200);
        assertError(send("/api/trending?window=24h", TrendReader.FORWARDED_HEADER, "forged"), 401, "MISSING_API_KEY");
        assertThat(send("/api/trending?window=24h", TrendReader.FORWARDED_HEADER, "s3cret").statusCode())
                .as("a peer's forwarded query carries the secret, not a key").isEqualTo(200);
        assertThat(asked).containsExactly("ranking 24h global 20 false", "paper doi:10.1/x", "ranking 24h global 20 true");
        assertThat(meters.get(ApiAccess.REFUSED).tag("reason", "missing_key").counter().count()).isEqualTo(7);
    }

    private HttpResponse<String> send(String pathAndQuery, String... headers) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + pathAndQuery)).headers(headers).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldRefuseAPublicUrlThatIsNotAnAbsoluteHttpUrl() {
        assertThat(HttpConfig.publicUrl("https://trends.example.org/")).isEqualTo("https://trends.example.org");
        assertThat(HttpConfig.publicUrl(" ")).isNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpConfig.publicUrl("trends.example.org"))
                .hasMessageContaining(HttpConfig.PUBLIC_URL);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpConfig.publicUrl("ftp://trends.example.org"))
                .hasMessageContaining("http(s)");
    }
}
