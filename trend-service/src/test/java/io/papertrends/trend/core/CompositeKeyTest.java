package io.papertrends.trend.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The keys' encodings are what the changelogs and trending-digest already hold: they must not change. */
class CompositeKeyTest {
    @Test
    void shouldEncodeAsTheStoresAndTheDigestContractHoldThem() {
        assertThat(new CompositeKey("1h", "keyword:graph neural networks").encode()).isEqualTo("1h|keyword:graph neural networks");
        assertThat(new CompositeKey("global", "2026-11-26").encode()).isEqualTo("global|2026-11-26");
        assertThat(new CompositeKey("1h", "global").child("00003")).isEqualTo("1h|global|00003");
        assertThat(new CompositeKey("1h", "global").childPrefix()).isEqualTo("1h|global|");
        assertThat(CompositeKey.prefix("24h")).isEqualTo("24h|");
    }

    @Test
    void shouldSplitAtTheFirstSeparatorSoThatTheTailMayBeAKey() {
        CompositeKey expiry = CompositeKey.parse("0001764144000000|1h|category:cs.CL");
        assertThat(expiry.head()).isEqualTo("0001764144000000");
        assertThat(CompositeKey.parse(expiry.tail())).isEqualTo(new CompositeKey("1h", "category:cs.CL"));
        assertThatThrownBy(() -> CompositeKey.parse("global")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldTellWhatCanBeAHead() {
        assertThat(CompositeKey.fitsHead("24h")).isTrue();
        assertThat(CompositeKey.fitsHead("a|b")).isFalse();
        assertThat(CompositeKey.withoutSeparator("a|b")).isEqualTo("a b");
    }

    @Test
    void shouldKeepAPapersWindowsUnderOnePrefix() {
        assertThat(new PaperKey("arxiv:2401.00001", "1h").encode()).isEqualTo("arxiv:2401.00001\u00001h");
        assertThat(PaperKey.parse("arxiv:2401.00001\u00001h")).isEqualTo(new PaperKey("arxiv:2401.00001", "1h"));
        assertThat(new PaperKey("doi:10.1/x|y", "24h").encode()).startsWith(PaperKey.prefix("doi:10.1/x|y"));
    }
}
