package io.papertrends.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @Test
    void shouldApplyDefaultsThenFileThenEnvironmentThenFlags(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "a=file\nb=file\nc=file\n");
        Settings settings = Settings.builder()
                .defaults(Map.of("a", "default", "b", "default", "c", "default", "d", "default"))
                .file(file)
                .env(Map.of("KAFKA_B", "env", "KAFKA_C", "env", "HOME", "/root"))
                .flag("c", "flag")
                .build();
        assertThat(settings.asMap()).containsEntry("a", "file").containsEntry("b", "env")
                .containsEntry("c", "flag").containsEntry("d", "default").doesNotContainKey("home");
    }

    @Test
    void shouldMapEnvironmentNamesToKeys() {
        assertThat(Settings.keyForEnv("KAFKA_BOOTSTRAP_SERVERS")).contains("bootstrap.servers");
        assertThat(Settings.keyForEnv("KAFKA_SASL_JAAS_CONFIG")).contains("sasl.jaas.config");
        assertThat(Settings.keyForEnv("SCHEMA_REGISTRY_URL")).contains("schema.registry.url");
        assertThat(Settings.keyForEnv("BASIC_AUTH_USER_INFO")).contains("basic.auth.user.info");
        assertThat(Settings.keyForEnv("PAPERTRENDS_TOPIC_PREFIX")).contains("papertrends.topic.prefix");
        assertThat(Settings.keyForEnv("PATH")).isEmpty();
    }

    @Test
    void shouldRejectConflictingFlags() {
        assertThatThrownBy(() -> Settings.builder().flag("x", "1").flag("x", "2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }

    @Test
    void shouldBeUnmodifiableAndSeparateKafkaProperties() {
        Settings settings = Settings.of(Map.of("bootstrap.servers", "b:9092", "schema.registry.url", "http://r",
                "papertrends.topic.prefix", "p-", "sasl.jaas.config", "secret"));
        assertThatThrownBy(() -> settings.asMap().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(settings.kafkaProperties()).containsOnlyKeys("bootstrap.servers", "sasl.jaas.config");
        assertThat(settings.toString()).doesNotContain("secret");
    }

    @Test
    void shouldHideEverySecretOfASecuredClientInToString() {
        Settings settings = Settings.of(Map.of("security.protocol", "SASL_SSL",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p1\";",
                "ssl.truststore.password", "p2", "ssl.keystore.password", "p3", "ssl.key.password", "p4", "ssl.keystore.key", "p5",
                "schema.registry.ssl.keystore.password", "p6", "basic.auth.user.info", "u:p7"));
        assertThat(settings.toString()).contains("security.protocol=SASL_SSL").doesNotContain("p1", "p2", "p3", "p4", "p5", "p6", "p7");
    }
}
