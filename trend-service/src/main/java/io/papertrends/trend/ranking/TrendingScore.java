package io.papertrends.trend.ranking;

/**
 * The trending score of one paper in one window: how far its engagement now exceeds what was
 * expected of it, faded by the time since its last activity.
 *
 * <pre>
 *   observed = engagement score of the paper's current window (paper-popularity `score`)
 *   expected = max(minExpected, ownBaseline, fieldBaseline)
 *   growth   = observed / expected
 *   raw      = (observed − expected)² / expected     if observed &gt; expected, else 0
 *   decay    = 0.5 ^ (idle / halfLife)               idle = wall-clock time since the last activity
 *   score    = raw · decay
 * </pre>
 *
 * <ul>
 *   <li><b>ownBaseline</b>: the paper's own recent engagement, an exponentially weighted moving
 *       average of the final ({@code closed}) values of its previous windows of the same length
 *       ({@link #updateBaseline}); absent for a paper with no closed window yet.</li>
 *   <li><b>fieldBaseline</b>: the same average over every paper with activity (field-wide), so
 *       a paper must beat both what it usually gets and what a typical paper gets.</li>
 *   <li>The squared excess over {@code expected} is Mastodon's trending measure (a chi-square
 *       term): it rewards a burst far above expectation and, unlike a plain ratio, does not let
 *       1 → 3 views outrank 50 → 500. A paper with steady high traffic has
 *       {@code observed ≈ ownBaseline}, so its score stays near 0 however big its totals.</li>
 *   <li>The decay halves the score every {@code halfLife} without new activity, so yesterday's
 *       burst fades even when no event arrives. Because the factor is the same function of
 *       {@code now} for every paper, {@code raw · 2^(lastActive / halfLife)} orders papers the
 *       same at any {@code now}: decay alone never reorders a ranking, it only drops papers whose
 *       score falls below a threshold.</li>
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TrendingScore {
    private final double minExpected;
    private final long halfLifeMs;

    /**
     * @param minExpected floor of {@code expected}, so a paper nobody ever read needs more than a
     *                    single view to trend (and the division is defined); must be &gt; 0
     * @param halfLifeMs  time without activity after which the score has halved; must be &gt; 0
     */
    public TrendingScore(double minExpected, long halfLifeMs) {
        if (!(minExpected > 0)) {
            throw new IllegalArgumentException("minExpected must be > 0, got " + minExpected);
        }
        if (halfLifeMs <= 0) {
            throw new IllegalArgumentException("halfLifeMs must be > 0, got " + halfLifeMs);
        }
        this.minExpected = minExpected;
        this.halfLifeMs = halfLifeMs;
    }

    /**
     * The score and its parts.
     *
     * @param observed      engagement observed in the current window (≥ 0)
     * @param ownBaseline   the paper's own baseline, {@code NaN} when it has none yet
     * @param fieldBaseline the field-wide baseline, {@code NaN} when unknown
     * @param idleMs        wall-clock time since the paper's last activity (negative counts as 0)
     */
    public Result score(double observed, double ownBaseline, double fieldBaseline, long idleMs) {
        double expected = minExpected;
        if (!Double.isNaN(ownBaseline)) {
            expected = Math.max(expected, ownBaseline);
        }
        if (!Double.isNaN(fieldBaseline)) {
            expected = Math.max(expected, fieldBaseline);
        }
        double obs = Math.max(0, observed);
        double excess = obs - expected;
        double raw = excess > 0 ? excess * excess / expected : 0;
        double decay = decay(idleMs);
        return new Result(raw * decay, raw, obs, expected, obs / expected, decay);
    }

    /** The decay factor after {@code idleMs} without activity: 1 at 0, ½ at one half-life. */
    public double decay(long idleMs) {
        return Math.pow(0.5, Math.max(0, idleMs) / (double) halfLifeMs);
    }

    /**
     * When a score of {@code raw} at {@code lastActiveMs} decays below {@code threshold}:
     * {@code lastActive + halfLife · log2(raw / threshold)}; {@code lastActiveMs} when it
     * already is below.
     */
    public long fallsBelowAt(double raw, long lastActiveMs, double threshold) {
        if (!(raw >= threshold) || threshold <= 0) {
            return lastActiveMs;
        }
        double halfLives = Math.log(raw / threshold) / Math.log(2);
        double at = lastActiveMs + halfLives * halfLifeMs;
        return at >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(at);
    }

    /**
     * Moves a baseline towards a new closed-window value:
     * {@code baseline + alpha · (value − baseline)}, or {@code value} when there is no baseline yet.
     *
     * @param alpha weight of the new value, in (0, 1]
     */
    public static double updateBaseline(double baseline, double value, double alpha) {
        if (Double.isNaN(baseline)) {
            return value;
        }
        return baseline + alpha * (value - baseline);
    }

    /**
     * A trending score and the parts it is made of.
     *
     * @param score    {@code raw · decay}: what rankings compare
     * @param raw      the undecayed score
     * @param observed engagement observed in the window
     * @param expected engagement expected from the paper's own and the field-wide baseline
     * @param growth   {@code observed / expected}
     * @param decay    the time-decay factor applied (1 = no decay)
     */
    public record Result(double score, double raw, double observed, double expected, double growth, double decay) { }
}
