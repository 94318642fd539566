package io.papertrends.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.papertrends.avro.Channel;
import io.papertrends.avro.Delivery;
import io.papertrends.avro.DigestEntry;
import io.papertrends.avro.DigestFrequency;
import io.papertrends.avro.EnrichedPaper;
import io.papertrends.avro.FollowedScope;
import io.papertrends.avro.Movement;
import io.papertrends.avro.Paper;
import io.papertrends.avro.Subscription;
import io.papertrends.avro.SubscriptionStatus;
import io.papertrends.avro.TrendingDigest;
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
import jakarta.mail.internet.MimeMessage;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notify service killed (SIGKILL) right after the SMTP server accepted a digest and before its
 * transaction committed (commits are 8 s apart here, the kill follows the mail within a fraction of a second):
 * restarted, it sends the digest again with the same Message-ID, and the delivery log holds the
 * digest once. This is the behaviour README's delivery guarantees describe.
 */
@ExtendWith(LocalStackExtension.class)
class NotifyCrashIT {
    @Test
    void shouldResendTheSameMessageAfterACrashBetweenSendAndCommitAndLogItOnce(LocalStack stack, @TempDir Path dir) throws Exception {
        String prefix = "notify-crash-" + System.nanoTime() + "-";
        Topics topics = new Topics(prefix, new SchemaRegistryClient(RegistryConfig.of(stack.schemaRegistryUrl())));
        NotifyTopicsFixture.create(stack, topics, 1);
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant midnight = today.atStartOfDay(ZoneOffset.UTC).toInstant();
        // Confirmed just before today's 00:00 UTC digest time: today's digest is due at once.
        Subscription s = Subscription.newBuilder().setId("crash-test-subscriber0").setChannel(Channel.EMAIL).setAddress("crash@example.org")
                .setStatus(SubscriptionStatus.CONFIRMED).setScopes(List.of(new FollowedScope("global", "all papers"))).setDigest(DigestFrequency.DAILY)
                .setDigestTime("00:00").setZone("UTC").setAlerts(false).setCreatedAt(midnight.minusSeconds(120))
                .setConfirmedAt(midnight.minusSeconds(60)).build();
        Paper paper = Paper.newBuilder().setId("arxiv:2611.01234").setTitle("Exactly Once, Twice").setAbstractText("On crashes.").setSource("test")
                .setContentHash("h").setIngestedAt(now.minus(Duration.ofDays(5))).setPublishedAt(now.minus(Duration.ofDays(5))).build();
        TrendingDigest digest = TrendingDigest.newBuilder().setScope("global").setDate(today.toString()).setZone("UTC").setWindow("24h")
                .setEntries(List.of(DigestEntry.newBuilder().setRank(1).setPreviousRank(null).setMovement(Movement.NEW).setPaperId(paper.getId())
                        .setTitle(paper.getTitle()).setUrl(null).setKeyphrases(List.of()).setScore(3).build())).setGeneratedAt(now).build();
        send(stack, topics.subscriptions(), s.getId(), s);
        send(stack, topics.trendingDigest(), "global|" + today, digest);
        send(stack, topics.papersEnriched(), paper.getId(), EnrichedPaper.newBuilder().setPaper(paper).setKeyphrases(List.of())
                .setExtractorVersion("it").setEnrichedAt(now).build());

        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        try {
            Path settings = settings(stack, prefix, dir, smtp.getSmtp().getPort());
            Process first = start(settings, dir.resolve("first.log"));
            try {
                Awaitility.await("the digest accepted by the SMTP server").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                        .until(() -> smtp.getReceivedMessages().length >= 1);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("no digest; the service's output ends with:\n" + tail(dir.resolve("first.log")), e);
            } finally {
                first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            assertThat(TopicReader.readAll(stack, topics.notifyDeliveries(), Duration.ofSeconds(5))).as("nothing committed before the kill").isEmpty();

            Process second = start(settings, dir.resolve("second.log"));
            try {
                Awaitility.await("the digest logged once committed").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> !TopicReader.readAll(stack, topics.notifyDeliveries(), Duration.ofSeconds(2)).isEmpty());
                Awaitility.await("no third mail").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                        .until(() -> smtp.getReceivedMessages().length == 2);
            } finally {
                second.destroy();
                second.waitFor(60, TimeUnit.SECONDS);
            }
            MimeMessage[] mails = smtp.getReceivedMessages();
            assertThat(mails).as("sent again after the crash").hasSize(2);
            assertThat(mails[1].getMessageID()).isEqualTo(mails[0].getMessageID()).isEqualTo("<digest." + today + "." + s.getId() + "@localhost>");
            List<ConsumerRecord<String, Delivery>> log = TopicReader.readAll(stack, topics.notifyDeliveries(), Duration.ofSeconds(10));
            assertThat(log).extracting(ConsumerRecord::key).containsExactly(s.getId() + "|digest|" + today);
        } finally {
            smtp.stop();
        }
    }

    private static String tail(Path log) throws java.io.IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static Process start(Path settings, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), NotifyProcess.class.getName(), settings.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static Path settings(LocalStack stack, String prefix, Path dir, int smtpPort) throws Exception {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", stack.bootstrapServers());
        p.setProperty(RegistryConfig.URL, stack.schemaRegistryUrl());
        p.setProperty(Topics.PREFIX_CONFIG, prefix);
        p.setProperty("application.id", prefix + "notify");
        p.setProperty(StreamsSettings.STATE_DIR, dir.resolve("state").toString());
        // A wide window between a send and its commit, for the kill to fall into.
        p.setProperty("commit.interval.ms", "8000");
        p.setProperty(HttpApi.HOST, "127.0.0.1");
        p.setProperty(HttpApi.PORT, "0");
        p.setProperty(ManagementServer.PORT, "0");
        p.setProperty(NotifyConfig.SECRET, "a test secret of enough length");
        p.setProperty(NotifyConfig.SMTP_HOST, "127.0.0.1");
        p.setProperty(NotifyConfig.SMTP_PORT, Integer.toString(smtpPort));
        p.setProperty(NotifyConfig.PARTITIONS, "1");
        p.setProperty(NotifyConfig.CHECK_INTERVAL, "500ms");
        Path file = dir.resolve("notify.properties");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "notify-service for NotifyCrashIT");
        }
        return file;
    }

    private static <V> void send(LocalStack stack, TopicSpec<String, V> topic, String key, V value) {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(stack.kafkaConfig(), new StringSerializer(), topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), key, value));
            producer.flush();
        }
    }
}
