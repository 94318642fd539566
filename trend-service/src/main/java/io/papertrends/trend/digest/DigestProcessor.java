package io.papertrends.trend.digest;

import io.papertrends.avro.DigestEntry;
import io.papertrends.avro.Movement;
import io.papertrends.avro.TrendingDigest;
import io.papertrends.avro.TrendingEntry;
import io.papertrends.avro.TrendingUpdate;
import io.papertrends.trend.core.CompositeKey;
import io.papertrends.trend.core.LandingPage;
import io.papertrends.trend.core.TrendConfig;
import io.papertrends.trend.core.TrendState.Ranking;
import io.papertrends.trend.core.TrendStores;
import io.papertrends.trend.ranking.DailySchedule;
import io.papertrends.trend.ranking.TopK;
import io.papertrends.trend.ranking.TrendingScore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * In the merge stage, beside {@code MergeProcessor} (which owns each {@code window|scope}
 * ranking): the daily {@code trending-digest}. Every {@link #CHECK_INTERVAL} (wall clock) it
 * checks whether today's digest, in the configured zone, is due; once it is, it produces one
 * digest per scope that has a ranking of the digest window in this task, keyed
 * {@code <scope>|<date>}: the top N of the ranking's stored view, scores brought to now, with
 * movements against the scope's digest of the previous day. Each entry's {@code url} is the
 * paper's landing page ({@link LandingPage}): its own when its source gave one, else its reader
 * page by the id rule, as in the query API's entries.
 *
 * <p>Exactly once per scope and day: {@value TrendStores#DIGEST_LOG_STORE} (changelogged)
 * holds each scope's last digest date and papers, and the date of this task's last pass; under
 * exactly-once processing the store updates and the sent digests commit together. A service
 * that was down at digest time produces today's digests at its first check after the start
 * (within a minute); a day it was down for entirely gets none. A scope ranked only after the
 * day's pass gets its first digest the next day. A check sends at most
 * {@value #DIGESTS_PER_CHECK} digests; a task with more scopes finishes its pass over the next
 * checks.
 */
public final class DigestProcessor implements Processor<String, TrendingUpdate, String, TrendingDigest> {
    static final Duration CHECK_INTERVAL = Duration.ofMinutes(1);
    /** Digests sent per check at most, so one check's transaction stays small; the rest follow at the next checks. */
    static final int DIGESTS_PER_CHECK = 5000;
    /** Key of the date of the last pass; scope names never hold NUL (control characters are removed at ingest). */
    static final String PASS_KEY = "\u0000pass";

    private final TrendConfig config;
    private final TrendingScore formula;
    private final DailySchedule schedule;
    private final int perCheck;
    private ProcessorContext<String, TrendingDigest> context;
    private KeyValueStore<String, Ranking> rankings;
    private KeyValueStore<String, DigestLog> log;

    public DigestProcessor(TrendConfig config) {
        this(config, DIGESTS_PER_CHECK);
    }

    DigestProcessor(TrendConfig config, int perCheck) {
        this.config = config;
        this.perCheck = perCheck;
        this.formula = config.score();
        this.schedule = new DailySchedule(config.digestTime(), config.digestZone());
    }

    @Override
    public void init(ProcessorContext<String, TrendingDigest> context) {
        this.context = context;
        rankings = context.getStateStore(TrendStores.RANKINGS_STORE);
        log = context.getStateStore(TrendStores.DIGEST_LOG_STORE);
        context.schedule(CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::produceDue);
    }

    @Override
    public void process(Record<String, TrendingUpdate> record) {
        // Digests are taken from the stored rankings at digest time, not from updates.
    }

    void produceDue(long now) {
        Optional<LocalDate> due = schedule.due(Instant.ofEpochMilli(now));
        if (due.isEmpty()) {
            return;
        }
        LocalDate date = due.get();
        DigestLog pass = log.get(PASS_KEY);
        if (pass != null && !LocalDate.parse(pass.date()).isBefore(date)) {
            return;
        }
        if (!sendDigests(date, now)) {
            return;
        }
        String today = date.toString();
        forgetOlderThan(today);
        log.put(PASS_KEY, new DigestLog(today, List.of()));
    }

    /**
     * Sends the digest of {@code date} of each scope ranked in the digest window that has none yet.
     *
     * @return false when this check's share of digests was sent before all scopes had theirs
     */
    private boolean sendDigests(LocalDate date, long now) {
        String today = date.toString();
        String yesterday = date.minusDays(1).toString();
        int sent = 0;
        try (KeyValueIterator<String, Ranking> it = rankings.prefixScan(CompositeKey.prefix(config.digestWindow()),
                Serdes.String().serializer())) {
            while (it.hasNext()) {
                if (sent == perCheck) {
                    return false;
                }
                KeyValue<String, Ranking> kv = it.next();
                String scope = CompositeKey.parse(kv.key).tail();
                DigestLog last = log.get(scope);
                if (last != null && last.date().equals(today)) {
                    continue;
                }
                List<String> previous = last != null && last.date().equals(yesterday) ? last.paperIds() : List.of();
                TrendingDigest digest = digest(scope, today, kv.value, previous, now);
                if (digest == null) {
                    continue;
                }
                List<String> ids = digest.getEntries().stream().map(DigestEntry::getPaperId).toList();
                log.put(scope, new DigestLog(today, ids));
                context.forward(new Record<>(new CompositeKey(scope, today).encode(), digest, now));
                sent++;
            }
        }
        return true;
    }

    /** Only today's digests are compared with tomorrow's: older entries are of no further use. */
    private void forgetOlderThan(String today) {
        List<String> stale = new ArrayList<>();
        try (KeyValueIterator<String, DigestLog> it = log.all()) {
            it.forEachRemaining(kv -> {
                if (!kv.key.equals(PASS_KEY) && !kv.value.date().equals(today)) {
                    stale.add(kv.key);
                }
            });
        }
        stale.forEach(log::delete);
    }

    /** The digest of one scope from its ranking's view, or null when nothing in it still scores. */
    private TrendingDigest digest(String scope, String date, Ranking ranking, List<String> previous, long now) {
        TrendingUpdate view = ranking.view();
        if (view == null) {
            return null;
        }
        double decay = formula.decay(now - view.getGeneratedAt().toEpochMilli());
        List<TopK.Scored<TrendingEntry>> top = new ArrayList<>();
        for (TrendingEntry e : view.getEntries()) {
            double score = e.getScore() * decay;
            if (top.size() == config.digestSize()) {
                break;
            }
            if (score >= config.minScore()) {
                top.add(new TopK.Scored<>(e.getPaperId(), score, e));
            }
        }
        if (top.isEmpty()) {
            return null;
        }
        TopK.Diff<TrendingEntry> diff = TopK.diff(previous, top);
        List<DigestEntry> entries = new ArrayList<>(top.size());
        for (TopK.Entry<TrendingEntry> e : diff.entries()) {
            TrendingEntry paper = e.scored().item();
            entries.add(DigestEntry.newBuilder()
                    .setRank(e.rank()).setPreviousRank(e.previousRank()).setMovement(Movement.valueOf(e.movement().name()))
                    .setPaperId(paper.getPaperId()).setTitle(paper.getTitle())
                    .setUrl(LandingPage.of(ranking.urls().get(paper.getPaperId()), paper.getPaperId())).setKeyphrases(paper.getKeyphrases())
                    .setScore(e.scored().score())
                    .build());
        }
        return TrendingDigest.newBuilder().setScope(scope).setDate(date).setZone(config.digestZone().getId())
                .setWindow(config.digestWindow()).setEntries(entries).setGeneratedAt(Instant.ofEpochMilli(now)).build();
    }
}
