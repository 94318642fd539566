package io.papertrends.trend;

import io.papertrends.avro.EnrichedPaper;
import io.papertrends.avro.EventCounts;
import io.papertrends.avro.Keyphrase;
import io.papertrends.avro.Paper;
import io.papertrends.avro.PaperPopularity;
import io.papertrends.config.Settings;
import io.papertrends.keywords.KeywordNormalizer;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.registry.SchemaRegistryClient;
import io.papertrends.service.ApiKeys;
import io.papertrends.service.ManagementServer;
import io.papertrends.service.RateLimiter;
import io.papertrends.stack.LocalStack;
import io.papertrends.streams.StreamsSettings;
import io.papertrends.topics.Topics;
import io.papertrends.trend.core.TrendConfig;
import io.papertrends.trend.http.HttpConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;

/**
 * Topics and data for the serving tests: papers with readable titles and keyphrases, six closed
 * hours of history each, then a current window in which a few papers burst.
 */
final class ServingFixtures {
    static final String[] TITLES = {
        "Sparse Mixture-of-Experts Routing for Long-Context Language Models",
        "Diffusion Policies for Dexterous Robotic Manipulation",
        "Self-Supervised Speech Representations Across 400 Languages",
        "Graph Neural Networks for Protein Complex Prediction",
        "Retrieval-Augmented Generation with Verifiable Citations",
        "Scaling Laws for Vision Transformers on Satellite Imagery",
        "Efficient Fine-Tuning with Low-Rank Adapters at Scale",
        "Reinforcement Learning from Human Feedback without Reward Models",
        "Neural Radiance Fields for Dynamic Urban Scenes",
        "Quantized Inference of Large Language Models on Phones",
        "Causal Discovery in Time Series with Latent Confounders",
        "Benchmarking Code Generation on Real Repository Tasks",
    };
    /** Keyphrases as the papers write them; their normalised forms are computed as enrich computes them. */
    static final String[][] PHRASES = {
        {"Mixture-of-Experts", "Long Context"}, {"Diffusion Policies", "Robotic Manipulation"}, {"Speech Representations", "multilingual"},
        {"Graph Neural Networks", "Protein Complexes"}, {"Retrieval-Augmented Generation", "Citations"}, {"Vision Transformers", "Satellite Imagery"},
        {"Low-Rank Adapters", "fine-tuning"}, {"Human Feedback", "Reward Models"}, {"Neural Radiance Fields", "Urban Scenes"},
        {"Quantized Inference", "Large Language Models"}, {"Causal Discovery", "Time Series"}, {"Code Generation", "Benchmarking"},
    };
    /** A finding of each paper, written into its abstract so a search can find the paper by it. */
    static final String[] FINDINGS = {
        "routing tokens to two experts halves the memory traffic of long prompts",
        "policies trained from forty demonstrations fold towels and open drawers",
        "a single encoder transcribes speech in four hundred languages",
        "predicted interfaces match crystal structures of antibody complexes",
        "every generated sentence cites a retrieved passage that supports it",
        "error falls as a power law of model size on satellite tiles",
        "adapters of rank eight match full fine-tuning on reading comprehension",
        "preference pairs replace the reward model without losing helpfulness",
        "moving cars and pedestrians are rendered from sparse street views",
        "four-bit weights run a seven billion parameter model on a phone",
        "hidden confounders are recovered from irregularly sampled sensors",
        "agents resolve issues from real repositories with their tests",
    };
    /** The API key every request of {@link #get} carries (instances require it only when {@link #secured} says so). */
    static final String API_KEY = ApiKeys.newKey(new SecureRandom());
    /** Papers whose activity bursts in the current window (indexes into {@link #TITLES}). */
    static final int[] BURSTS = {3, 7, 10};

    private final LocalStack stack;
    final String prefix;
    final Topics topics;
    final Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);

    ServingFixtures(LocalStack stack, String name) {
        this.stack = stack;
        this.prefix = name + "-" + System.nanoTime() + "-";
        this.topics = new Topics(prefix, new SchemaRegistryClient(RegistryConfig.of(stack.schemaRegistryUrl())));
    }

    /** The ids of the papers with planted bursts. */
    static List<String> burstIds() {
        List<String> out = new ArrayList<>();
        for (int b : BURSTS) {
            out.add(id(b));
        }
        return out;
    }

    /** The ids of the first three entries of a ranking answer (none unless it is a 200). */
    static List<String> topIds(HttpResponse<String> response) throws java.io.IOException {
        if (response.statusCode() != 200) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("entries").forEach(e -> out.add(e.path("paperId").asText()));
        return out.subList(0, Math.min(3, out.size()));
    }

    static String id(int i) {
        return String.format(Locale.ROOT, "arxiv:2611.%05d", i);
    }

    void createTopics(int partitions) throws Exception {
        List<String> names = List.of(topics.papersEnriched().name(), topics.paperPopularity().name(), topics.trendingUpdates().name(),
                topics.trendingKeywords().name(), topics.trendingDigest().name());
        try (Admin admin = Admin.create(stack.kafkaConfig())) {
            admin.createTopics(names.stream().map(n -> new NewTopic(n, partitions, (short) 1)).toList()).all().get(30, TimeUnit.SECONDS);
            LocalStack.awaitLeaders(admin, names);
        }
    }

    /** Settings of one trend-service instance: its own state dir, HTTP and management on free loopback ports. */
    Settings instance(Path stateDir) {
        Map<String, String> values = new HashMap<>();
        values.put("bootstrap.servers", stack.bootstrapServers());
        values.put(RegistryConfig.URL, stack.schemaRegistryUrl());
        values.put(Topics.PREFIX_CONFIG, prefix);
        values.put("application.id", prefix + "trend");
        values.put(StreamsSettings.STATE_DIR, stateDir.toString());
        values.put("commit.interval.ms", "200");
        // A stopped instance's tasks move after the session timeout: the broker's minimum, so the test stays short.
        values.put("session.timeout.ms", "6000");
        values.put("heartbeat.interval.ms", "1000");
        values.put(HttpConfig.HOST, "127.0.0.1");
        values.put(HttpConfig.PORT, "0");
        values.put(ManagementServer.PORT, "0");
        values.put(TrendConfig.TOP_K, "10");
        return Settings.of(values);
    }

    /** {@code settings} with {@link #API_KEY} required on the API, the peer secret instances forward with, and a generous limit. */
    static Settings secured(Settings settings) {
        return settings.with(ApiKeys.KEYS, ApiKeys.entry("serving-it", API_KEY)).with(ApiKeys.REQUIRED, "true")
                .with(HttpConfig.PEER_SECRET, "serving-it-peers").with(RateLimiter.RATE, "1000");
    }

    void produce() {
        List<KeyValue<String, EnrichedPaper>> papers = new ArrayList<>();
        List<KeyValue<String, PaperPopularity>> popularity = new ArrayList<>();
        for (int i = 0; i < TITLES.length; i++) {
            String id = id(i);
            Paper paper = Paper.newBuilder().setId(id).setTitle(TITLES[i]).setAbstractText(abstractText(i))
                    .setAuthors(List.of("Ada Author " + i, "Bo Writer")).setArxivId(id.substring("arxiv:".length()))
                    .setCategories(List.of(i % 2 == 0 ? "cs.CL" : "cs.LG")).setSource("jsonl").setContentHash("h" + i).setIngestedAt(now).build();
            List<Keyphrase> phrases = new ArrayList<>();
            for (String p : PHRASES[i]) {
                phrases.add(Keyphrase.newBuilder().setPhrase(p).setNormalized(KeywordNormalizer.normalize(p)).setScore(1).build());
            }
            papers.add(KeyValue.pair(id, EnrichedPaper.newBuilder().setPaper(paper).setKeyphrases(phrases).setExtractorVersion("it")
                    .setEnrichedAt(now).build()));
            boolean burst = false;
            for (int b : BURSTS) {
                burst |= b == i;
            }
            long level = 6 + i % 4 * 3;
            for (int h = 6; h >= 1; h--) {
                long wobble = (i * 7L + h * 3L) % 5;
                popularity.add(KeyValue.pair(id, window(id, now.minus(Duration.ofHours(h)), level + wobble, true)));
            }
            long current = burst ? 60 + i * 4L : level + 1 + i % 3;
            popularity.add(KeyValue.pair(id, window(id, now.plus(Duration.ofMinutes(5)), current, false)));
        }
        send(topics.papersEnriched().name(), topics.papersEnriched().valueSerde().serializer(), papers);
        send(topics.paperPopularity().name(), topics.paperPopularity().valueSerde().serializer(), popularity);
    }

    /** Paper {@code i}'s abstract: its title's subject, its keyphrases and its finding. */
    static String abstractText(int i) {
        return "We study " + TITLES[i].toLowerCase(Locale.ROOT) + ". Using " + String.join(" and ", PHRASES[i]).toLowerCase(Locale.ROOT)
                + ", we show that " + FINDINGS[i] + ".";
    }

    /**
     * Each paper's current 24-hour window (the daily lists' measure): open, ending within the
     * hour, the bursting papers most read.
     */
    void produceDaily() {
        List<KeyValue<String, PaperPopularity>> daily = new ArrayList<>();
        for (int i = 0; i < TITLES.length; i++) {
            String id = id(i);
            long readers = 10 + i * 5L;
            for (int b : BURSTS) {
                readers += b == i ? 500 : 0;
            }
            Instant end = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
            daily.add(KeyValue.pair(id, PaperPopularity.newBuilder().setPaperId(id).setWindow("24h").setWindowStart(end.minus(Duration.ofHours(24)))
                    .setWindowEnd(end).setCounts(EventCounts.newBuilder().setViews(readers * 3).setDownloads(readers).setUpvotes(readers / 5).build())
                    .setUniqueReaders(readers).setScore(readers * 2.0).setClosed(false).setUpdatedAt(now).build()));
        }
        send(topics.paperPopularity().name(), topics.paperPopularity().valueSerde().serializer(), daily);
    }

    private static PaperPopularity window(String paper, Instant end, long readers, boolean closed) {
        return PaperPopularity.newBuilder().setPaperId(paper).setWindow("1h").setWindowStart(end.minus(Duration.ofHours(1))).setWindowEnd(end)
                .setCounts(EventCounts.newBuilder().setViews(readers * 2).setDownloads(readers / 2).build()).setUniqueReaders(readers)
                .setScore(readers).setClosed(closed).setUpdatedAt(end).build();
    }

    private <V> void send(String topic, Serializer<V> serializer, List<KeyValue<String, V>> records) {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(stack.kafkaConfig(), new StringSerializer(), serializer)) {
            records.forEach(kv -> producer.send(new ProducerRecord<>(topic, kv.key, kv.value)));
            producer.flush();
        }
    }

    /** A GET with {@link #API_KEY} and {@code headers}. */
    static HttpResponse<String> get(int port, String pathAndQuery, String... headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                    .timeout(Duration.ofSeconds(10)).header("X-Api-Key", API_KEY);
            if (headers.length > 0) {
                request.headers(headers);
            }
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("GET " + pathAndQuery + " on port " + port + " failed: " + e, e);
        }
    }
}
