package io.papertrends.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.papertrends.avro.Delivery;
import io.papertrends.avro.DeliveryOutcome;
import io.papertrends.avro.DigestEntry;
import io.papertrends.avro.EnrichedPaper;
import io.papertrends.avro.Keyphrase;
import io.papertrends.avro.Movement;
import io.papertrends.avro.Paper;
import io.papertrends.avro.TrendingDigest;
import io.papertrends.config.Settings;
import io.papertrends.notify.deliver.WebhookSender;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.registry.SchemaRegistryClient;
import io.papertrends.service.HttpApi;
import io.papertrends.service.ManagementServer;
import io.papertrends.stack.LocalStack;
import io.papertrends.stack.junit.LocalStackExtension;
import io.papertrends.stack.junit.TopicReader;
import io.papertrends.streams.StreamsSettings;
import io.papertrends.topics.TopicSpec;
import io.papertrends.topics.Topics;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notify service on the real broker and registry, with a real SMTP server (GreenMail) and a
 * webhook receiver: a reader subscribes, confirms by the mailed link, receives the digest once at
 * their local time (escaped, with one-click unsubscribe), an alert for a new matching paper, and
 * nothing more after a restart or after unsubscribing; a webhook receives a signed alert after
 * failed attempts, with one idempotency key.
 */
@ExtendWith(LocalStackExtension.class)
class NotifyServiceIT {
    private static final String ZONE = "Asia/Tokyo";
    private static final String SCRIPT_TITLE = "<script>alert(1)</script> Graph Neural Networks for Molecules";
    private static final Pattern LINK = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/subscriptions/(confirm|unsubscribe)\\?token=[A-Za-z0-9_.-]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private GreenMail smtp;
    private HttpServer hooks;
    private final List<Map<String, String>> hookRequests = new CopyOnWriteArrayList<>();
    private final AtomicInteger hookFailures = new AtomicInteger(2);

    @BeforeEach
    void startServers() throws Exception {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hooks.createContext("/hook", exchange -> {
            Map<String, String> seen = new HashMap<>();
            seen.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            for (String h : List.of(WebhookSender.TIMESTAMP, WebhookSender.SIGNATURE, WebhookSender.IDEMPOTENCY_KEY, WebhookSender.EVENT)) {
                seen.put(h, exchange.getRequestHeaders().getFirst(h));
            }
            hookRequests.add(seen);
            int status = hookFailures.getAndDecrement() > 0 ? 500 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        hooks.start();
    }

    @AfterEach
    void stopServers() {
        smtp.stop();
        hooks.stop(0);
    }

    @Test
    void shouldConfirmThenMailTheDigestOnceAtLocalTimeAlertAndStopAfterUnsubscribe(LocalStack stack, @TempDir Path state) throws Exception {
        String prefix = "notify-" + System.nanoTime() + "-";
        Topics topics = new Topics(prefix, new SchemaRegistryClient(RegistryConfig.of(stack.schemaRegistryUrl())));
        NotifyTopicsFixture.create(stack, topics, 2);
        Instant now = Instant.now();
        produce(stack, topics.papersEnriched(), List.of(paper("arxiv:2611.00001", SCRIPT_TITLE, now.minus(Duration.ofDays(3))),
                paper("arxiv:2611.00002", "Message Passing at Scale", now.minus(Duration.ofDays(3)))));
        String today = LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
        produce(stack, topics.trendingDigest(), List.of(Map.entry("keyword:graph neural network|" + today, digest("keyword:graph neural network",
                today, now, "arxiv:2611.00001", "arxiv:2611.00002"))));
        Settings settings = settings(stack, prefix, state);

        NotifyService service = NotifyService.start(settings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        try {
            awaitRunning(service);
            // The digest time: the next whole minute after the subscription is confirmed, in Tokyo.
            ZonedDateTime at = ZonedDateTime.now(ZoneId.of(ZONE)).plusMinutes(1).truncatedTo(ChronoUnit.MINUTES);
            if (Duration.between(Instant.now(), at.toInstant()).toSeconds() < 20) {
                at = at.plusMinutes(1);
            }
            JsonNode created = post(service, "{\"email\":\"reader@example.org\",\"keywords\":[\"Graph Neural Networks\"],\"digest\":\"daily\",\"time\":\""
                    + at.format(DateTimeFormatter.ofPattern("HH:mm")) + "\",\"zone\":\"" + ZONE + "\",\"alerts\":true}", 201);
            String id = created.path("id").asText();
            assertThat(created.path("status").asText()).isEqualTo("pending");
            assertThat(created.path("scopes").get(0).path("scope").asText()).isEqualTo("keyword:graph neural network");

            MimeMessage confirmation = awaitMail("Confirm your Paper Trends subscription", 1);
            String confirm = link(text(confirmation), "confirm");
            assertThat(get(confirm).statusCode()).isEqualTo(200);
            NotifyService first = service;
            Awaitility.await("confirmed").atMost(Duration.ofSeconds(20))
                    .until(() -> getJson(first, "/api/subscriptions/" + id).path("status").asText().equals("confirmed"));

            MimeMessage digest = awaitMail("Today in Graph Neural Networks", 1);
            assertThat(digest.getReceivedDate().toInstant()).isAfterOrEqualTo(at.toInstant().truncatedTo(ChronoUnit.SECONDS));
            assertThat(digest.getMessageID()).isEqualTo("<digest." + at.toLocalDate() + "." + id + "@localhost>");
            String html = html(digest);
            // Kept for a look at the rendered mail (README's screenshot comes from it).
            java.nio.file.Files.writeString(Path.of("target", "digest-mail.html"), html);
            assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt; Graph Neural Networks").doesNotContain("<script>");
            assertThat(html).contains("https://arxiv.org/abs/2611.00001").contains("Ada Lovelace");
            assertThat(text(digest)).contains(SCRIPT_TITLE).contains("Message Passing at Scale");
            String unsubscribe = digest.getHeader("List-Unsubscribe", null);
            assertThat(unsubscribe).startsWith("<http://127.0.0.1:").contains("/subscriptions/unsubscribe?token=" + id + ".");
            assertThat(digest.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");

            // A new paper on the followed keyword: one alert.
            produce(stack, topics.papersEnriched(), List.of(paper("arxiv:2612.00003", "Equivariant Graph Neural Networks for Crystals", Instant.now())));
            MimeMessage alert = awaitMail("New paper in Graph Neural Networks: Equivariant Graph Neural Networks for Crystals", 1);
            assertThat(text(alert)).contains("https://arxiv.org/abs/2612.00003");

            // Restarted on the same state: no second digest, no second confirmation.
            service.close();
            service = NotifyService.start(settings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            awaitRunning(service);
            // Ten checks' time (every 500 ms here) without another mail: no second digest, confirmation or alert.
            Awaitility.await("nothing sent again after the restart").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                    .until(() -> smtp.getReceivedMessages().length == 3);
            assertThat(subjects()).filteredOn(s -> s.startsWith("Today in")).hasSize(1);
            assertThat(subjects()).filteredOn(s -> s.startsWith("Confirm")).hasSize(1);

            // One-click unsubscribe (RFC 8058), then a matching paper raises nothing.
            // (The restarted service listens on another port than the one in the mail's link.)
            String oneClick = unsubscribe.substring(1, unsubscribe.length() - 1).replaceFirst("127\\.0\\.0\\.1:\\d+", "127.0.0.1:" + service.httpPort());
            HttpResponse<String> done = http.send(HttpRequest.newBuilder(URI.create(oneClick)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(done.statusCode()).isEqualTo(200);
            NotifyService running = service;
            Awaitility.await("deleted").atMost(Duration.ofSeconds(20))
                    .until(() -> status(running, "/api/subscriptions/" + id) == 404);
            produce(stack, topics.papersEnriched(), List.of(paper("arxiv:2612.00004", "Graph Neural Networks on Hypergraphs", Instant.now())));
            // Time for the paper to arrive, pass the alert interval (1 s) and many checks: no alert for the unsubscribed reader.
            Awaitility.await("no alert after unsubscribing").during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10))
                    .until(() -> smtp.getReceivedMessages().length == 3);
            assertThat(subjects()).noneMatch(s -> s.contains("Hypergraphs"));
            assertThat(smtp.getReceivedMessages()).hasSize(3);

            List<ConsumerRecord<String, Delivery>> log = TopicReader.readAll(stack, topics.notifyDeliveries(), Duration.ofSeconds(20));
            assertThat(log).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(id + "|confirmation|confirm", id + "|digest|" + at.toLocalDate(),
                    log.stream().map(ConsumerRecord::key).filter(k -> k.startsWith(id + "|alert|")).findFirst().orElse("no alert logged"));
            assertThat(log).allMatch(r -> r.value().getOutcome() == DeliveryOutcome.SENT);
        } finally {
            service.close();
        }
    }

    @Test
    void shouldSignWebhooksAndRetryWithOneIdempotencyKey(LocalStack stack, @TempDir Path state) throws Exception {
        String prefix = "notify-hook-" + System.nanoTime() + "-";
        Topics topics = new Topics(prefix, new SchemaRegistryClient(RegistryConfig.of(stack.schemaRegistryUrl())));
        NotifyTopicsFixture.create(stack, topics, 2);
        try (NotifyService service = NotifyService.start(settings(stack, prefix, state), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            awaitRunning(service);
            // The dashboard's form: a page, and the confirmation mail.
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/subscriptions"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                            "email=form%40example.org&scope=keyword%3Adiffus+model&display=diffusion+models&time=07%3A30&zone=Europe%2FBerlin&alerts=on"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(page.body()).contains("form@example.org");
            awaitMail("Confirm your Paper Trends subscription", 1);
            assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("form@example.org");
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/subscriptions"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                            "email=%3Cscript%3E&scope=global")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("reader@example.org").doesNotContain("<script>");

            JsonNode bad = post(service, "{\"webhook\":\"ftp://127.0.0.1/x\",\"keywords\":[\"diffusion models\"]}", 400);
            assertThat(bad.path("error").asText()).isEqualTo("BAD_WEBHOOK");
            JsonNode created = post(service, "{\"webhook\":\"http://127.0.0.1:" + hooks.getAddress().getPort()
                    + "/hook\",\"keywords\":[\"diffusion models\"],\"digest\":\"none\"}", 201);
            String id = created.path("id").asText();
            String secret = created.path("secret").asText();
            assertThat(secret).startsWith("whsec_");
            Awaitility.await("stored").atMost(Duration.ofSeconds(20)).until(() -> status(service, "/api/subscriptions/" + id) == 200);
            assertThat(getJson(service, "/api/subscriptions/" + id).has("secret")).isFalse();

            produce(stack, topics.papersEnriched(), List.of(paper("arxiv:2612.00010", "Consistency Distillation for Diffusion Models", Instant.now()),
                    paper("arxiv:2612.00011", "A Survey of Sorting", Instant.now())));
            Awaitility.await("delivered after two failures").atMost(Duration.ofSeconds(60)).until(() -> hookRequests.size() >= 3);
            Awaitility.await("no post after the delivery").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                    .until(() -> hookRequests.size() == 3);
            assertThat(hookRequests).hasSize(3);
            assertThat(hookRequests).extracting(r -> r.get(WebhookSender.IDEMPOTENCY_KEY)).containsOnly(hookRequests.get(0).get(WebhookSender.IDEMPOTENCY_KEY));
            Map<String, String> last = hookRequests.get(2);
            assertThat(last.get(WebhookSender.SIGNATURE)).isEqualTo("v1=" + WebhookSender.sign(secret, last.get(WebhookSender.TIMESTAMP), last.get("body")));
            assertThat(last.get(WebhookSender.SIGNATURE)).isNotEqualTo("v1=" + WebhookSender.sign("whsec_other", last.get(WebhookSender.TIMESTAMP), last.get("body")));
            JsonNode payload = JSON.readTree(last.get("body"));
            assertThat(payload.path("type").asText()).isEqualTo("alert");
            assertThat(payload.path("papers")).hasSize(1);
            assertThat(payload.path("papers").get(0).path("paperId").asText()).isEqualTo("arxiv:2612.00010");

            List<ConsumerRecord<String, Delivery>> log = TopicReader.readAll(stack, topics.notifyDeliveries(), Duration.ofSeconds(20)).stream()
                    .filter(r -> r.key().startsWith(id + "|")).toList();
            assertThat(log).hasSize(1);
            assertThat(log.get(0).value().getAttempts()).isEqualTo(3);
            assertThat(log.get(0).value().getOutcome()).isEqualTo(DeliveryOutcome.SENT);
        }
    }

    @Test
    void shouldWaitForAnSmtpServerThatDoesNotAnswerAndSayWhyInHealth(LocalStack stack, @TempDir Path state) throws Exception {
        String prefix = "notify-smtp-" + System.nanoTime() + "-";
        Topics topics = new Topics(prefix, new SchemaRegistryClient(RegistryConfig.of(stack.schemaRegistryUrl())));
        NotifyTopicsFixture.create(stack, topics, 2);
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Settings settings = settings(stack, prefix, state).with(NotifyConfig.SMTP_PORT, Integer.toString(port));
        try (NotifyService service = NotifyService.start(settings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            awaitRunning(service);
            post(service, "{\"email\":\"later@example.org\",\"keywords\":[\"graph neural networks\"]}", 201);
            Awaitility.await("health says the SMTP server does not answer").atMost(Duration.ofSeconds(60))
                    .until(() -> !service.health().up() && service.health().reason().contains("SMTP"));
            HttpResponse<String> healthz = get("http://127.0.0.1:" + service.managementPort() + "/healthz");
            assertThat(healthz.statusCode()).isEqualTo(503);
            assertThat(healthz.body()).contains("SMTP");
            assertThat(get("http://127.0.0.1:" + service.httpPort() + "/healthz").statusCode()).as("not on the public port").isEqualTo(404);
            GreenMail late = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            late.start();
            try {
                Awaitility.await("the confirmation, once the server answers").atMost(Duration.ofSeconds(60))
                        .until(() -> late.getReceivedMessages().length == 1);
                Awaitility.await("healthy again").atMost(Duration.ofSeconds(10)).until(() -> service.health().up());
                List<ConsumerRecord<String, Delivery>> log = TopicReader.readAll(stack, topics.notifyDeliveries(), Duration.ofSeconds(20));
                assertThat(log).hasSize(1);
                assertThat(log.get(0).value().getOutcome()).isEqualTo(DeliveryOutcome.SENT);
            } finally {
                late.stop();
            }
        }
    }

    private Settings settings(LocalStack stack, String prefix, Path state) {
        Map<String, String> values = new HashMap<>();
        values.put("bootstrap.servers", stack.bootstrapServers());
        values.put(RegistryConfig.URL, stack.schemaRegistryUrl());
        values.put(Topics.PREFIX_CONFIG, prefix);
        values.put("application.id", prefix + "notify");
        values.put(StreamsSettings.STATE_DIR, state.toString());
        values.put("commit.interval.ms", "200");
        values.put(HttpApi.HOST, "127.0.0.1");
        values.put(HttpApi.PORT, "0");
        values.put(ManagementServer.PORT, "0");
        values.put(NotifyConfig.SECRET, "a test secret of enough length");
        values.put(NotifyConfig.SMTP_HOST, "127.0.0.1");
        values.put(NotifyConfig.SMTP_PORT, Integer.toString(smtp.getSmtp().getPort()));
        values.put(NotifyConfig.PARTITIONS, "2");
        values.put(NotifyConfig.CHECK_INTERVAL, "500ms");
        values.put(NotifyConfig.ALERT_INTERVAL, "1s");
        values.put(NotifyConfig.RETRY_INITIAL, "1s");
        values.put(NotifyConfig.RETRY_MAX, "2s");
        values.put(NotifyConfig.ALLOW_PRIVATE, "true");
        return Settings.of(values);
    }

    private static EnrichedPaper paper(String id, String title, Instant published) {
        Paper p = Paper.newBuilder().setId(id).setTitle(title).setAbstractText("We study " + title + ". " + "Results improve. ".repeat(60))
                .setAuthors(List.of("Ada Lovelace", "Alan Turing")).setCategories(List.of("cs.LG")).setPublishedAt(published)
                .setSource("test").setContentHash("h" + id).setIngestedAt(published).build();
        List<Keyphrase> phrases = new ArrayList<>();
        if (title.contains("Graph Neural Networks")) {
            phrases.add(Keyphrase.newBuilder().setPhrase("graph neural networks").setNormalized("graph neural network").setScore(1).build());
        }
        return EnrichedPaper.newBuilder().setPaper(p).setKeyphrases(phrases).setExtractorVersion("it").setEnrichedAt(published).build();
    }

    private static TrendingDigest digest(String scope, String date, Instant now, String... ids) {
        List<DigestEntry> entries = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            entries.add(DigestEntry.newBuilder().setRank(i + 1).setPreviousRank(null).setMovement(Movement.NEW).setPaperId(ids[i]).setTitle("t" + i)
                    .setUrl(null).setKeyphrases(List.of("graph neural networks")).setScore(10.0 - i).build());
        }
        return TrendingDigest.newBuilder().setScope(scope).setDate(date).setZone("UTC").setWindow("24h").setEntries(entries).setGeneratedAt(now).build();
    }

    @SuppressWarnings("unchecked")
    private static <V> void produce(LocalStack stack, TopicSpec<String, V> topic, List<?> records) {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(stack.kafkaConfig(), new StringSerializer(), topic.valueSerde().serializer())) {
            for (Object r : records) {
                if (r instanceof Map.Entry<?, ?> e) {
                    producer.send(new ProducerRecord<>(topic.name(), (String) e.getKey(), (V) e.getValue()));
                } else {
                    EnrichedPaper p = (EnrichedPaper) r;
                    producer.send(new ProducerRecord<>(topic.name(), p.getPaper().getId(), (V) p));
                }
            }
            producer.flush();
        }
    }

    private static void awaitRunning(NotifyService service) {
        Awaitility.await("running").atMost(Duration.ofSeconds(60)).until(() -> service.health().up());
    }

    private MimeMessage awaitMail(String subjectPrefix, int count) throws Exception {
        Awaitility.await("a mail '" + subjectPrefix + "'").atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(250))
                .until(() -> subjects().stream().filter(s -> s.startsWith(subjectPrefix)).count() >= count);
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (m.getSubject().startsWith(subjectPrefix)) {
                return m;
            }
        }
        throw new AssertionError("unreachable");
    }

    private List<String> subjects() {
        return Arrays.stream(smtp.getReceivedMessages()).map(m -> {
            try {
                return m.getSubject();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private static String part(MimeMessage m, String type) throws Exception {
        MimeMultipart parts = (MimeMultipart) m.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart p = parts.getBodyPart(i);
            if (p.isMimeType(type)) {
                return (String) p.getContent();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    private static String text(MimeMessage m) throws Exception {
        return part(m, "text/plain");
    }

    private static String html(MimeMessage m) throws Exception {
        return part(m, "text/html");
    }

    private static String link(String text, String action) {
        Matcher m = LINK.matcher(text);
        while (m.find()) {
            if (m.group(2).equals(action)) {
                return m.group(1);
            }
        }
        throw new AssertionError("no " + action + " link in: " + text);
    }

    private JsonNode post(NotifyService service, String body, int expected) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/api/subscriptions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int status(NotifyService service, String path) throws Exception {
        return get("http://127.0.0.1:" + service.httpPort() + path).statusCode();
    }

    private JsonNode getJson(NotifyService service, String path) throws Exception {
        return JSON.readTree(get("http://127.0.0.1:" + service.httpPort() + path).body());
    }
}
