package io.papertrends.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {

    @Test
    void shouldReadConfluentStyleKeys() {
        RegistryConfig config = RegistryConfig.from(Map.of(
                RegistryConfig.URL, "http://a:8081/, http://b:8081",
                RegistryConfig.CREDENTIALS_SOURCE, "USER_INFO",
                RegistryConfig.USER_INFO, "svc:secret",
                RegistryConfig.AUTO_REGISTER, "false"));
        assertThat(config.urls()).containsExactly("http://a:8081", "http://b:8081");
        assertThat(config.userInfo()).contains("svc:secret");
        assertThat(config.autoRegister()).isFalse();
        assertThat(config.toString()).doesNotContain("secret");
    }

    @Test
    void shouldReadAClientCertificateAndRefusePlainHttpOnceTlsIsConfigured() {
        RegistryConfig config = RegistryConfig.from(Map.of(RegistryConfig.URL, "https://r:8081",
                RegistryConfig.TRUSTSTORE_LOCATION, "/etc/trust.p12", RegistryConfig.TRUSTSTORE_PASSWORD, "trust-secret",
                RegistryConfig.KEYSTORE_LOCATION, "/etc/client.p12", RegistryConfig.KEYSTORE_PASSWORD, "store-secret",
                RegistryConfig.KEY_PASSWORD, "key-secret"));
        assertThat(config.keyStore()).contains(java.nio.file.Path.of("/etc/client.p12"));
        assertThat(config.keyStoreType()).isEqualTo("PKCS12");
        assertThat(config.keyPassword()).contains("key-secret");
        assertThat(config.toString()).contains("clientCertificate=true").doesNotContain("secret");

        assertThatThrownBy(() -> RegistryConfig.from(Map.of(RegistryConfig.URL, "http://r:8081",
                RegistryConfig.TRUSTSTORE_LOCATION, "/etc/trust.p12"))).hasMessageContaining("https");
        assertThatThrownBy(() -> RegistryConfig.from(Map.of(RegistryConfig.URL, "http://r:8081",
                RegistryConfig.KEYSTORE_LOCATION, "/etc/client.p12"))).hasMessageContaining("https");
    }

    @Test
    void shouldSendUserInfoGivenWithoutACredentialsSource() {
        RegistryConfig config = RegistryConfig.from(Map.of(RegistryConfig.URL, "http://a:8081", RegistryConfig.USER_INFO, "svc:secret"));
        assertThat(config.userInfo()).contains("svc:secret");
        assertThat(RegistryConfig.of("http://a:8081").userInfo()).isEmpty();
    }

    @Test
    void shouldRequireAnHttpUrlAndWellFormedCredentials() {
        assertThatThrownBy(() -> RegistryConfig.from(Map.of())).hasMessageContaining(RegistryConfig.URL);
        assertThatThrownBy(() -> RegistryConfig.of("localhost:8081")).hasMessageContaining("http");
        assertThatThrownBy(() -> RegistryConfig.from(Map.of(RegistryConfig.URL, "http://a",
                RegistryConfig.CREDENTIALS_SOURCE, "USER_INFO", RegistryConfig.USER_INFO, "nocolon")))
                .hasMessageContaining("user:password");
    }

    @Test
    void shouldReportAnUnreachableRegistryClearly() {
        // Port 9 (discard) on loopback is closed here: the client must say where it failed.
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.from(Map.of(
                RegistryConfig.URL, "http://127.0.0.1:9", RegistryConfig.MAX_RETRIES, "1", RegistryConfig.RETRY_BACKOFF_MS, "1")));
        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("unreachable").hasMessageContaining("127.0.0.1:9")
                .satisfies(e -> assertThat(((SchemaRegistryException) e).isTransient()).isTrue());
    }
}
