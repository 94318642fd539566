package io.papertrends.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.papertrends.config.Settings;
import io.papertrends.service.ApiAccess;
import io.papertrends.service.ApiKeys;
import io.papertrends.service.RateLimiter;
import io.papertrends.trend.http.HttpConfig;
import java.security.SecureRandom;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class TrendServiceTest {
    private static Settings settings(Map<String, String> env, Map<String, String> flags) {
        return Settings.builder().env(env).flags(flags).build();
    }

    private static Object applicationServer(Settings settings) {
        return TrendService.streamsConfig(settings, HttpConfig.from(settings), 8082).get(StreamsConfig.APPLICATION_SERVER_CONFIG);
    }

    @Test
    void shouldGiveStreamsTheExplicitlyConfiguredApplicationServer() {
        Settings k8s = settings(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "KAFKA_APPLICATION_SERVER", "trend-service-0.trend-service:8082"), Map.of(HttpConfig.ADVERTISED, "elsewhere:1"));
        assertThat(applicationServer(k8s)).isEqualTo("trend-service-0.trend-service:8082");
    }

    @Test
    void shouldAdvertiseTheConfiguredAddressThenTheBoundOne() {
        Settings advertised = settings(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"), Map.of(HttpConfig.ADVERTISED, "trend-1:9000"));
        assertThat(applicationServer(advertised)).isEqualTo("trend-1:9000");
        Settings bound = settings(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"), Map.of(HttpConfig.HOST, "127.0.0.1"));
        assertThat(applicationServer(bound)).isEqualTo("127.0.0.1:8082");
    }

    @Test
    void shouldLeaveTheApiOpenByDefaultAndRequireThePeerSecretWithKeys() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Settings open = settings(Map.of(), Map.of());
        assertThat(TrendService.apiAccess(open, HttpConfig.from(open), meters)).as("open and unlimited").isNull();
        Settings limited = settings(Map.of(), Map.of(RateLimiter.RATE, "20"));
        ApiAccess perAddress = TrendService.apiAccess(limited, HttpConfig.from(limited), meters);
        assertThat(perAddress).isNotNull();
        assertThat(perAddress.required()).isFalse();

        String entry = ApiKeys.entry("app", ApiKeys.newKey(new SecureRandom()));
        Settings noSecret = settings(Map.of("PAPERTRENDS_HTTP_API_KEYS", entry), Map.of(ApiKeys.REQUIRED, "true"));
        assertThatThrownBy(() -> TrendService.apiAccess(noSecret, HttpConfig.from(noSecret), meters))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(HttpConfig.PEER_SECRET);
        Settings noKeys = settings(Map.of(), Map.of(ApiKeys.REQUIRED, "true", HttpConfig.PEER_SECRET, "s3cret"));
        assertThatThrownBy(() -> TrendService.apiAccess(noKeys, HttpConfig.from(noKeys), meters)).hasMessageContaining(ApiKeys.KEYS);
        Settings secured = settings(Map.of("PAPERTRENDS_HTTP_API_KEYS", entry), Map.of(ApiKeys.REQUIRED, "true", HttpConfig.PEER_SECRET, "s3cret"));
        assertThat(TrendService.apiAccess(secured, HttpConfig.from(secured), meters).required()).isTrue();
        Settings keysOnly = settings(Map.of("PAPERTRENDS_HTTP_API_KEYS", entry), Map.of());
        assertThat(TrendService.apiAccess(keysOnly, HttpConfig.from(keysOnly), meters)).as("keys alone do not close the API").isNull();
    }
}
