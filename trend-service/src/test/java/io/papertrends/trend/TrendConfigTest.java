package io.papertrends.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.papertrends.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrendConfigTest {

    @Test
    void shouldDefaultToFiftyPapersOneUpdateASecondAndATwoHourHalfLife() {
        TrendConfig config = TrendConfig.defaults();
        assertThat(config.topK()).isEqualTo(50);
        assertThat(config.updateIntervalMs()).isEqualTo(1000);
        assertThat(config.halfLifeMs()).isEqualTo(2 * 3_600_000);
        assertThat(config.keyphrases()).isEqualTo(3);
        assertThat(config.minScore()).isEqualTo(1.0);
    }

    @Test
    void shouldReadTheTrendKeys() {
        TrendConfig config = TrendConfig.from(Settings.of(Map.of(
                TrendConfig.TOP_K, "20", TrendConfig.UPDATE_INTERVAL, "500ms", TrendConfig.HALF_LIFE, "PT30M",
                TrendConfig.BASELINE_ALPHA, "0.5", TrendConfig.MIN_SCORE, "2.5", TrendConfig.CATEGORIES, "1")));
        assertThat(config.topK()).isEqualTo(20);
        assertThat(config.updateIntervalMs()).isEqualTo(500);
        assertThat(config.halfLifeMs()).isEqualTo(1_800_000);
        assertThat(config.baselineAlpha()).isEqualTo(0.5);
        assertThat(config.minScore()).isEqualTo(2.5);
        assertThat(config.categories()).isEqualTo(1);
    }

    @Test
    void shouldRejectSettingsThatCannotWork() {
        assertThatThrownBy(() -> TrendConfig.from(Settings.of(Map.of(TrendConfig.TOP_K, "0"))))
                .hasMessageContaining(TrendConfig.TOP_K);
        assertThatThrownBy(() -> TrendConfig.from(Settings.of(Map.of(TrendConfig.HALF_LIFE, "soon"))))
                .hasMessageContaining(TrendConfig.HALF_LIFE);
        assertThatThrownBy(() -> TrendConfig.from(Settings.of(Map.of(TrendConfig.BASELINE_ALPHA, "1.5"))))
                .hasMessageContaining(TrendConfig.BASELINE_ALPHA);
        assertThatThrownBy(() -> TrendConfig.from(Settings.of(Map.of(TrendConfig.MIN_SCORE, "x"))))
                .hasMessageContaining(TrendConfig.MIN_SCORE);
    }
}
