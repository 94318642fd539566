package io.papertrends.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.papertrends.avro.Delivery;
import io.papertrends.avro.EnrichedPaper;
import io.papertrends.avro.PaperPopularity;
import io.papertrends.avro.TrendingDigest;
import io.papertrends.avro.TrendingKeywords;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.config.Settings;
import io.papertrends.enrich.EnrichService;
import io.papertrends.ingest.Ingest;
import io.papertrends.ingest.simulate.Burst;
import io.papertrends.ingest.simulate.Simulator;
import io.papertrends.metrics.ServiceMeters;
import io.papertrends.notify.NotifyConfig;
import io.papertrends.notify.NotifyService;
import io.papertrends.service.HttpApi;
import io.papertrends.service.ManagementServer;
import io.papertrends.service.RunningService;
import io.papertrends.stack.LocalMail;
import io.papertrends.stack.LocalStack;
import io.papertrends.stack.junit.LocalStackExtension;
import io.papertrends.stack.junit.TopicReader;
import io.papertrends.streams.StreamsSettings;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import io.papertrends.trend.TrendService;
import io.papertrends.trend.core.TrendConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that is not the project's own reads what the real services wrote: the sample page
 * and two hours of simulated readers (with bursts) go through ingest, the enrich service and the trend service
 * (as in production, on the embedded broker and registry, with today's digest due at once), a
 * reader subscribes with the notify service (which mails a confirmation request), the services stop, and the Python consumer example ({@code examples/python-consumer/consumer.py},
 * Confluent's Python client and its {@code AvroDeserializer}, schemas fetched from the registry
 * by the id in each record) reads every sink topic from beginning to end. It must decode every
 * committed record the project's own consumer reads, with the same keys and values.
 *
 * <p>The client comes from Debian's {@code python3-confluent-kafka} (.ci/run installs it with
 * apt; the Python package index is not reachable here) in a virtual environment under
 * {@code target/} that adds {@code fastavro} with pip. Without them the test fails and says what
 * to install.
 */
@ExtendWith(LocalStackExtension.class)
class ConsumerInteropIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The example, relative to the module's directory (where Maven runs the tests). */
    static final Path EXAMPLE = Path.of("..", "..", "examples", "python-consumer", "consumer.py");
    private static final Path VENV = Path.of("target", "python-consumer-venv");

    @Test
    void shouldDecodeEverySinkTopicWithConfluentsPythonClient(LocalStack stack, @TempDir Path stateDir) throws Exception {
        CompletableFuture<Path> python = CompletableFuture.supplyAsync(ConsumerInteropIT::preparePython);
        String prefix = "interop-" + System.nanoTime() + "-";
        stack.createTopics(prefix);
        Map<String, String> base = new LinkedHashMap<>();
        base.put("bootstrap.servers", stack.bootstrapServers());
        base.put("schema.registry.url", stack.schemaRegistryUrl());
        base.put(Topics.PREFIX_CONFIG, prefix);
        base.put("commit.interval.ms", "200");
        Settings settings = Settings.of(base);
        Topics topics = Topics.from(settings.asMap());

        List<RunningService> services = new ArrayList<>();
        LocalMail mail = null;
        try {
            services.add(EnrichService.start(streams(settings, stateDir, "enrich"), ServiceMeters.prometheus("enrich-service", settings)));
            Settings trend = streams(settings, stateDir, "trend").with(HttpApi.PORT, "0")
                    // Today's digests at the first check after the start (a minute on), as the demo does.
                    .with(TrendConfig.DIGEST_TIME, Instant.now().atZone(ZoneOffset.UTC).toLocalTime().truncatedTo(ChronoUnit.MINUTES).toString())
                    .with(TrendConfig.DIGEST_ZONE, "UTC");
            services.add(TrendService.start(trend, ServiceMeters.prometheus("trend-service", trend)));
            mail = LocalMail.start(0, stateDir.resolve("mail"));
            Settings notify = streams(settings, stateDir, "notify").with(HttpApi.PORT, "0")
                    .with(NotifyConfig.SMTP_HOST, "127.0.0.1").with(NotifyConfig.SMTP_PORT, Integer.toString(mail.port()))
                    .with(NotifyConfig.FROM, "Paper Trends <trends@papertrends.example>").with(NotifyConfig.SECRET, "interop-" + prefix)
                    .with(NotifyConfig.CHECK_INTERVAL, "1s").with(NotifyConfig.PUBLIC_URL, "http://127.0.0.1");
            NotifyService notifyService = NotifyService.start(notify, ServiceMeters.prometheus("notify-service", notify));
            services.add(notifyService);
            // A subscriber: the confirmation request the notify service mails is its first delivery.
            HttpResponse<String> subscribed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + notifyService.httpPort() + "/api/subscriptions")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"reader@example.org\",\"global\":true,\"digest\":\"daily\","
                            + "\"time\":\"08:00\",\"zone\":\"UTC\",\"alerts\":false}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);

            try (Ingest ingest = Ingest.open(settings, new SimpleMeterRegistry())) {
                assertThat(ingest.ingestSample().accepted()).isEqualTo(218);
            }
            Simulator simulator = new Simulator(settings.kafkaProperties(), topics, Clock.systemUTC(), new PrintStream(OutputStream.nullOutputStream()));
            // Two hours of readers, three papers in a burst over the last half hour: trending papers and keywords.
            List<String> ids = simulator.paperIds();
            List<Burst> bursts = List.of(20, 60, 100).stream()
                    .map(i -> new Burst(ids.get(i), Duration.ofMinutes(90), 25, Duration.ofMinutes(30))).toList();
            Simulator.Summary activity = simulator.run(Simulator.Options.of(5, Duration.ofHours(2), 11).withBursts(bursts).withFast(null));
            assertThat(activity.failed()).isZero();

            Awaitility.await("today's digests, trending keywords and a delivery").atMost(Duration.ofSeconds(100))
                    .pollInterval(Duration.ofSeconds(2))
                    .untilAsserted(() -> {
                        services.forEach(s -> assertThat(s.health().up()).as(s.health().reason()).isTrue());
                        assertThat(TopicReader.readAll(stack, topics.trendingDigest(), Duration.ofSeconds(30))).isNotEmpty();
                        assertThat(TopicReader.readAll(stack, topics.trendingKeywords(), Duration.ofSeconds(30))).isNotEmpty();
                        assertThat(TopicReader.readAll(stack, topics.notifyDeliveries(), Duration.ofSeconds(30))).isNotEmpty();
                    });
        } finally {
            // Stopped services leave the topics as they are: both clients read the same records.
            services.forEach(RunningService::close);
            if (mail != null) {
                mail.close();
            }
        }

        Map<String, List<String>> ours = new LinkedHashMap<>();
        ours.put("trending-updates", read(stack, topics.trendingUpdates(), ConsumerInteropIT::update));
        ours.put("trending-keywords", read(stack, topics.trendingKeywords(), ConsumerInteropIT::keywords));
        ours.put("trending-digest", read(stack, topics.trendingDigest(), ConsumerInteropIT::digest));
        ours.put("papers-enriched", read(stack, topics.papersEnriched(), ConsumerInteropIT::enriched));
        ours.put("paper-popularity", read(stack, topics.paperPopularity(), ConsumerInteropIT::popularity));
        ours.put("notify-deliveries", read(stack, topics.notifyDeliveries(), ConsumerInteropIT::delivery));
        ours.forEach((topic, records) -> assertThat(records).as("records the project's consumer reads from %s", topic).isNotEmpty());
        assertThat(ours.get("papers-enriched")).hasSize(218);

        List<String> command = new ArrayList<>(List.of(pythonOf(python).toString(), EXAMPLE.toString(),
                "--bootstrap-servers", stack.bootstrapServers(), "--schema-registry-url", stack.schemaRegistryUrl(),
                "--topic-prefix", prefix, "--until-end", "--json", "--timeout", "60"));
        command.addAll(ours.keySet());
        String output = run(command, Path.of("."), 90);

        Map<String, List<String>> theirs = new LinkedHashMap<>();
        ours.keySet().forEach(t -> theirs.put(t, new ArrayList<>()));
        for (String line : output.lines().filter(l -> l.startsWith("{")).toList()) {
            JsonNode record = JSON.readTree(line);
            String topic = record.path("topic").asText().substring(prefix.length());
            theirs.get(topic).add(line(record.path("partition").asInt(), record.path("offset").asLong(), record.path("key").asText(),
                    signature(topic, record.path("value"))));
        }
        for (String topic : ours.keySet()) {
            System.out.printf("%s: %d records, the Python client decoded %d%n", topic, ours.get(topic).size(), theirs.get(topic).size());
            assertThat(sorted(theirs.get(topic))).as("%s as Confluent's Python client decoded it", topic)
                    .containsExactlyElementsOf(sorted(ours.get(topic)));
        }
    }

    /** The prepared Python, or the reason it could not be prepared. */
    private static Path pythonOf(CompletableFuture<Path> python) throws Exception {
        try {
            return python.get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError failure) {
                throw failure;
            }
            throw e;
        }
    }

    private static Settings streams(Settings settings, Path stateDir, String service) {
        return settings.with(StreamsSettings.STATE_DIR, stateDir.resolve(service).toString()).with(ManagementServer.PORT, "0")
                .with(HttpApi.HOST, "127.0.0.1").with("papertrends.instance", service + "-service")
                .with("application.id", settings.get(Topics.PREFIX_CONFIG, "") + service);
    }

    /** Each committed record of {@code topic} as {@code partition/offset key signature}, read with the project's serde. */
    private static <V> List<String> read(LocalStack stack, TopicSpec<String, V> topic, Function<V, String> signature) {
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<String, V> r : TopicReader.readAll(stack, topic, Duration.ofSeconds(60))) {
            out.add(line(r.partition(), r.offset(), r.key(), signature.apply(r.value())));
        }
        return out;
    }

    private static String line(int partition, long offset, String key, String signature) {
        return partition + "/" + offset + " " + key + " " + signature;
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }

    // A few fields of each value, from the generated classes and from the example's JSON: ids, names,
    // timestamps (as epoch milliseconds), counts and the order of ranked entries.

    private static String update(TrendingUpdate u) {
        return String.join("|", u.getScope(), u.getWindow(), Long.toString(u.getAsOf().toEpochMilli()),
                String.join(",", u.getEntries().stream().map(e -> e.getPaperId() + "@" + e.getRank() + ":" + e.getEvents()).toList()));
    }

    private static String keywords(TrendingKeywords k) {
        return String.join("|", k.getWindow(), Long.toString(k.getGeneratedAt().toEpochMilli()),
                String.join(",", k.getKeywords().stream().map(e -> e.getNormalized() + ":" + e.getPapers()).toList()));
    }

    private static String digest(TrendingDigest d) {
        return String.join("|", d.getScope(), d.getDate(), d.getZone(), d.getWindow(),
                String.join(",", d.getEntries().stream().map(e -> e.getPaperId() + "@" + e.getRank() + ":" + e.getMovement()).toList()));
    }

    private static String enriched(EnrichedPaper p) {
        return String.join("|", p.getPaper().getId(), p.getPaper().getTitle(), Long.toString(p.getPaper().getIngestedAt().toEpochMilli()),
                String.join(",", p.getKeyphrases().stream().map(k -> k.getNormalized()).toList()));
    }

    private static String popularity(PaperPopularity p) {
        return String.join("|", p.getPaperId(), p.getWindow(), Long.toString(p.getWindowStart().toEpochMilli()),
                Long.toString(p.getUniqueReaders()), Long.toString(p.getCounts().getViews()), Boolean.toString(p.getClosed()));
    }

    private static String delivery(Delivery d) {
        return String.join("|", d.getSubscriptionId(), d.getKind().name(), d.getPeriod(), d.getOutcome().name(), d.getMessageId(),
                Long.toString(d.getAt().toEpochMilli()), String.join(",", d.getPapers()));
    }

    private static String signature(String topic, JsonNode v) {
        return switch (topic) {
            case "trending-updates" -> String.join("|", v.path("scope").asText(), v.path("window").asText(), millis(v.path("asOf")),
                    join(v.path("entries"), e -> e.path("paperId").asText() + "@" + e.path("rank").asInt() + ":" + e.path("events").asLong()));
            case "trending-keywords" -> String.join("|", v.path("window").asText(), millis(v.path("generatedAt")),
                    join(v.path("keywords"), e -> e.path("normalized").asText() + ":" + e.path("papers").asLong()));
            case "trending-digest" -> String.join("|", v.path("scope").asText(), v.path("date").asText(), v.path("zone").asText(),
                    v.path("window").asText(),
                    join(v.path("entries"), e -> e.path("paperId").asText() + "@" + e.path("rank").asInt() + ":" + e.path("movement").asText()));
            case "papers-enriched" -> String.join("|", v.path("paper").path("id").asText(), v.path("paper").path("title").asText(),
                    millis(v.path("paper").path("ingestedAt")), join(v.path("keyphrases"), k -> k.path("normalized").asText()));
            case "paper-popularity" -> String.join("|", v.path("paperId").asText(), v.path("window").asText(), millis(v.path("windowStart")),
                    Long.toString(v.path("uniqueReaders").asLong()), Long.toString(v.path("counts").path("views").asLong()),
                    Boolean.toString(v.path("closed").asBoolean()));
            case "notify-deliveries" -> String.join("|", v.path("subscriptionId").asText(), v.path("kind").asText(), v.path("period").asText(),
                    v.path("outcome").asText(), v.path("messageId").asText(), millis(v.path("at")), join(v.path("papers"), JsonNode::asText));
            default -> throw new AssertionError("unexpected topic " + topic);
        };
    }

    private static String millis(JsonNode iso) {
        return Long.toString(Instant.parse(iso.asText()).toEpochMilli());
    }

    private static String join(JsonNode array, Function<JsonNode, String> item) {
        return String.join(",", StreamSupport.stream(array.spliterator(), false).map(item).toList());
    }

    /**
     * A Python that has Confluent's client: a virtual environment under target/ on the Debian
     * Python that has {@code python3-confluent-kafka}, with fastavro added by pip (once).
     */
    private static Path preparePython() {
        try {
            Path python = VENV.resolve("bin").resolve("python");
            if (Files.isExecutable(python) && imports(python.toString())) {
                return python;
            }
            String system = List.of("/usr/bin/python3", "python3").stream().filter(ConsumerInteropIT::hasConfluentKafka).findFirst()
                    .orElseThrow(() -> new AssertionError("Confluent's Python client is not installed: this test needs a python3 that "
                            + "imports confluent_kafka (apt-get install python3-confluent-kafka python3-requests python3-venv, as .ci/run does)"));
            run(List.of(system, "-m", "venv", "--clear", "--system-site-packages", VENV.toString()), Path.of("."), 120);
            run(List.of(python.toString(), "-m", "pip", "install", "--disable-pip-version-check", "--retries", "0", "fastavro"), Path.of("."), 300);
            if (!imports(python.toString())) {
                throw new AssertionError(python + " cannot import confluent_kafka's AvroDeserializer after installing fastavro");
            }
            return python;
        } catch (IOException e) {
            throw new AssertionError("cannot prepare the Python consumer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while preparing the Python consumer", e);
        }
    }

    private static boolean hasConfluentKafka(String python) {
        return probe(python, "import confluent_kafka");
    }

    private static boolean imports(String python) {
        return probe(python, "from confluent_kafka.schema_registry.avro import AvroDeserializer");
    }

    private static boolean probe(String python, String statement) {
        try {
            Process p = new ProcessBuilder(python, "-c", statement).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code command} in {@code dir} and returns what it printed; fails on a non-zero exit or when it overruns. */
    private static String run(List<String> command, Path dir, int timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("interop", ".out");
        Path err = Files.createTempFile("interop", ".err");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        }
        boolean done = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        if (!done) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s:\n" + stderr);
        }
        assertThat(process.exitValue()).as("exit code of %s; its errors:%n%s", command, stderr).isZero();
        System.out.print(stderr);
        return stdout;
    }
}
