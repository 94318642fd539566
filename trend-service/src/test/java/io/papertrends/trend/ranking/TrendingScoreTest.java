package io.papertrends.trend.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TrendingScoreTest {
    private static final long HOUR = 3_600_000;
    private final TrendingScore formula = new TrendingScore(1.0, HOUR);

    @Test
    void shouldScoreTheSquaredPoissonDeviateOfTheCount() {
        TrendingScore.Result r = formula.score(50, 10, 5, 0);
        assertThat(r.expected()).isEqualTo(10);
        assertThat(r.observed()).isEqualTo(50);
        assertThat(r.growth()).isEqualTo(5);
        assertThat(r.decay()).isEqualTo(1);
        double z = Math.sqrt(50) + Math.sqrt(51) - Math.sqrt(41);
        assertThat(r.raw()).isCloseTo(z * z, within(1e-9));
        assertThat(r.score()).isEqualTo(r.raw());
    }

    @Test
    void shouldCountInEventsNotWeightedEngagement() {
        // 100 engagement from 50 events (a mean weight of 2), where 20 engagement (10 events) was expected.
        TrendingScore.Result r = formula.score(100, 50, 20, Double.NaN, 1, 0);
        double z = Math.sqrt(50) + Math.sqrt(51) - Math.sqrt(41);
        assertThat(r.raw()).isCloseTo(z * z, within(1e-9));
        assertThat(r.growth()).isEqualTo(5);
        // The same growth from one citation (weight 8) among a few views is one event, not eight.
        assertThat(formula.score(12, 5, 2.4, Double.NaN, 1, 0).raw()).isLessThan(formula.score(12, 12, 2.4, Double.NaN, 1, 0).raw());
    }

    @Test
    void shouldNotOverstateAHandfulOfEvents() {
        // 9 events where 3.3 were expected: about 2.4 standard deviations (a Poisson tail of 0.006), not the 3.1 of (x − λ)/√λ.
        assertThat(TrendingScore.deviate(9, 3.3)).isCloseTo(2.39, within(0.01));
        assertThat(TrendingScore.deviate(3.3, 3.3)).isCloseTo(0, within(0.15));
        assertThat(TrendingScore.deviate(10_000, 10_000)).isCloseTo(0, within(0.01));
    }

    @Test
    void shouldNotRankBelowTheMinimumSupport() {
        TrendingScore supported = new TrendingScore(1.0, HOUR, 5);
        assertThat(supported.score(8, 4, 1, Double.NaN, 1, 0).raw()).as("4 events").isZero();
        assertThat(supported.score(10, 5, 1, Double.NaN, 1, 0).raw()).as("5 events").isPositive();
        assertThatThrownBy(() -> new TrendingScore(1, HOUR, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldExpectTheHigherOfOwnAndFieldBaseline() {
        assertThat(formula.score(50, 2, 20, 0).expected()).as("a quiet paper is held to its own level").isEqualTo(2);
        assertThat(formula.score(50, 40, 20, 0).expected()).as("a busy paper is held to its own level").isEqualTo(40);
        assertThat(formula.score(50, 40, 20, 1.5, 0).expected()).as("in a busier field, more is expected").isEqualTo(60);
        assertThat(formula.score(50, Double.NaN, 20, 0.5, 0).expected()).as("a new paper in a quiet field").isEqualTo(10);
        assertThat(formula.score(50, Double.NaN, 20, 0).expected()).as("a new paper is held to the field").isEqualTo(20);
        assertThat(formula.score(3, Double.NaN, Double.NaN, 0).expected()).as("floor").isEqualTo(1);
    }

    @Test
    void shouldNotRewardSteadyTrafficHoweverHigh() {
        TrendingScore.Result steady = formula.score(10_000, 10_000, 50, 0);
        TrendingScore.Result burst = formula.score(300, 3, 50, 0);
        assertThat(steady.score()).isZero();
        assertThat(burst.score()).isGreaterThan(steady.score());
        assertThat(formula.score(5, 10, 1, 0).score()).as("below expectation").isZero();
        // Morning traffic: every paper 30% above its baseline. Without the field's growth the big paper would outscore a burst.
        assertThat(formula.score(13_000, 10_000, 50, 1.0, 0).score()).isGreaterThan(formula.score(30, 3, 50, 1.0, 0).score());
        assertThat(formula.score(13_000, 10_000, 50, 1.3, 0).score()).isZero();
        assertThat(formula.score(30, 3, 50, 1.3, 0).score()).isGreaterThan(40);
    }

    @Test
    void shouldPreferABigBurstToASmallOneOfTheSameRatio() {
        assertThat(formula.score(500, 50, Double.NaN, 0).score()).isGreaterThan(formula.score(10, 1, Double.NaN, 0).score());
    }

    @Test
    void shouldHalveTheScoreEveryHalfLifeWithoutActivity() {
        TrendingScore.Result fresh = formula.score(50, 10, 5, 0);
        TrendingScore.Result oneHalfLife = formula.score(50, 10, 5, HOUR);
        TrendingScore.Result twoHalfLives = formula.score(50, 10, 5, 2 * HOUR);
        assertThat(oneHalfLife.decay()).isCloseTo(0.5, within(1e-12));
        assertThat(oneHalfLife.score()).isCloseTo(fresh.score() / 2, within(1e-9));
        assertThat(twoHalfLives.score()).isCloseTo(fresh.score() / 4, within(1e-9));
        assertThat(twoHalfLives.raw()).isEqualTo(fresh.raw());
    }

    @Test
    void shouldTellWhenADecayingScoreFallsBelowAThreshold() {
        long at = formula.fallsBelowAt(8, 1_000, 1);
        assertThat(at).isBetween(1_000 + 3 * HOUR, 1_000 + 3 * HOUR + 1);
        assertThat(8 * formula.decay(at + 1 - 1_000)).isLessThan(1);
        assertThat(formula.fallsBelowAt(0.5, 1_000, 1)).isEqualTo(1_000);
    }

    @Test
    void shouldMoveTheBaselineTowardsEachNewValue() {
        assertThat(TrendingScore.updateBaseline(Double.NaN, 7, 0.3)).isEqualTo(7);
        assertThat(TrendingScore.updateBaseline(10, 20, 0.3)).isCloseTo(13, within(1e-12));
    }

    @Test
    void shouldRejectInvalidParameters() {
        assertThatThrownBy(() -> new TrendingScore(0, HOUR)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrendingScore(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
