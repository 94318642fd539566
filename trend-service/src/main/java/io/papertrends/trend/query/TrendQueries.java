package io.papertrends.trend.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.papertrends.avro.TrendingKeywords;
import io.papertrends.trend.api.KeywordSuggestionsView;
import io.papertrends.trend.api.KeywordsView;
import io.papertrends.trend.api.PaperView;
import io.papertrends.trend.api.QueryException;
import io.papertrends.trend.api.TrendReader;
import io.papertrends.trend.api.TrendingView;
import io.papertrends.trend.core.CompositeKey;
import io.papertrends.trend.core.KeywordSummary;
import io.papertrends.trend.core.PaperKey;
import io.papertrends.trend.core.Scopes;
import io.papertrends.trend.core.TrendState.Closed;
import io.papertrends.trend.core.TrendState.PaperMeta;
import io.papertrends.trend.core.TrendState.PaperState;
import io.papertrends.trend.core.TrendState.Ranking;
import io.papertrends.trend.core.TrendStores;
import io.papertrends.trend.ranking.KeywordSuggestions;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interactive queries over the trend service's state, answered the same by every instance: from
 * local state when this instance hosts the key, otherwise by forwarding the same API request to
 * the instance that does ({@code application.server}), marked with {@link TrendReader#FORWARDED_HEADER} so
 * that it is never forwarded twice. When the active host cannot be reached, a standby replica
 * answers if there is one; while the state is moving (rebalance) the answer is a 503 with
 * {@code Retry-After}.
 */
public final class TrendQueries implements TrendReader {

    private static final Logger log = LoggerFactory.getLogger(TrendQueries.class);
    private static final Serializer<String> KEYS = Serdes.String().serializer();

    private final KafkaStreams streams;
    private final HostInfo self;
    private final Set<String> stores;
    private final List<String> windows;
    private final HttpClient http;
    private final Duration timeout;
    private final ObjectMapper json;
    private final String mark;

    /**
     * @param self      this instance's {@code application.server}
     * @param topology  the topology {@code streams} runs (which stores exist)
     * @param windows   the configured window names, in display order
     * @param timeout   how long a forwarded request may take
     * @param mark      the value of the forwarding header of the queries this instance forwards (the peer secret, when configured)
     */
    public TrendQueries(KafkaStreams streams, HostInfo self, Topology topology, List<String> windows, Duration timeout, ObjectMapper json,
                        String mark) {
        this.mark = mark;
        this.streams = streams;
        this.self = self;
        this.stores = storeNames(topology);
        this.windows = List.copyOf(windows);
        this.timeout = timeout;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    static Set<String> storeNames(Topology topology) {
        Set<String> out = new LinkedHashSet<>();
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Processor p) {
                    out.addAll(p.stores());
                }
            }
        }
        return out;
    }

    @Override
    public TrendingView ranking(String window, String scope, int limit, boolean forwarded) {
        String key = new CompositeKey(window, scope).encode();
        String path = "/api/trending?window=" + encode(window) + "&scope=" + encode(scope) + "&limit=" + limit;
        return query(TrendStores.RANKINGS_STORE, key, forwarded, path, TrendingView.class, stale -> {
            ReadOnlyKeyValueStore<String, Ranking> store = store(TrendStores.RANKINGS_STORE, key, stale);
            Ranking ranking = store.get(key);
            return ranking == null || ranking.view() == null ? TrendingView.empty(window, scope) : TrendingView.of(ranking.view(), limit);
        });
    }

    @Override
    public PaperView paper(String id, boolean forwarded) {
        return query(TrendStores.META_STORE, id, forwarded, "/api/papers/" + encodePath(id), PaperView.class, stale -> {
            PaperMeta meta = this.<PaperMeta>store(TrendStores.META_STORE, id, stale).get(id);
            List<PaperView.Window> perWindow = new ArrayList<>();
            ReadOnlyKeyValueStore<String, PaperState> papers = store(TrendStores.PAPER_STORE, id, stale);
            try (KeyValueIterator<String, PaperState> it = papers.prefixScan(PaperKey.prefix(id), KEYS)) {
                it.forEachRemaining(kv -> perWindow.add(window(PaperKey.parse(kv.key).window(), kv.value)));
            }
            if (meta == null && perWindow.isEmpty()) {
                throw new QueryException(404, "UNKNOWN_PAPER", "no paper " + id + " is known to the trend service", 0);
            }
            perWindow.sort(Comparator.comparingInt(w -> {
                int i = windows.indexOf(w.window());
                return i < 0 ? Integer.MAX_VALUE : i;
            }));
            Map<String, String> displays = new LinkedHashMap<>();
            if (meta != null) {
                meta.scopes().forEach(scope -> displays.put(scope, Scopes.display(scope, List.of(meta.keyphrases()))));
            }
            return new PaperView(id, meta == null ? null : meta.title(), meta == null ? List.of() : meta.keyphrases(),
                    meta == null ? List.of() : meta.scopes(), displays, perWindow);
        });
    }

    @Override
    public KeywordsView keywords(String window, boolean forwarded) {
        if (!stores.contains(TrendStores.KEYWORD_RANKINGS_STORE)) {
            throw new QueryException(503, "KEYWORDS_NOT_AVAILABLE", "keywords not available: this trend service does not rank keyphrases", 0);
        }
        return query(TrendStores.KEYWORD_RANKINGS_STORE, window, forwarded, "/api/keywords?window=" + encode(window), KeywordsView.class, stale -> {
            TrendingKeywords keywords = this.<TrendingKeywords>store(TrendStores.KEYWORD_RANKINGS_STORE, window, stale).get(window);
            return keywords == null ? KeywordsView.empty(window) : KeywordsView.of(keywords);
        });
    }

    /**
     * Suggestions come from the keywords the keyword stage keeps per window in
     * {@value TrendStores#KEYWORD_SCORES_STORE} (at most 10·K, the best-scoring, each with its
     * display form): one key per window, held by one task, found and forwarded like
     * {@link #keywords}.
     */
    @Override
    public KeywordSuggestionsView keywordSuggestions(String window, String typed, int limit, boolean forwarded) {
        if (!stores.contains(TrendStores.KEYWORD_SCORES_STORE)) {
            return new KeywordSuggestionsView(typed, window, List.of());
        }
        String path = "/api/keywords/suggestions?window=" + encode(window) + "&q=" + encode(typed) + "&limit=" + limit;
        return query(TrendStores.KEYWORD_SCORES_STORE, window, forwarded, path, KeywordSuggestionsView.class, stale -> {
            List<KeywordSuggestions.Known> known = new ArrayList<>();
            ReadOnlyKeyValueStore<String, KeywordSummary> summaries = store(TrendStores.KEYWORD_SCORES_STORE, window, stale);
            try (KeyValueIterator<String, KeywordSummary> it = summaries.prefixScan(CompositeKey.prefix(window), KEYS)) {
                it.forEachRemaining(kv -> {
                    if (!kv.value.isEmpty()) {
                        known.add(new KeywordSuggestions.Known(kv.value.normalized(), kv.value.phrase(), kv.value.papers()));
                    }
                });
            }
            List<KeywordSuggestionsView.Suggestion> out = new ArrayList<>();
            for (KeywordSuggestions.Suggestion s : KeywordSuggestions.suggest(Scopes.keywordForms(typed), known, limit)) {
                out.add(new KeywordSuggestionsView.Suggestion(Scopes.keyword(s.keyword().normalized()), s.keyword().phrase(), s.keyword().papers()));
            }
            return new KeywordSuggestionsView(typed, window, out);
        });
    }

    private static PaperView.Window window(String window, PaperState s) {
        List<PaperView.Point> history = new ArrayList<>(s.history().size());
        for (Closed c : s.history()) {
            history.add(new PaperView.Point(Instant.ofEpochMilli(c.endMs()).toString(), c.score()));
        }
        return new PaperView.Window(window, s.observed(), Double.isNaN(s.baseline()) ? null : s.baseline(), s.events(), s.readers(),
                s.active() ? Instant.ofEpochMilli(s.asOfMs()).toString() : null, history);
    }

    /**
     * Answers from local state when this instance hosts {@code key} in {@code storeName} (or when
     * the request was forwarded here), else from the active host, else from a standby.
     *
     * @param local answers from this instance's stores; its argument: whether a standby's (stale) store may answer
     */
    private <T> T query(String storeName, String key, boolean forwarded, String path, Class<T> type, Function<Boolean, T> local) {
        if (forwarded) {
            return local(local, true);
        }
        KeyQueryMetadata where = metadata(storeName, key);
        if (self.equals(where.activeHost())) {
            return local(local, false);
        }
        Forwarded<T> active = forward(where.activeHost(), path, type);
        if (active.failure() == null) {
            return active.answer();
        }
        if (active.failure().status() != 503) {
            throw active.failure();
        }
        for (HostInfo standby : where.standbyHosts()) {
            if (standby.equals(self)) {
                try {
                    return local(local, true);
                } catch (QueryException e) {
                    continue;
                }
            }
            Forwarded<T> replica = forward(standby, path, type);
            if (replica.failure() == null) {
                return replica.answer();
            }
        }
        throw active.failure();
    }

    /** What another instance answered: the answer, or why there is none. */
    private record Forwarded<T>(T answer, QueryException failure) { }

    private <T> T local(Function<Boolean, T> local, boolean staleAllowed) {
        try {
            return local.apply(staleAllowed);
        } catch (InvalidStateStoreException e) {
            throw QueryException.unavailable("the trend service's state is moving between instances (rebalancing); try again shortly");
        }
    }

    private KeyQueryMetadata metadata(String storeName, String key) {
        KeyQueryMetadata where;
        try {
            where = streams.queryMetadataForKey(storeName, key, KEYS);
        } catch (IllegalStateException e) {
            throw QueryException.unavailable("the trend service is not running yet: " + e.getMessage());
        }
        if (where == null || where.equals(KeyQueryMetadata.NOT_AVAILABLE) || where.activeHost() == null
                || where.activeHost().equals(HostInfo.unavailable())) {
            throw QueryException.unavailable("no instance hosts this state right now (rebalancing); try again shortly");
        }
        return where;
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, String key, boolean staleAllowed) {
        KeyQueryMetadata where = streams.queryMetadataForKey(name, key, KEYS);
        StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> params =
                StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore());
        if (where != null && where.partition() >= 0) {
            params = params.withPartition(where.partition());
        }
        if (staleAllowed) {
            params = params.enableStaleStores();
        }
        return streams.store(params);
    }

    /** Sends {@code path} to {@code host}. */
    private <T> Forwarded<T> forward(HostInfo host, String path, Class<T> type) {
        URI uri = URI.create("http://" + host.host() + ':' + host.port() + path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header(TrendReader.FORWARDED_HEADER, mark)
                .header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            log.debug("forwarding {} to {} failed: {}", path, host, e.toString());
            return new Forwarded<>(null, QueryException.unavailable("the instance holding this state (" + host.host() + ':' + host.port()
                    + ") cannot be reached; try again shortly"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Forwarded<>(null, QueryException.unavailable("interrupted while asking " + host.host() + ':' + host.port()));
        }
        try {
            if (response.statusCode() == 200) {
                return new Forwarded<>(json.readValue(response.body(), type), null);
            }
            JsonNode error = json.readTree(response.body());
            String code = error.path("reasonCode").asText("UNAVAILABLE");
            String reason = error.path("reason").asText("instance " + host.host() + ':' + host.port() + " answered " + response.statusCode());
            int status = response.statusCode() == 404 || response.statusCode() == 400 ? response.statusCode() : 503;
            return new Forwarded<>(null, new QueryException(status, code, reason, status == 503 ? 1 : 0));
        } catch (IOException e) {
            return new Forwarded<>(null, QueryException.unavailable("instance " + host.host() + ':' + host.port() + " answered "
                    + response.statusCode() + " with an unreadable body"));
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // '/' stays as it is: the server rejects an encoded one as ambiguous, and the route takes the rest of the path as the id.
    private static String encodePath(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }
}
