package io.papertrends.trend;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.config.Settings;
import io.papertrends.trend.http.HttpConfig;
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
}
