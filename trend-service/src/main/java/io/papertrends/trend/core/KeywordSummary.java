package io.papertrends.trend.core;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.kafka.common.serialization.Serde;

/**
 * What the ranking of one {@code keyword:} scope in one window says about the keyphrase, sent
 * keyed by window from the merge stage to the keyword ranking ({@code KeywordRanker}), and kept
 * there per window in {@value TrendStores#KEYWORD_SCORES_STORE}.
 *
 * <p>The score is kept as a sum at a reference time: every paper's score decays by the same
 * factor {@code 0.5^(Δt / halfLife)}, so the sum of the ranked papers' scores at any later time
 * is {@code scoreAtRef · 0.5^((now − refMs) / halfLife)} until the next summary replaces it.
 *
 * @param normalized the normalised phrase (the scope name without {@code keyword:})
 * @param phrase     how the phrase reads (the display form most of its papers use)
 * @param scoreAtRef Σ of the ranked papers' trending scores at {@code refMs}
 * @param refMs      wall-clock time the scores were computed
 * @param observed   Σ of the ranked papers' observed engagement
 * @param expected   Σ of the ranked papers' expected engagement
 * @param papers     ranked papers; 0 when the keyword's ranking is empty (the keyword leaves)
 * @param events     Σ of the ranked papers' events in the window
 */
public record KeywordSummary(String window, String normalized, String phrase, double scoreAtRef, long refMs, double observed,
                      double expected, long papers, long events) {
    public static final Serde<KeywordSummary> SERDE = Codec.serde(KeywordSummary::write, KeywordSummary::read);

    public static KeywordSummary empty(String window, String normalized, long refMs) {
        return new KeywordSummary(window, normalized, normalized, 0, refMs, 0, 0, 0, 0);
    }

    public boolean isEmpty() {
        return papers == 0;
    }

    /** Observed over expected engagement of the keyword's papers together. */
    public double growth() {
        return expected > 0 ? observed / expected : 0;
    }

    static void write(KeywordSummary s, DataOutputStream out) throws IOException {
        out.writeUTF(s.window);
        out.writeUTF(Codec.bounded(s.normalized, 4096));
        out.writeUTF(Codec.bounded(s.phrase, 4096));
        out.writeDouble(s.scoreAtRef);
        out.writeLong(s.refMs);
        out.writeDouble(s.observed);
        out.writeDouble(s.expected);
        out.writeLong(s.papers);
        out.writeLong(s.events);
    }

    static KeywordSummary read(DataInputStream in) throws IOException {
        return new KeywordSummary(in.readUTF(), in.readUTF(), in.readUTF(), in.readDouble(), in.readLong(), in.readDouble(),
                in.readDouble(), in.readLong(), in.readLong());
    }
}
