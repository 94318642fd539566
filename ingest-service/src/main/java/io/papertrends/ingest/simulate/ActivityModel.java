package io.papertrends.ingest.simulate;

import io.papertrends.avro.EventType;
import io.papertrends.avro.PaperEvent;
import io.papertrends.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Synthetic reader activity: a deterministic stream of {@link PaperEvent}s in event-time order
 * for a set of papers, a rate and a span of simulated time. The same inputs and seed give the
 * same events, ids included, whatever order the paper ids came in.
 *
 * <p>The model:
 * <ul>
 *   <li><b>Popularity</b> is Zipf-like: the papers are shuffled by the seed and the paper of rank
 *       {@code r} (0 = most popular) draws a share proportional to {@code 1/(r+1)^s},
 *       {@code s} = {@link Builder#zipfExponent} (default 1).</li>
 *   <li><b>Day and night</b>: the rate at event time {@code t} is
 *       {@code rate × (1 + a·cos(2π(h − peak)/24))} with {@code h} the UTC hour of {@code t},
 *       {@code a} = {@link Builder#dayNight amplitude} (default 0.6) and peak hour 15:00 UTC, so
 *       {@code rate} is the mean over a whole day.</li>
 *   <li><b>Readers</b>: a population of pseudonymous readers ({@code sim-reader-<n>}), a few heavy
 *       and a long tail; with probability {@link Builder#repeatProbability} (default 0.15) an event
 *       comes from a reader who recently read the same paper, so there are repeat readers.</li>
 *   <li><b>Event types</b>: 80% views, 10% downloads, 4% upvotes, 3% bookmarks, 2.5% shares,
 *       0.5% citations.</li>
 *   <li><b>Bursts</b>: during a {@link Burst} its paper's rate is multiplied by the burst's
 *       factor (overlapping bursts of one paper add their extra rates). Random bursts, when asked
 *       for, fall on papers outside the top tenth, at offsets and factors drawn from the seed.</li>
 * </ul>
 * Events are a non-homogeneous Poisson process, generated lazily by thinning, so a long or fast
 * simulation holds no more than the model in memory. Event ids are {@code sim-<tag>-<n>}, the tag
 * derived from the seed and the start, the number counting events of the run.
 */
public final class ActivityModel implements Iterable<PaperEvent> {
    /** {@code PaperEvent.source} of simulated events. */
    public static final String SOURCE = "simulate";
    public static final double DEFAULT_ZIPF_EXPONENT = 1.0;
    public static final double DEFAULT_DAY_NIGHT_AMPLITUDE = 0.6;
    public static final int DEFAULT_PEAK_HOUR_UTC = 15;
    public static final double DEFAULT_REPEAT_PROBABILITY = 0.15;
    public static final Duration DEFAULT_BURST_LENGTH = Duration.ofMinutes(30);

    private static final EventType[] TYPES = {
        EventType.VIEW, EventType.DOWNLOAD, EventType.UPVOTE, EventType.BOOKMARK, EventType.SHARE, EventType.CITATION};
    private static final double[] TYPE_CUMULATIVE = {0.80, 0.90, 0.94, 0.97, 0.995, 1.0};
    /** How many recent readers of a paper are remembered as candidates for a repeat read. */
    private static final int RECENT_READERS = 16;
    /** Heavy readers exist but do not dominate: flatter than paper popularity. */
    private static final double READER_EXPONENT = 0.6;
    private static final int MAX_READERS = 1_000_000;
    private static final long SHUFFLE_SALT = 0x5DEECE66DL;
    private static final long BURST_SALT = 0x9E3779B97F4A7C15L;
    private static final double MS_PER_DAY = 86_400_000.0;
    private static final double MS_PER_HOUR = 3_600_000.0;

    private final List<String> papers;
    private final Map<String, Integer> rankOf;
    private final Zipf popularity;
    private final Zipf readerActivity;
    private final double rate;
    private final Instant start;
    private final Duration duration;
    private final long seed;
    private final double amplitude;
    private final double peakHour;
    private final double repeatProbability;
    private final List<Burst> bursts;
    private final String runTag;

    private ActivityModel(Builder b) {
        this.rate = b.rate;
        this.start = b.start;
        this.duration = b.duration;
        this.seed = b.seed;
        this.amplitude = b.amplitude;
        this.peakHour = b.peakHour;
        this.repeatProbability = b.repeatProbability;
        this.papers = List.copyOf(choosePapers(b));
        this.rankOf = new HashMap<>();
        for (int i = 0; i < papers.size(); i++) {
            rankOf.put(papers.get(i), i);
        }
        this.popularity = new Zipf(papers.size(), b.zipfExponent);
        int readers = b.readers > 0 ? b.readers
                : (int) Math.max(50, Math.min(MAX_READERS, expectedBaseEvents() / 5));
        this.readerActivity = new Zipf(readers, READER_EXPONENT);
        List<Burst> all = new ArrayList<>();
        for (Burst burst : b.bursts) {
            if (burst.offset().compareTo(duration) >= 0) {
                throw new IllegalArgumentException("burst " + burst + " starts at or after the end of the "
                        + Durations.format(duration) + " simulation");
            }
            all.add(burst);
        }
        all.addAll(randomBursts(b.randomBursts, b.burstLength));
        this.bursts = List.copyOf(all);
        this.runTag = "sim-" + String.format("%016x", mix(seed ^ mix(start.toEpochMilli())));
    }

    /** A builder for the given paper ids (duplicates are ignored). */
    public static Builder builder(Collection<String> paperIds) {
        return new Builder(paperIds);
    }

    /**
     * Sorted then shuffled by the seed, so the result depends on the set of ids only; burst papers
     * are kept when a limit drops others.
     */
    private static List<String> choosePapers(Builder b) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(b.paperIds));
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("no papers to simulate activity for");
        }
        Set<String> known = new HashSet<>(sorted);
        for (Burst burst : b.bursts) {
            if (!known.contains(burst.paperId())) {
                throw new IllegalArgumentException("burst paper '" + burst.paperId() + "' is not one of the "
                        + sorted.size() + " papers");
            }
        }
        SplittableRandom random = new SplittableRandom(b.seed ^ SHUFFLE_SALT);
        for (int i = sorted.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            String t = sorted.get(i);
            sorted.set(i, sorted.get(j));
            sorted.set(j, t);
        }
        if (b.papersLimit <= 0 || b.papersLimit >= sorted.size()) {
            return sorted;
        }
        Set<String> kept = new LinkedHashSet<>();
        b.bursts.forEach(burst -> kept.add(burst.paperId()));
        for (String id : sorted) {
            if (kept.size() >= b.papersLimit) {
                break;
            }
            kept.add(id);
        }
        // Back in shuffled order so a burst paper keeps the popularity rank the shuffle gave it.
        return sorted.stream().filter(kept::contains).toList();
    }

    private List<Burst> randomBursts(int count, Duration burstLength) {
        if (count <= 0) {
            return List.of();
        }
        SplittableRandom random = new SplittableRandom(seed ^ BURST_SALT);
        // A burst on a paper that is already on top changes nothing visible: pick from the rest.
        int from = papers.size() >= 10 ? papers.size() / 10 : 0;
        Duration length = burstLength.compareTo(duration.dividedBy(2)) <= 0 ? burstLength : duration.dividedBy(2);
        if (length.isZero()) {
            length = duration;
        }
        long room = duration.minus(length).toSeconds();
        Set<Integer> used = new HashSet<>();
        List<Burst> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int rank = from + random.nextInt(papers.size() - from);
            for (int tries = 0; used.contains(rank) && tries < 10; tries++) {
                rank = from + random.nextInt(papers.size() - from);
            }
            used.add(rank);
            Duration offset = Duration.ofSeconds(room > 0 ? random.nextLong(room + 1) : 0);
            double factor = 3 + random.nextInt(8);
            out.add(new Burst(papers.get(rank), offset, factor, length));
        }
        return out;
    }

    /** The papers of the simulation, most popular first. */
    public List<String> papersByPopularity() {
        return papers;
    }

    /** The share of the paper's events in all events outside bursts, or 0 for a paper not simulated. */
    public double popularity(String paperId) {
        Integer rank = rankOf.get(paperId);
        return rank == null ? 0 : popularity.weight(rank);
    }

    /** The planted bursts, then the random ones. */
    public List<Burst> bursts() {
        return bursts;
    }

    public Instant start() {
        return start;
    }

    public Instant end() {
        return start.plus(duration);
    }

    public Duration duration() {
        return duration;
    }

    /** Mean events per second of simulated time over a day, bursts aside. */
    public double rate() {
        return rate;
    }

    public long seed() {
        return seed;
    }

    /** Size of the reader population. */
    public int readers() {
        return readerActivity.size();
    }

    private double expectedBaseEvents() {
        return rate * duration.toMillis() / 1000.0;
    }

    /** The events, generated afresh, in event-time order; each call gives the same sequence. */
    @Override
    public Iterator<PaperEvent> iterator() {
        return new Generator();
    }

    /** The day/night factor at {@code t} seconds into the simulation; its mean over a day is 1. */
    private double rhythm(double t) {
        double ms = start.toEpochMilli() + t * 1000.0;
        double hour = (((ms % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / MS_PER_HOUR;
        return 1 + amplitude * Math.cos(2 * Math.PI * (hour - peakHour) / 24.0);
    }

    /** SplitMix64's finaliser: spreads nearby seeds over the whole range. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * One pass over the simulated span. Time is cut into segments at every burst start and end so
     * the set of active bursts, and with it the thinning bound, is constant inside a segment.
     */
    private final class Generator implements Iterator<PaperEvent> {
        private final SplittableRandom random = new SplittableRandom(seed);
        private final double end = duration.toNanos() / 1e9;
        private final double[] burstStart = new double[bursts.size()];
        private final double[] burstEnd = new double[bursts.size()];
        private final int[] burstRank = new int[bursts.size()];
        private final int[][] recent = new int[papers.size()][];
        private final int[] recentCount = new int[papers.size()];
        private double t;
        private double segmentEnd;
        private double maxRate;
        private int[] active = new int[0];
        private double[] activeCumulative = new double[0];
        private double extra;
        private long sequence;
        private PaperEvent next;
        private boolean done;

        Generator() {
            for (int i = 0; i < bursts.size(); i++) {
                Burst b = bursts.get(i);
                burstStart[i] = b.offset().toNanos() / 1e9;
                burstEnd[i] = Math.min(end, burstStart[i] + b.length().toNanos() / 1e9);
                burstRank[i] = rankOf.get(b.paperId());
            }
        }

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                next = advance();
                done = next == null;
            }
            return next != null;
        }

        @Override
        public PaperEvent next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            PaperEvent e = next;
            next = null;
            return e;
        }

        private PaperEvent advance() {
            while (t < end) {
                if (t >= segmentEnd) {
                    enterSegment();
                }
                // Exponential gaps are memoryless, so a candidate past the segment can be dropped and drawn anew from its end.
                double candidate = t - Math.log(1 - random.nextDouble()) / maxRate;
                if (candidate >= segmentEnd) {
                    t = segmentEnd;
                    continue;
                }
                t = candidate;
                if (amplitude > 0 && random.nextDouble() * (1 + amplitude) > rhythm(t)) {
                    continue;
                }
                return event(t);
            }
            return null;
        }

        private void enterSegment() {
            segmentEnd = end;
            List<Integer> on = new ArrayList<>();
            for (int i = 0; i < burstStart.length; i++) {
                if (burstStart[i] > t) {
                    segmentEnd = Math.min(segmentEnd, burstStart[i]);
                } else if (burstEnd[i] > t) {
                    segmentEnd = Math.min(segmentEnd, burstEnd[i]);
                    on.add(i);
                }
            }
            active = on.stream().mapToInt(Integer::intValue).toArray();
            activeCumulative = new double[active.length];
            extra = 0;
            for (int k = 0; k < active.length; k++) {
                int i = active[k];
                extra += (bursts.get(i).factor() - 1) * popularity.weight(burstRank[i]);
                activeCumulative[k] = extra;
            }
            maxRate = rate * (1 + amplitude) * (1 + extra);
        }

        private PaperEvent event(double at) {
            int paper = choosePaper();
            int reader = chooseReader(paper);
            EventType type = chooseType();
            Instant occurredAt = Instant.ofEpochMilli(start.toEpochMilli() + (long) Math.floor(at * 1000.0));
            String id = runTag + "-" + sequence++;
            return new PaperEvent(id, papers.get(paper), type, "sim-reader-" + reader, occurredAt, SOURCE, occurredAt);
        }

        /** Base popularity with weight 1, plus each active burst with its extra rate. */
        private int choosePaper() {
            if (extra == 0) {
                return popularity.sample(random);
            }
            double u = random.nextDouble() * (1 + extra);
            if (u < 1) {
                return popularity.sample(random);
            }
            for (int k = 0; k < active.length; k++) {
                if (u - 1 < activeCumulative[k]) {
                    return burstRank[active[k]];
                }
            }
            return burstRank[active[active.length - 1]];
        }

        private int chooseReader(int paper) {
            int[] ring = recent[paper];
            int seen = recentCount[paper];
            if (seen > 0 && random.nextDouble() < repeatProbability) {
                return ring[random.nextInt(Math.min(seen, RECENT_READERS))];
            }
            int reader = readerActivity.sample(random);
            if (ring == null) {
                ring = new int[RECENT_READERS];
                recent[paper] = ring;
            }
            ring[seen % RECENT_READERS] = reader;
            recentCount[paper] = seen + 1;
            return reader;
        }

        private EventType chooseType() {
            double u = random.nextDouble();
            for (int i = 0; i < TYPES.length; i++) {
                if (u < TYPE_CUMULATIVE[i]) {
                    return TYPES[i];
                }
            }
            return EventType.VIEW;
        }
    }

    /** Settings of a model; only the paper ids, rate, start and duration have no default. */
    public static final class Builder {
        private final Collection<String> paperIds;
        private double rate = Double.NaN;
        private Instant start;
        private Duration duration;
        private long seed;
        private double zipfExponent = DEFAULT_ZIPF_EXPONENT;
        private double amplitude = DEFAULT_DAY_NIGHT_AMPLITUDE;
        private double peakHour = DEFAULT_PEAK_HOUR_UTC;
        private double repeatProbability = DEFAULT_REPEAT_PROBABILITY;
        private int readers;
        private List<Burst> bursts = List.of();
        private int randomBursts;
        private Duration burstLength = DEFAULT_BURST_LENGTH;
        private int papersLimit;

        private Builder(Collection<String> paperIds) {
            this.paperIds = List.copyOf(Objects.requireNonNull(paperIds, "paperIds"));
        }

        /** Mean events per second of simulated time (over a whole day, bursts aside); positive. */
        public Builder rate(double eventsPerSecond) {
            this.rate = eventsPerSecond;
            return this;
        }

        /** Event time of the start of the simulation. */
        public Builder start(Instant value) {
            this.start = value;
            return this;
        }

        /** Span of simulated time; positive. */
        public Builder duration(Duration value) {
            this.duration = value;
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Skew of paper popularity: 0 = uniform, 1 (default) = classic Zipf, higher = steeper. */
        public Builder zipfExponent(double value) {
            this.zipfExponent = value;
            return this;
        }

        /**
         * Day/night rhythm: relative amplitude in {@code [0, 1)} (0 = flat) and the UTC hour of
         * the daily peak.
         */
        public Builder dayNight(double amplitudeValue, double peakHourUtc) {
            this.amplitude = amplitudeValue;
            this.peakHour = peakHourUtc;
            return this;
        }

        /** Probability in {@code [0, 1]} that an event comes from a recent reader of the same paper. */
        public Builder repeatProbability(double value) {
            this.repeatProbability = value;
            return this;
        }

        /** Size of the reader population; 0 (default) = a fifth of the expected events, 50 to 1,000,000. */
        public Builder readers(int value) {
            this.readers = value;
            return this;
        }

        /** Planted bursts; their papers must be among the paper ids. */
        public Builder bursts(List<Burst> value) {
            this.bursts = List.copyOf(value);
            return this;
        }

        /** How many bursts to plant at random (drawn from the seed). */
        public Builder randomBursts(int count) {
            this.randomBursts = count;
            return this;
        }

        /** Length of random bursts (default 30 minutes, at most half the duration). */
        public Builder burstLength(Duration value) {
            this.burstLength = value;
            return this;
        }

        /** Use at most this many of the papers, chosen by the seed, burst papers always kept; 0 = all. */
        public Builder papersLimit(int value) {
            this.papersLimit = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the setting that is out of range */
        public ActivityModel build() {
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("rate must be a positive number of events per second, got " + rate);
            }
            Objects.requireNonNull(start, "start");
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("duration must be positive, got " + duration);
            }
            if (!(zipfExponent >= 0) || Double.isInfinite(zipfExponent)) {
                throw new IllegalArgumentException("Zipf exponent must be 0 or more, got " + zipfExponent);
            }
            if (!(amplitude >= 0 && amplitude < 1)) {
                throw new IllegalArgumentException("day/night amplitude must be in [0, 1), got " + amplitude);
            }
            if (!(repeatProbability >= 0 && repeatProbability <= 1)) {
                throw new IllegalArgumentException("repeat probability must be in [0, 1], got " + repeatProbability);
            }
            if (readers < 0 || randomBursts < 0 || papersLimit < 0) {
                throw new IllegalArgumentException("readers, random bursts and papers limit must not be negative");
            }
            if (burstLength == null || burstLength.isNegative() || burstLength.isZero()) {
                throw new IllegalArgumentException("burst length must be positive, got " + burstLength);
            }
            return new ActivityModel(this);
        }
    }
}
