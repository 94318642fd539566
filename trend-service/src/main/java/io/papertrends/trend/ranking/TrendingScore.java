package io.papertrends.trend.ranking;

/**
 * The trending score of one paper in one window: how unlikely its activity now is, given what was
 * expected of it, faded by the time since its last activity.
 *
 * <pre>
 *   observed = engagement score of the paper's current window (paper-popularity `score`)
 *   baseline = the paper's own baseline, or the field-wide baseline for a paper without one
 *   expected = max(minExpected, baseline · fieldGrowth)
 *   growth   = observed / expected
 *   weight   = observed / events                     the mean weight of an event in the window (1 if unknown)
 *   x, λ     = events, expected / weight             observed and expected, counted in events
 *   z        = √x + √(x+1) − √(4λ+1)                 Freeman–Tukey deviate of a Poisson count
 *   raw      = z²  if z &gt; 0 and x ≥ minEvents, else 0
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
 *   <li><b>The significance</b> is that of a count: events arrive at random, so a paper expected to
 *       get λ events in the window gets more or fewer by chance, the more so the smaller λ. The
 *       Freeman–Tukey deviate is the number of standard deviations a Poisson count {@code x} lies
 *       above its mean λ, accurate for small counts too, where the plain {@code (x − λ)/√λ}
 *       overstates a handful of events (9 where 3.3 were expected: 2.4 rather than 3.1). It is
 *       taken in events, not in weighted engagement, because one heavy action (a citation weighs
 *       8 views) is one event, not eight. Its square keeps the scale of a chi-square term
 *       (Mastodon's trending measure): it rewards a burst far above expectation and, unlike a plain
 *       ratio, does not let 1 → 3 views outrank 50 → 500. A paper with steady high traffic has
 *       {@code observed ≈ expected}, so its score stays near 0 however big its totals.</li>
 *   <li><b>minEvents</b>, the minimum support: a paper with fewer events than this in the window
 *       does not rank, however unlikely its count; a few events say little about a paper.</li>
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
    private final double minEvents;

    /**
     * @param minExpected floor of {@code expected}, so a paper nobody ever read needs more than a
     *                    single view to trend (and the division is defined); must be &gt; 0
     * @param halfLifeMs  time without activity after which the score has halved; must be &gt; 0
     */
    public TrendingScore(double minExpected, long halfLifeMs) {
        this(minExpected, halfLifeMs, 0);
    }

    /**
     * @param minExpected floor of {@code expected}, so a paper nobody ever read needs more than a
     *                    single view to trend (and the division is defined); must be &gt; 0
     * @param halfLifeMs  time without activity after which the score has halved; must be &gt; 0
     * @param minEvents   events a paper needs in the window to rank at all; must be &gt;= 0
     */
    public TrendingScore(double minExpected, long halfLifeMs, double minEvents) {
        if (!(minExpected > 0)) {
            throw new IllegalArgumentException("minExpected must be > 0, got " + minExpected);
        }
        if (halfLifeMs <= 0) {
            throw new IllegalArgumentException("halfLifeMs must be > 0, got " + halfLifeMs);
        }
        if (!(minEvents >= 0)) {
            throw new IllegalArgumentException("minEvents must be >= 0, got " + minEvents);
        }
        this.minExpected = minExpected;
        this.halfLifeMs = halfLifeMs;
        this.minEvents = minEvents;
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
        return score(observed, Double.NaN, ownBaseline, fieldBaseline, fieldGrowth, idleMs);
    }

    /**
     * The score and its parts.
     *
     * @param observed      engagement observed in the current window (≥ 0)
     * @param events        events in the current window; {@code NaN} when unknown (the engagement
     *                      then counts as events)
     * @param ownBaseline   the paper's own baseline, {@code NaN} when it has none yet
     * @param fieldBaseline the field-wide baseline of a typical paper, {@code NaN} when unknown;
     *                      the expectation of a paper without a baseline of its own
     * @param fieldGrowth   how busy the field is now against its usual level (1 = as usual); it
     *                      scales the baseline, so that a rise of all traffic (day against night)
     *                      is no paper's burst
     * @param idleMs        wall-clock time since the paper's last activity (negative counts as 0)
     */
    public Result score(double observed, double events, double ownBaseline, double fieldBaseline, double fieldGrowth, long idleMs) {
        double baseline = !Double.isNaN(ownBaseline) ? ownBaseline : !Double.isNaN(fieldBaseline) ? fieldBaseline : minExpected;
        double growthOfField = fieldGrowth > 0 && Double.isFinite(fieldGrowth) ? fieldGrowth : 1;
        double expected = Math.max(minExpected, baseline * growthOfField);
        double obs = Math.max(0, observed);
        double count = events >= 0 ? events : obs;
        double weight = count > 0 && obs > 0 ? obs / count : 1;
        double z = deviate(count, expected / weight);
        double raw = obs > expected && z > 0 && count >= minEvents ? z * z : 0;
        double decay = decay(idleMs);
        return new Result(raw * decay, raw, obs, expected, obs / expected, decay);
    }

    /**
     * The Freeman–Tukey deviate of a Poisson count: about how many standard deviations {@code x}
     * lies above (positive) or below its mean {@code lambda}.
     */
    public static double deviate(double x, double lambda) {
        return Math.sqrt(x) + Math.sqrt(x + 1) - Math.sqrt(4 * lambda + 1);
    }

    /** The decay factor after {@code idleMs} without activity: 1 at 0, ½ at one half-life. */
    public double decay(long idleMs) {
        return Math.pow(0.5, Math.max(0, idleMs) / (double) halfLifeMs);
    }

    /**
     * A key that orders scores as their decayed values do at any time:
     * {@code log2(raw) + lastActive / halfLife} (the decay is the same function of the time for
     * every paper).
     */
    public double orderKey(double raw, long lastActiveMs) {
        return Math.log(raw) / Math.log(2) + lastActiveMs / (double) halfLifeMs;
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
