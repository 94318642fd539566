package io.papertrends.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.papertrends.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateStoresTest {
    @Test
    void shouldDefaultToPersistentStores() {
        assertThat(StateStores.from(Settings.of(Map.of()))).isEqualTo(StateStores.PERSISTENT);
        assertThat(StateStores.PERSISTENT.keyValue("s").metricsScope()).isEqualTo("rocksdb");
        assertThat(StateStores.PERSISTENT.window("w", Duration.ofHours(2), Duration.ofMinutes(5), false).metricsScope())
                .isEqualTo("rocksdb-window");
    }

    @Test
    void shouldOfferInMemoryStores() {
        StateStores kind = StateStores.from(Settings.of(Map.of(StateStores.CONFIG, "in-memory")));
        assertThat(kind).isEqualTo(StateStores.IN_MEMORY);
        assertThat(kind.keyValue("s").metricsScope()).isEqualTo("in-memory");
        assertThat(kind.window("w", Duration.ofHours(2), Duration.ofMinutes(5), false).metricsScope()).isEqualTo("in-memory-window");
    }

    @Test
    void shouldMakeRocksDbSegmentsAtLeastAsLongAsAsked() {
        var panes = StateStores.PERSISTENT.window("w", Duration.ofMinutes(80), Duration.ofMinutes(5), false, Duration.ofDays(1));
        assertThat(panes.segmentIntervalMs()).isEqualTo(Duration.ofDays(1).toMillis());
        assertThat(panes.retentionPeriod()).isEqualTo(Duration.ofMinutes(80).toMillis());
        assertThat(panes.metricsScope()).isEqualTo("rocksdb-window");
        // Kafka's own choice (half the retention) when that is longer.
        var week = StateStores.PERSISTENT.window("v", Duration.ofDays(8), Duration.ofDays(1), false, Duration.ofDays(1));
        assertThat(week.segmentIntervalMs()).isEqualTo(Duration.ofDays(4).toMillis());
        assertThat(StateStores.IN_MEMORY.window("m", Duration.ofMinutes(80), Duration.ofMinutes(5), false, Duration.ofDays(1)).metricsScope())
                .isEqualTo("in-memory-window");
    }

    @Test
    void shouldRejectAnUnknownKindNamingTheKey() {
        assertThatThrownBy(() -> StateStores.from(Settings.of(Map.of(StateStores.CONFIG, "tape"))))
                .hasMessageContaining(StateStores.CONFIG).hasMessageContaining("tape");
    }
}
