package io.papertrends.ingest.simulate;

import io.papertrends.config.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A planted burst: from {@code offset} after the start of a simulation and for {@code length},
 * the paper's rate of events is {@code factor} times what it would otherwise be.
 *
 * @param paperId id of the paper, one of the simulation's papers
 * @param offset  when the burst starts, counted from the start of the simulation
 * @param factor  how much the paper's rate is multiplied by; greater than 1
 * @param length  how long the burst lasts (clipped at the end of the simulation)
 */
public record Burst(String paperId, Duration offset, double factor, Duration length) {
    private static final String FORM = "expected paperId@offset×factor[/length], e.g. arxiv:2401.00001@10m×5 or arxiv:2401.00001@1h30mx8/20m";

    public Burst {
        Objects.requireNonNull(paperId, "paperId");
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(length, "length");
        if (paperId.isBlank()) {
            throw new IllegalArgumentException("burst paper id is blank");
        }
        if (offset.isNegative()) {
            throw new IllegalArgumentException("burst offset " + offset + " is negative");
        }
        if (!(factor > 1) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("burst factor " + factor + " must be a number greater than 1");
        }
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("burst length " + length + " must be positive");
        }
    }

    /**
     * Parses {@code paperId@offset×factor[/length]}: {@code x}, {@code X} or {@code *} may stand
     * for {@code ×}; offset and length as {@link Durations#parse} reads them. The paper id is
     * everything before the last {@code @}, so ids holding an {@code @} still work.
     *
     * @param defaultLength the length when the spec names none
     * @throws IllegalArgumentException naming the spec and what is wrong with it
     */
    public static Burst parse(String spec, Duration defaultLength) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty burst: " + FORM);
        }
        String s = spec.strip();
        int at = s.lastIndexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("burst '" + spec + "' has no paper id before '@': " + FORM);
        }
        String paperId = s.substring(0, at).strip();
        String rest = s.substring(at + 1);
        Duration length = defaultLength;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            length = parsePart(spec, "length", rest.substring(slash + 1));
            rest = rest.substring(0, slash);
        }
        int times = Math.max(Math.max(rest.lastIndexOf('×'), rest.lastIndexOf('*')),
                Math.max(rest.lastIndexOf('x'), rest.lastIndexOf('X')));
        if (times < 0) {
            throw new IllegalArgumentException("burst '" + spec + "' has no factor ('×' or 'x'): " + FORM);
        }
        Duration offset = parsePart(spec, "offset", rest.substring(0, times));
        String factorText = rest.substring(times + 1).strip();
        double factor;
        try {
            factor = Double.parseDouble(factorText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("burst '" + spec + "': factor '" + factorText + "' is not a number: " + FORM, e);
        }
        try {
            return new Burst(paperId, offset, factor, length);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("burst '" + spec + "': " + e.getMessage(), e);
        }
    }

    private static Duration parsePart(String spec, String what, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("burst '" + spec + "': " + what + " " + e.getMessage(), e);
        }
    }

    /** When the burst starts, for a simulation starting at {@code start}. */
    public Instant startsAt(Instant start) {
        return start.plus(offset);
    }

    /**
     * The line the simulator prints for this burst before publishing, for a simulation starting
     * at {@code start}: {@code burst paper=<id> at=<ISO instant> factor=<f> length=<d>}.
     */
    public String describe(Instant start) {
        return "burst paper=" + paperId + " at=" + startsAt(start) + " factor=" + factorText() + " length=" + Durations.format(length);
    }

    /** The factor without a trailing {@code .0}: {@code 5}, {@code 2.5}. */
    public String factorText() {
        return BigDecimal.valueOf(factor).stripTrailingZeros().toPlainString();
    }

    /** The spec {@link #parse} reads back. */
    @Override
    public String toString() {
        return paperId + "@" + Durations.format(offset) + "×" + factorText() + "/" + Durations.format(length);
    }
}
