package io.papertrends.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.papertrends.avro.Paper;
import io.papertrends.registry.RegistryConfig;
import io.papertrends.registry.SchemaRegistryClient;
import io.papertrends.registry.SchemaRegistryException;
import io.papertrends.stack.junit.RefusedClients;
import io.papertrends.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secured local stack: SASL_SSL only on the broker, HTTPS (and optionally client
 * certificates) on the registry, with the material generated once and reused across restarts.
 */
class SecureLocalStackIT {

    private static LocalStack.Options secured(Path dir, boolean clientCertificates) {
        LocalStack.Options d = LocalStack.Options.defaults(dir);
        return new LocalStack.Options(dir, 0, 0, 0, false, 1, d.topicPrefix(), Optional.empty(), Optional.empty(), true, clientCertificates);
    }

    @Test
    void shouldServeOnlyAuthenticatedTlsClientsAndKeepTheirSettingsAcrossRestarts(@TempDir Path dir) throws Exception {
        Map<String, String> ingestBefore;
        try (LocalStack stack = LocalStack.start(secured(dir, false))) {
            StackSecurity security = stack.security().orElseThrow();
            assertThat(stack.schemaRegistryUrl()).startsWith("https://");
            Path credentials = security.dir().resolve("credentials.properties");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(security.dir()))).isEqualTo("rwx------");
            for (String user : StackSecurity.USERS) {
                Path file = security.clientFile(user);
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-------");
                Properties p = new Properties();
                try (var in = Files.newBufferedReader(file)) {
                    p.load(in);
                }
                assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                        .containsKeys("sasl.jaas.config", "ssl.truststore.location", "ssl.truststore.password", RegistryConfig.TRUSTSTORE_LOCATION);
            }
            assertThat(Files.readString(dir.resolve("server.properties"))).as("the formatted configuration kept in the data dir")
                    .doesNotContain(security.secrets().toArray(String[]::new));

            roundTrip(stack, "ingest", "arxiv:2612.00001");

            RefusedClients.assertRefused(RefusedClients.withoutCredentials(stack));
            RefusedClients.assertRefused(RefusedClients.plaintext(stack));
            RefusedClients.assertWrongPasswordRefused(stack, "ingest");

            // The registry over HTTPS: plain HTTP on its port, and HTTPS without the stack's CA, fail.
            String http = stack.schemaRegistryUrl().replace("https://", "http://");
            assertThatThrownBy(() -> new SchemaRegistryClient(RegistryConfig.from(Map.of(RegistryConfig.URL, http,
                    RegistryConfig.MAX_RETRIES, "0"))).subjects()).isInstanceOf(SchemaRegistryException.class);
            assertThatThrownBy(() -> new SchemaRegistryClient(RegistryConfig.from(Map.of(RegistryConfig.URL, stack.schemaRegistryUrl(),
                    RegistryConfig.MAX_RETRIES, "0"))).subjects()).isInstanceOf(SchemaRegistryException.class);
            ingestBefore = stack.clientSettings("ingest");
        }

        try (LocalStack again = LocalStack.start(secured(dir, false))) {
            Map<String, String> ingestAfter = again.clientSettings("ingest");
            assertThat(ingestAfter.get("sasl.jaas.config")).as("the same password after a restart").isEqualTo(ingestBefore.get("sasl.jaas.config"));
            assertThat(ingestAfter.get("ssl.truststore.password")).isEqualTo(ingestBefore.get("ssl.truststore.password"));
            roundTrip(again, "ingest", "arxiv:2612.00002");
        }
    }

    @Test
    void shouldRequireAClientCertificateOnTheRegistryWhenAsked(@TempDir Path dir) {
        try (LocalStack stack = LocalStack.start(secured(dir, true))) {
            Map<String, String> settings = stack.clientSettings("cli");
            assertThat(settings).containsKey(RegistryConfig.KEYSTORE_LOCATION);
            assertThat(new SchemaRegistryClient(RegistryConfig.from(settings)).subjects()).as("an answer (no subject yet)").isEmpty();

            Map<String, String> withoutCertificate = new HashMap<>(settings);
            withoutCertificate.keySet().removeIf(k -> k.startsWith("schema.registry.ssl.keystore"));
            withoutCertificate.put(RegistryConfig.MAX_RETRIES, "0");
            assertThatThrownBy(() -> new SchemaRegistryClient(RegistryConfig.from(withoutCertificate)).subjects())
                    .isInstanceOf(SchemaRegistryException.class);
        }
    }

    /** A paper written and read back as {@code user}, through the registry over HTTPS. */
    private static void roundTrip(LocalStack stack, String user, String id) throws Exception {
        Map<String, String> settings = stack.clientSettings(user);
        Topics topics = new Topics("", new SchemaRegistryClient(RegistryConfig.from(settings)));
        Map<String, Object> kafka = new HashMap<>(settings);
        kafka.keySet().removeIf(k -> k.startsWith("schema.registry."));
        Map<String, Object> producerConfig = new HashMap<>(kafka);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        Paper paper = LocalStackIT.paper(id);
        try (KafkaProducer<String, Paper> producer = new KafkaProducer<>(producerConfig, topics.papers().keySerde().serializer(),
                topics.papers().valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topics.papers().name(), id, paper)).get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> consumerConfig = new HashMap<>(kafka);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "secure-it-" + System.nanoTime());
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, Paper> consumer = new KafkaConsumer<>(consumerConfig, topics.papers().keySerde().deserializer(),
                topics.papers().valueSerde().deserializer())) {
            consumer.subscribe(List.of(topics.papers().name()));
            org.awaitility.Awaitility.await("paper " + id + " read back as " + user).atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, Paper> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key().equals(id)) {
                        return true;
                    }
                }
                return false;
            });
        }
    }
}
