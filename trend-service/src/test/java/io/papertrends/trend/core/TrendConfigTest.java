package io.papertrends.trend.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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
    void shouldGiveABaselineAtLeastItsMemoryWhateverTheWindowsAdvance() {
        TrendConfig config = TrendConfig.defaults();
        assertThat(config.minEvents()).isEqualTo(5);
        // 10 min windows closing every minute remember an hour, not ten minutes; slower windows keep alpha.
        assertThat(config.baselineAlpha(60_000)).isCloseTo(1 - Math.exp(-1 / 60.0), within(1e-12));
        assertThat(config.baselineAlpha(5 * 60_000)).isCloseTo(1 - Math.exp(-5 / 60.0), within(1e-12));
        assertThat(config.baselineAlpha(3_600_000)).isEqualTo(0.1);
        assertThat(config.baselineAlpha(0)).as("unknown").isEqualTo(0.1);
        TrendConfig longer = TrendConfig.from(Settings.of(Map.of(TrendConfig.BASELINE_MEMORY, "2h", TrendConfig.MIN_EVENTS, "3")));
        assertThat(longer.baselineAlpha(60_000)).isLessThan(config.baselineAlpha(60_000));
        assertThat(longer.minEvents()).isEqualTo(3);
        assertThatThrownBy(() -> TrendConfig.from(Settings.of(Map.of(TrendConfig.MIN_EVENTS, "-1")))).hasMessageContaining(TrendConfig.MIN_EVENTS);
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

    @Test
    void shouldDefaultToFiftyKeywordsAndADigestOfTenAtEightUtcFromTheDayWindow() {
        TrendConfig config = TrendConfig.defaults();
        assertThat(config.keywordsTopK()).isEqualTo(50);
        assertThat(config.digestTime()).isEqualTo(java.time.LocalTime.of(8, 0));
        assertThat(config.digestZone().getId()).isEqualTo("UTC");
        assertThat(config.digestSize()).isEqualTo(10);
        assertThat(config.digestWindow()).isEqualTo("24h");
    }

    @Test
    void shouldReadTheKeywordAndDigestKeys() {
        TrendConfig config = TrendConfig.from(Settings.of(Map.of(TrendConfig.KEYWORDS_TOP_K, "20", TrendConfig.DIGEST_TIME, "07:30",
                TrendConfig.DIGEST_ZONE, "Europe/Berlin", TrendConfig.DIGEST_SIZE, "5", TrendConfig.DIGEST_WINDOW, "7d")));
        assertThat(config.keywordsTopK()).isEqualTo(20);
        assertThat(config.digestTime()).isEqualTo(java.time.LocalTime.of(7, 30));
        assertThat(config.digestZone()).isEqualTo(java.time.ZoneId.of("Europe/Berlin"));
        assertThat(config.digestSize()).isEqualTo(5);
        assertThat(config.digestWindow()).isEqualTo("7d");
    }

    @Test
    void shouldRejectKeywordAndDigestSettingsThatCannotWorkNamingTheKey() {
        assertThatThrownBy(() -> TrendConfig.from(Settings.of(Map.of(TrendConfig.DIGEST_ZONE, "Mars/Olympus"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(TrendConfig.DIGEST_ZONE);
        assertThatThrownBy(() -> TrendConfig.from(Settings.of(Map.of(TrendConfig.DIGEST_TIME, "25:00"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(TrendConfig.DIGEST_TIME);
        assertThatThrownBy(() -> TrendConfig.from(Settings.of(Map.of(TrendConfig.DIGEST_TIME, "8am"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(TrendConfig.DIGEST_TIME);
        assertThatThrownBy(() -> TrendConfig.from(Settings.of(Map.of(TrendConfig.DIGEST_SIZE, "0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(TrendConfig.DIGEST_SIZE);
        assertThatThrownBy(() -> TrendConfig.from(Settings.of(Map.of(TrendConfig.DIGEST_WINDOW, "24h|x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(TrendConfig.DIGEST_WINDOW);
        assertThatThrownBy(() -> TrendConfig.from(Settings.of(Map.of(TrendConfig.KEYWORDS_TOP_K, "5000"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(TrendConfig.KEYWORDS_TOP_K);
    }
}
