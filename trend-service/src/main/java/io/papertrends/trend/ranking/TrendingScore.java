package io.papertrends.trend.ranking;

/**
 * The trending score of one paper in one window: how far its engagement now exceeds what was
 * expected of it, faded by the time since its last activity.
 *
 * <pre>
 *   observed = engagement score of the paper's current window (paper-popularity `score`)
 *   baseline = the paper's own baseline, or the field-wide baseline for a paper without one
 *   expected = max(minExpected, baseline · fieldGrowth)
 *   growth   = observed / expected
 *   raw      = (observed − expected)² / expected     if observed &gt; expected, else 0
 *   decay    = 0.5 ^ (idle / halfLife)               idle = wall-clock time since the last activity
 *   score    = raw · decay
 * </pre>
 *
 * <ul>
 *   <li><b>own baseline</b>: the paper's own recent engagement, an exponentially weighted moving
 *       average of the final ({@code closed}) values of its previous windows of the same length
 *       ({@link #updateBaseline}).</li>
 *   <li><b>fieldGrowth</b>: how busy the whole field is now against its usual level, the sum of
 *       the active papers' current engagement (each capped at twice its baseline, so a burst
 *       does not lift it) over the sum of their baselines. Traffic that rises for every paper
 *       (morning against night, a holiday ending) raises every expectation alike, so it makes
 *       no paper trend; a big paper's share of such a rise would otherwise outscore real
 *       bursts, because the squared excess grows with size.</li>
 *   <li><b>field-wide baseline</b>: the average closed-window engagement of the field's papers,
 *       the expectation of a paper with no closed window yet (a new paper must beat what a typical
 *       paper gets, not 0).</li>
 *   <li>The squared excess over {@code expected} is Mastodon's trending measure (a chi-square
 *       term, the square of a Poisson z-score): it rewards a burst far above expectation and,
 *       unlike a plain ratio, does not let 1 → 3 views outrank 50 → 500. A paper with steady
 *       high traffic has {@code observed ≈ expected}, so its score stays near 0 however big its
 *       totals.</li>
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
        return score(observed, ownBaseline, fieldBaseline, 1, idleMs);
    }

    /**
     * The score and its parts.
     *
     * @param observed      engagement observed in the current window (≥ 0)
     * @param ownBaseline   the paper's own baseline, {@code NaN} when it has none yet
     * @param fieldBaseline the field-wide baseline of a typical paper, {@code NaN} when unknown;
     *                      the expectation of a paper without a baseline of its own
     * @param fieldGrowth   how busy the field is now against its usual level (1 = as usual); it
     *                      scales the baseline, so that a rise of all traffic (day against night)
     *                      is no paper's burst
     * @param idleMs        wall-clock time since the paper's last activity (negative counts as 0)
     */
    public Result score(double observed, double ownBaseline, double fieldBaseline, double fieldGrowth, long idleMs) {
        double baseline = !Double.isNaN(ownBaseline) ? ownBaseline : !Double.isNaN(fieldBaseline) ? fieldBaseline : minExpected;
        double growthOfField = fieldGrowth > 0 && Double.isFinite(fieldGrowth) ? fieldGrowth : 1;
        double expected = Math.max(minExpected, baseline * growthOfField);
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
