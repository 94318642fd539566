package io.papertrends.trend.core;

import io.papertrends.avro.TrendingUpdate;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serde;

/** The values kept in the trend service's stores and sent through its repartition topic. */
public final class TrendState {
    private TrendState() { }

    /**
     * A paper's standing in one window, the unit both ranking stages exchange. The decay is
     * applied by whoever ranks, at its own {@code now}, from {@code lastActiveMs}.
     *
     * @param raw          undecayed trending score
     * @param lastActiveMs wall-clock time of the paper's last activity in the window
     * @param asOfMs       event time of the popularity update the score reflects
     * @param url          the paper's own landing page when its source gave one, else null
     */
    public record Candidate(String paperId, String title, List<String> keyphrases, double raw, double observed, double expected,
                     double growth, long events, long readers, long lastActiveMs, long asOfMs, String url) {
        public Candidate {
            keyphrases = List.copyOf(keyphrases);
        }

        /** A candidate without a landing page of its own. */
        public Candidate(String paperId, String title, List<String> keyphrases, double raw, double observed, double expected,
                         double growth, long events, long readers, long lastActiveMs, long asOfMs) {
            this(paperId, title, keyphrases, raw, observed, expected, growth, events, readers, lastActiveMs, asOfMs, null);
        }

        Candidate withUrl(String landingPage) {
            return new Candidate(paperId, title, keyphrases, raw, observed, expected, growth, events, readers, lastActiveMs, asOfMs,
                    landingPage);
        }

        static void write(Candidate c, DataOutputStream out) throws IOException {
            out.writeUTF(c.paperId);
            Codec.writeNullable(out, Codec.bounded(c.title, 4096));
            Codec.writeStrings(out, c.keyphrases);
            out.writeDouble(c.raw);
            out.writeDouble(c.observed);
            out.writeDouble(c.expected);
            out.writeDouble(c.growth);
            out.writeLong(c.events);
            out.writeLong(c.readers);
            out.writeLong(c.lastActiveMs);
            out.writeLong(c.asOfMs);
        }

        static Candidate read(DataInputStream in) throws IOException {
            return new Candidate(in.readUTF(), Codec.readNullable(in), Codec.readStrings(in), in.readDouble(), in.readDouble(),
                    in.readDouble(), in.readDouble(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
        }
    }

    /**
     * The candidates of one scope and window held by one partition (task), best first.
     *
     * @param partition the partition of the task that holds them
     */
    public record Candidates(int partition, List<Candidate> candidates) {
        public static final Serde<Candidates> SERDE = Codec.serde(Candidates::write, Candidates::read);

        public Candidates {
            candidates = List.copyOf(candidates);
        }

        static void write(Candidates c, DataOutputStream out) throws IOException {
            out.writeInt(c.partition);
            Codec.writeList(out, c.candidates, Candidate::write);
            // Appended after the fields of the first format: lists written before the landing pages existed read without them.
            for (Candidate candidate : c.candidates) {
                Codec.writeNullable(out, Codec.bounded(candidate.url, 4096));
            }
        }

        static Candidates read(DataInputStream in) throws IOException {
            int partition = in.readInt();
            List<Candidate> candidates = Codec.readList(in, Candidate::read);
            if (in.available() > 0) {
                List<Candidate> withUrls = new ArrayList<>(candidates.size());
                for (Candidate candidate : candidates) {
                    withUrls.add(candidate.withUrl(Codec.readNullable(in)));
                }
                candidates = withUrls;
            }
            return new Candidates(partition, candidates);
        }
    }

    /**
     * What the trend service knows of a paper in one window.
     *
     * @param baseline          its own baseline (NaN before its first closed window)
     * @param lastFinalEnd      end of the last closed window counted in the baseline
     * @param observed          engagement of its current window
     * @param lastActiveMs      wall-clock time of the last update of its current window
     * @param asOfMs            event time of that update
     * @param lastSeenMs        wall-clock time of its last popularity record, closed or not
     * @param history           engagement of its last closed windows, oldest first, at most {@link #HISTORY}
     */
    public record PaperState(double baseline, long lastFinalEnd, double observed, long events, long readers,
                      long lastActiveMs, long asOfMs, long lastSeenMs, List<Closed> history) {
        /** Closed windows kept per paper and window for its activity sparkline. */
        public static final int HISTORY = 24;
        public static final Serde<PaperState> SERDE = Codec.serde(PaperState::write, PaperState::read);
        public static final PaperState EMPTY = new PaperState(Double.NaN, Long.MIN_VALUE, 0, 0, 0, Long.MIN_VALUE, 0, Long.MIN_VALUE, List.of());

        public PaperState {
            history = List.copyOf(history);
        }

        public boolean active() {
            return lastActiveMs != Long.MIN_VALUE;
        }

        /** Rough bytes on the heap, for a write-back cache's budget. */
        public long weight() {
            return 120 + 40L * history.size();
        }

        /** The history with a newly closed window appended, the oldest dropped beyond {@link #HISTORY}. */
        public List<Closed> historyWith(long endMs, double score) {
            List<Closed> out = new ArrayList<>(Math.min(history.size() + 1, HISTORY));
            out.addAll(history.subList(Math.max(0, history.size() + 1 - HISTORY), history.size()));
            out.add(new Closed(endMs, score));
            return out;
        }

        static void write(PaperState s, DataOutputStream out) throws IOException {
            out.writeDouble(s.baseline);
            out.writeLong(s.lastFinalEnd);
            out.writeDouble(s.observed);
            out.writeLong(s.events);
            out.writeLong(s.readers);
            out.writeLong(s.lastActiveMs);
            out.writeLong(s.asOfMs);
            out.writeLong(s.lastSeenMs);
            // Appended after the fields of the first format: state written before the history existed reads as an empty history.
            out.writeShort(s.history.size());
            for (Closed c : s.history) {
                out.writeLong(c.endMs);
                out.writeDouble(c.score);
            }
        }

        static PaperState read(DataInputStream in) throws IOException {
            double baseline = in.readDouble();
            long lastFinalEnd = in.readLong();
            double observed = in.readDouble();
            long events = in.readLong();
            long readers = in.readLong();
            long lastActiveMs = in.readLong();
            long asOfMs = in.readLong();
            long lastSeenMs = in.readLong();
            List<Closed> history = new ArrayList<>();
            if (in.available() > 0) {
                int n = in.readUnsignedShort();
                for (int i = 0; i < n; i++) {
                    history.add(new Closed(in.readLong(), in.readDouble()));
                }
            }
            return new PaperState(baseline, lastFinalEnd, observed, events, readers, lastActiveMs, asOfMs, lastSeenMs, history);
        }
    }

    /** The engagement score of a closed window ending at {@code endMs} (event time). */
    public record Closed(long endMs, double score) { }

    /**
     * The parts of an enriched paper the rankings show and scope by.
     *
     * @param keyphrases display forms, best first
     * @param scopes     the paper's scopes besides {@code global}
     * @param url        its landing page as its source gave it, null when none
     */
    public record PaperMeta(String title, List<String> keyphrases, List<String> scopes, String url) {
        public static final Serde<PaperMeta> SERDE = Codec.serde(PaperMeta::write, PaperMeta::read);

        public PaperMeta {
            keyphrases = List.copyOf(keyphrases);
            scopes = List.copyOf(scopes);
        }

        /** Rough bytes on the heap, for a write-back cache's budget. */
        public long weight() {
            long chars = title == null ? 0 : title.length();
            for (String k : keyphrases) {
                chars += k.length() + 40;
            }
            for (String s : scopes) {
                chars += s.length() + 40;
            }
            return 100 + 2 * chars + (url == null ? 0 : 2L * url.length() + 40);
        }

        static void write(PaperMeta m, DataOutputStream out) throws IOException {
            Codec.writeNullable(out, Codec.bounded(m.title, 4096));
            Codec.writeStrings(out, m.keyphrases);
            Codec.writeStrings(out, m.scopes);
            // Appended after the fields of the first format: metadata written before the landing page existed reads without one.
            Codec.writeNullable(out, Codec.bounded(m.url, 4096));
        }

        static PaperMeta read(DataInputStream in) throws IOException {
            String title = Codec.readNullable(in);
            List<String> keyphrases = Codec.readStrings(in);
            List<String> scopes = Codec.readStrings(in);
            return new PaperMeta(title, keyphrases, scopes, in.available() > 0 ? Codec.readNullable(in) : null);
        }
    }

    /**
     * The ranking of a scope and window as last computed.
     *
     * @param paperIds  best first
     * @param expiryKey its entry in the expiry queue, empty when none
     * @param view      what queries answer: the last emitted update (ranks and movements as of the
     *                  last change), its scores refreshed at every re-rank; null when nothing ranked
     * @param urls      the landing pages the ranked papers' sources gave, by paper id (papers without one are not in it)
     */
    public record Ranking(List<String> paperIds, String expiryKey, TrendingUpdate view, Map<String, String> urls) {
        public static final Serde<Ranking> SERDE = Codec.serde(Ranking::write, Ranking::read);
        public static final Ranking EMPTY = new Ranking(List.of(), "", null);

        public Ranking {
            paperIds = List.copyOf(paperIds);
            urls = Map.copyOf(urls);
        }

        /** A ranking none of whose papers has a landing page of its own. */
        public Ranking(List<String> paperIds, String expiryKey, TrendingUpdate view) {
            this(paperIds, expiryKey, view, Map.of());
        }

        static void write(Ranking r, DataOutputStream out) throws IOException {
            Codec.writeStrings(out, r.paperIds);
            out.writeUTF(r.expiryKey);
            Codec.writeAvro(out, r.view, TrendingUpdate.getEncoder()::encode);
            // Appended after the fields of the first format: rankings written before the landing pages existed read without them.
            out.writeInt(r.urls.size());
            for (Map.Entry<String, String> e : new TreeMap<>(r.urls).entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(Codec.bounded(e.getValue(), 4096));
            }
        }

        static Ranking read(DataInputStream in) throws IOException {
            List<String> paperIds = Codec.readStrings(in);
            String expiryKey = in.readUTF();
            TrendingUpdate view = Codec.readAvro(in, TrendingUpdate.getDecoder()::decode);
            Map<String, String> urls = new HashMap<>();
            if (in.available() > 0) {
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    urls.put(in.readUTF(), in.readUTF());
                }
            }
            return new Ranking(paperIds, expiryKey, view, urls);
        }
    }
}
