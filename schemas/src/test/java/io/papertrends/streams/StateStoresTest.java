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
    void shouldRejectAnUnknownKindNamingTheKey() {
        assertThatThrownBy(() -> StateStores.from(Settings.of(Map.of(StateStores.CONFIG, "tape"))))
                .hasMessageContaining(StateStores.CONFIG).hasMessageContaining("tape");
    }
}
