package io.papertrends.ingest.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BurstTest {
    private static final Duration DEFAULT_LENGTH = Duration.ofMinutes(30);

    @Test
    void shouldParsePaperOffsetAndFactorWithTheTimesSign() {
        Burst burst = Burst.parse("arxiv:2401.00001@10m×5", DEFAULT_LENGTH);

        assertThat(burst).isEqualTo(new Burst("arxiv:2401.00001", Duration.ofMinutes(10), 5, DEFAULT_LENGTH));
    }

    @Test
    void shouldAcceptXForTheTimesSignAndAnOptionalLength() {
        assertThat(Burst.parse(" arxiv:2401.00001@1h30mx2.5/20m ", DEFAULT_LENGTH))
                .isEqualTo(new Burst("arxiv:2401.00001", Duration.ofMinutes(90), 2.5, Duration.ofMinutes(20)));
        assertThat(Burst.parse("title:abc@PT10MX3", DEFAULT_LENGTH))
                .isEqualTo(new Burst("title:abc", Duration.ofMinutes(10), 3, DEFAULT_LENGTH));
    }

    @Test
    void shouldTakeThePaperIdUpToTheLastAt() {
        assertThat(Burst.parse("doi:10.1000/a@b@0sx4", DEFAULT_LENGTH).paperId()).isEqualTo("doi:10.1000/a@b");
    }

    @Test
    void shouldDescribeItselfInTheLineTestsCheck() {
        Burst burst = new Burst("arxiv:2401.00001", Duration.ofMinutes(10), 5, Duration.ofMinutes(30));

        assertThat(burst.describe(Instant.parse("2026-11-26T00:00:00Z")))
                .isEqualTo("burst paper=arxiv:2401.00001 at=2026-11-26T00:10:00Z factor=5 length=30m");
        assertThat(Burst.parse(burst.toString(), DEFAULT_LENGTH)).isEqualTo(burst);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "arxiv:1                 | has no paper id before '@'",
        "@10mx5                  | has no paper id before '@'",
        "arxiv:1@10m             | has no factor",
        "arxiv:1@tenx5           | offset invalid duration 'ten'",
        "arxiv:1@x5              | offset missing duration",
        "arxiv:1@10mxfive        | factor 'five' is not a number",
        "arxiv:1@10mx1           | must be a number greater than 1",
        "arxiv:1@10mx-3          | must be a number greater than 1",
        "arxiv:1@10mx5/0s        | length",
        "arxiv:1@10mx5/forever   | length invalid duration 'forever'",
    })
    void shouldRejectBadSpecsNamingTheSpecAndTheProblem(String spec, String problem) {
        assertThatThrownBy(() -> Burst.parse(spec, DEFAULT_LENGTH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + spec + "'")
                .hasMessageContaining(problem);
    }

    @Test
    void shouldRejectAnEmptySpecShowingTheExpectedForm() {
        assertThatThrownBy(() -> Burst.parse(" ", DEFAULT_LENGTH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("paperId@offset×factor");
    }
}
