package io.papertrends.enrich.popularity;

import io.papertrends.avro.EventType;
import io.papertrends.avro.PaperEvent;
import io.papertrends.avro.PaperPopularity;
import io.papertrends.streams.KeyValueWriteBackStore;
import io.papertrends.streams.WindowWriteBackStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import org.apache.datasketches.hash.MurmurHash3;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Pane-based hopping windows ("No pane, no gain", Li et al. 2005). Each event updates one pane
 * per window spec (a tumbling slice as long as the advance) instead of every overlapping window:
 * 3 pane updates for the default windows where a hopping-window aggregation makes 43.
 *
 * <p>Emission:
 * <ul>
 *   <li>every {@code emitInterval} (wall clock), for each paper changed since the last emission,
 *       the value of its <em>current</em> window per spec (the one ending soonest after stream
 *       time: the last {@code size} of activity), with {@code closed=false};</li>
 *   <li>once stream time passes a window's end plus grace, its final value with {@code closed=true},
 *       for every window that holds activity. A queue ordered by the earliest window each paper
 *       still owes makes that work proportional to the windows closing, not to the papers.</li>
 * </ul>
 * Events older than every window holding them (end + grace ≤ stream time) are counted as
 * dropped. All state is in named, logged stores, so an exactly-once restart resumes exactly.
 */
final class PopularityProcessor implements Processor<String, PaperEvent, String, PaperPopularity> {
    private static final String OBSERVED = "observed";
    private static final String WINDOWS = "windows";
    private static final long EVENT_ID_SEED = 0x5eedL;

    private final PopularityConfig config;
    private final List<WindowSpec> specs;
    private final PopularityMetrics metrics;
    private final long[] closedUpTo;
    private long observed = Long.MIN_VALUE;

    private ProcessorContext<String, PaperPopularity> context;
    private final List<WindowWriteBackStore<String, Pane>> panes = new ArrayList<>();
    private KeyValueWriteBackStore<String, PaperState> papers;
    /**
     * Papers owed a final value, ordered by the earliest window end owed, then spec: derived from
     * the paper states (their {@code pendingFrom}), rebuilt at {@link #init}, so it needs no store
     * or changelog of its own.
     */
    private final NavigableSet<String> owed = new TreeSet<>();
    /** Papers changed since the last emission: derived from the paper states ({@code dirtyFrom}) like {@link #owed}. */
    private final Set<String> unemitted = new LinkedHashSet<>();
    private KeyValueStore<String, Long> progress;
    /** Hashes of the ids of the events counted, per paper and time bucket. */
    private WindowWriteBackStore<String, SeenEvents> seen;
    private long bucketMs;
    /** Whether the progress store names the windows the state is kept for (written with the first event, not at init). */
    private boolean windowsRecorded;

    PopularityProcessor(PopularityConfig config, PopularityMetrics metrics) {
        this.config = config;
        this.specs = config.windows();
        this.metrics = metrics;
        this.closedUpTo = new long[specs.size()];
    }

    @Override
    public void init(ProcessorContext<String, PaperPopularity> context) {
        this.context = context;
        for (WindowSpec spec : specs) {
            panes.add(context.getStateStore(PopularityTopology.paneStore(spec)));
        }
        papers = context.getStateStore(PopularityTopology.PAPERS_STORE);
        progress = context.getStateStore(PopularityTopology.PROGRESS_STORE);
        seen = config.dedup() ? context.getStateStore(PopularityTopology.SEEN_STORE) : null;
        bucketMs = config.dedupBucketMs();
        requireSameWindows();
        // Also after an exactly-once abort: the store then holds the last committed states again.
        owed.clear();
        unemitted.clear();
        try (KeyValueIterator<String, PaperState> it = papers.all()) {
            while (it.hasNext()) {
                KeyValue<String, PaperState> kv = it.next();
                for (int i = 0; i < specs.size() && i < kv.value.pendingFrom.length; i++) {
                    if (kv.value.pendingFrom[i] != PaperState.NONE) {
                        owed.add(queueKey(kv.value.pendingFrom[i], i, kv.key));
                    }
                }
                if (kv.value.dirty()) {
                    unemitted.add(kv.key);
                }
            }
        }
        Long seen = progress.get(OBSERVED);
        observed = seen == null ? Long.MIN_VALUE : seen;
        for (int i = 0; i < specs.size(); i++) {
            Long closed = progress.get(closedKey(i));
            closedUpTo[i] = closed == null ? Long.MIN_VALUE : closed;
        }
        context.schedule(Duration.ofMillis(config.emitIntervalMs()), PunctuationType.WALL_CLOCK_TIME, now -> emitChanged());
    }

    @Override
    public void process(Record<String, PaperEvent> record) {
        PaperEvent event = record.value();
        long t = record.timestamp();
        if (!countable(record.key(), event, t)) {
            return;
        }
        String paper = record.key();
        Long id = seen == null ? null : eventIdHash(event);
        if (id != null && !firstTime(paper, t, id)) {
            metrics.duplicate();
            return;
        }
        if (t > observed) {
            advanceTo(t);
        }
        PaperState state = papers.live(paper);
        boolean fresh = state == null;
        if (fresh) {
            state = new PaperState(specs.size());
        }
        boolean counted = false;
        boolean changed = fresh;
        int type = event.getType().ordinal();
        Long reader = Pane.readerHash(event.getUserId());
        for (int i = 0; i < specs.size(); i++) {
            WindowSpec spec = specs.get(i);
            long lastEnd = spec.lastWindowEnd(t);
            if (lastEnd <= closedUpTo[i]) {
                metrics.dropped(spec.name());
                continue;
            }
            panes.get(i).change(paper, spec.paneStart(t), Pane::new, pane -> pane.add(type, reader));
            changed |= owe(i, paper, state, t, lastEnd);
            counted = true;
        }
        if (!counted) {
            return;
        }
        metrics.event();
        if (!windowsRecorded) {
            progress.put(WINDOWS, WindowSpec.fingerprint(specs));
            windowsRecorded = true;
        }
        changed |= markUnemitted(paper, state, t);
        if (changed) {
            papers.update(paper, state);
        }
    }

    /**
     * Remembers the event id {@code hash} of {@code paper} at {@code t}; false when it was there
     * already. An event no window counts (too late) is remembered too: sent again, it is as late.
     */
    private boolean firstTime(String paper, long t, long hash) {
        boolean[] added = new boolean[1];
        seen.change(paper, Math.floorDiv(t, bucketMs) * bucketMs, SeenEvents::new, set -> added[0] = set.add(hash));
        return added[0];
    }

    /**
     * The 64-bit hash of the event's id, or null when it has none (records from producers other
     * than ingest): an event is the same event sent again when its id and event time are the
     * same, and the ingest service derives the id so that a re-sent event keeps it.
     */
    private static Long eventIdHash(PaperEvent event) {
        String id = event.getEventId();
        if (id == null || id.isEmpty()) {
            return null;
        }
        if (id.length() == 32 && isLowerHex(id)) {
            // Ingest's ids are 32 hex digits of a SHA-256: their own bits are a hash already.
            return fmix64(hex(id, 0) ^ fmix64(hex(id, 16)));
        }
        return MurmurHash3.hash(id.getBytes(StandardCharsets.UTF_8), EVENT_ID_SEED)[0];
    }

    /** MurmurHash3's 64-bit finalizer: every input bit affects every output bit. */
    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        return k ^ (k >>> 33);
    }

    private static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** The 16 lower-case hex digits of {@code s} from {@code from} as a long. */
    private static long hex(String s, int from) {
        long v = 0;
        for (int i = from; i < from + 16; i++) {
            char c = s.charAt(i);
            v = v << 4 | (c <= '9' ? c - '0' : c - 'a' + 10);
        }
        return v;
    }

    /**
     * The windows are kept by position in the stored paper states: a state written under other
     * windows would be read wrongly, so a change of {@code papertrends.popularity.windows} with
     * state left from before is refused at start.
     */
    private void requireSameWindows() {
        long configured = WindowSpec.fingerprint(specs);
        Long stored = progress.get(WINDOWS);
        windowsRecorded = stored != null;
        if (stored != null && stored != configured) {
            throw new IllegalStateException("the popularity windows (" + PopularityConfig.WINDOWS + ") differ from those of the stored state; "
                    + "run with the windows the state was built with, or start from empty state: stop every enrich instance and reset "
                    + "the application (kafka-streams-application-reset, then --reset)");
        }
    }

    /**
     * Whether the event can be counted at all: a known type, at a time no earlier than 1970 nor too
     * far ahead of the clock. A record that is not an event of its key's paper is refused (an
     * exception: the service dead-letters it).
     */
    private boolean countable(String key, PaperEvent event, long t) {
        if (event == null) {
            throw new IllegalArgumentException("a paper-events record without a value (key " + key + ")");
        }
        if (!event.getPaperId().equals(key)) {
            // Counting it under either id would split a paper's windows across partitions.
            throw new IllegalArgumentException("a paper-events record keyed " + (key == null ? "by nothing" : "'" + key + "'")
                    + " for paper '" + event.getPaperId() + "': events are keyed by their paper id (as ingest publishes them)");
        }
        if (event.getType() == EventType.UNKNOWN) {
            metrics.ignored();
            return false;
        }
        if (t < 0 || t > context.currentSystemTimeMs() + config.maxFutureMs()) {
            metrics.droppedInvalidTime();
            return false;
        }
        return true;
    }

    /**
     * Records that {@code paper} owes values for window spec {@code i} from the first open window
     * containing {@code t} up to the window ending at {@code lastEnd}; true when its state changed.
     */
    private boolean owe(int i, String paper, PaperState state, long t, long lastEnd) {
        WindowSpec spec = specs.get(i);
        boolean changed = false;
        long firstOpenEnd = Math.max(spec.currentWindowEnd(t), closedUpTo[i] == Long.MIN_VALUE ? Long.MIN_VALUE : closedUpTo[i] + spec.advanceMs());
        if (state.pendingFrom[i] == PaperState.NONE || firstOpenEnd < state.pendingFrom[i]) {
            if (state.pendingFrom[i] != PaperState.NONE) {
                owed.remove(queueKey(state.pendingFrom[i], i, paper));
            }
            state.pendingFrom[i] = firstOpenEnd;
            owed.add(queueKey(firstOpenEnd, i, paper));
            changed = true;
        }
        if (lastEnd > state.pendingTo[i]) {
            state.pendingTo[i] = lastEnd;
            changed = true;
        }
        return changed;
    }

    /** Puts {@code paper} among those with updates to emit, from event time {@code t}; true when its state changed. */
    private boolean markUnemitted(String paper, PaperState state, long t) {
        if (state.dirty()) {
            return false;
        }
        unemitted.add(paper);
        state.dirtyFrom = t;
        state.dirtyTo = t;
        return true;
    }

    /** Stream time moves to {@code t}: close the windows whose end plus grace it passes. */
    private void advanceTo(long t) {
        boolean closes = false;
        long[] newClosed = new long[specs.size()];
        for (int i = 0; i < specs.size(); i++) {
            WindowSpec spec = specs.get(i);
            newClosed[i] = Math.floorDiv(t - config.graceMs(), spec.advanceMs()) * spec.advanceMs();
            closes |= newClosed[i] > closedUpTo[i];
        }
        if (closes) {
            // Closing windows end before stream time and current windows after it, so the
            // finals emitted here never precede a non-final value of the same window.
            closeWindows(newClosed, t);
            for (int i = 0; i < specs.size(); i++) {
                if (newClosed[i] > closedUpTo[i]) {
                    closedUpTo[i] = newClosed[i];
                    progress.put(closedKey(i), newClosed[i]);
                }
            }
        }
        observed = t;
        if (closes) {
            // Kept only when windows close: after a restart a lower observed time just means the
            // next event re-checks boundaries that are already recorded as closed.
            progress.put(OBSERVED, t);
        }
    }

    private void closeWindows(long[] newClosed, long now) {
        long max = Long.MIN_VALUE;
        for (long c : newClosed) {
            max = Math.max(max, c);
        }
        List<String> due = new ArrayList<>();
        due.addAll(owed.headSet(queueKey(max, specs.size(), ""), true));
        for (String key : due) {
            long from = Long.parseLong(key.substring(0, 13));
            int i = key.charAt(14) - '0';
            String paper = key.substring(16);
            if (from > newClosed[i]) {
                continue;
            }
            PaperState state = papers.live(paper);
            owed.remove(key);
            if (state == null || state.pendingFrom[i] != from) {
                continue;
            }
            WindowSpec spec = specs.get(i);
            long lastDue = Math.min(state.pendingTo[i], newClosed[i]);
            for (long end = from; end <= lastDue; end += spec.advanceMs()) {
                emitWindow(paper, i, end, true, now);
            }
            if (state.pendingTo[i] <= newClosed[i]) {
                state.pendingFrom[i] = PaperState.NONE;
                state.pendingTo[i] = PaperState.NONE;
            } else {
                state.pendingFrom[i] = newClosed[i] + spec.advanceMs();
                owed.add(queueKey(state.pendingFrom[i], i, paper));
            }
            if (state.idle()) {
                papers.remove(paper);
            } else {
                papers.update(paper, state);
            }
        }
    }

    /** Emits the current window of every paper changed since the last call. */
    private void emitChanged() {
        List<String> due = new ArrayList<>(unemitted);
        unemitted.clear();
        for (String paper : due) {
            PaperState state = papers.live(paper);
            if (state == null || !state.dirty()) {
                continue;
            }
            for (int i = 0; i < specs.size(); i++) {
                WindowSpec spec = specs.get(i);
                long end = spec.currentWindowEnd(observed);
                if (end > closedUpTo[i]) {
                    emitWindow(paper, i, end, false, observed);
                }
            }
            state.dirtyFrom = PaperState.NONE;
            state.dirtyTo = PaperState.NONE;
            if (state.idle()) {
                papers.remove(paper);
            } else {
                papers.update(paper, state);
            }
        }
    }

    private void emitWindow(String paper, int i, long end, boolean closed, long timestamp) {
        WindowSpec spec = specs.get(i);
        long start = end - spec.sizeMs();
        Pane.Sum sum = new Pane.Sum();
        panes.get(i).forEachLive(paper, start, end, spec.advanceMs(), sum::add);
        if (sum.total() == 0) {
            return;
        }
        long readers = sum.readers();
        PaperPopularity value = PaperPopularity.newBuilder()
                .setPaperId(paper).setWindow(spec.name())
                .setWindowStart(Instant.ofEpochMilli(start)).setWindowEnd(Instant.ofEpochMilli(end))
                .setCounts(EventCounts.toAvro(sum.counts)).setUniqueReaders(readers)
                .setScore(config.score().score(sum.counts, readers)).setClosed(closed)
                .setUpdatedAt(Instant.ofEpochMilli(context.currentSystemTimeMs())).build();
        context.forward(new Record<>(paper, value, Math.max(timestamp, 0)));
        metrics.update(closed);
    }

    private static String closedKey(int spec) {
        return "closed|" + spec;
    }

    /** Orders by the earliest window end owed, then window spec, then paper. */
    private static String queueKey(long windowEnd, int spec, String paper) {
        String millis = Long.toString(Math.max(windowEnd, 0));
        StringBuilder key = new StringBuilder(16 + paper.length());
        for (int pad = millis.length(); pad < 13; pad++) {
            key.append('0');
        }
        return key.append(millis).append('|').append(spec).append('|').append(paper).toString();
    }
}
