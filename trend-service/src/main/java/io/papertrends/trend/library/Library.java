package io.papertrends.trend.library;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.papertrends.avro.EnrichedPaper;
import io.papertrends.avro.KeywordEntry;
import io.papertrends.avro.PaperPopularity;
import io.papertrends.avro.TrendingEntry;
import io.papertrends.avro.TrendingKeywords;
import io.papertrends.avro.TrendingUpdate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * What the reader pages know beyond the rankings: every paper of {@code papers-enriched} in a
 * Lucene index (full text, keyphrases, authors, categories, dates; BM25 search and similar
 * papers), each paper's engagement per day from the closed daily windows of
 * {@code paper-popularity}, the history of its rank from {@code trending-updates}, and each
 * keyword's from {@code trending-keywords}.
 *
 * <p>Every instance builds it itself from the committed records of those topics, read from their
 * beginning at each start ({@link LibraryFeed}): nothing lives only in memory, and every instance
 * answers the same without forwarding. The index is on disk (memory-mapped, so the heap does not
 * grow with the catalogue) and rebuilt at each start. Updates come from one thread; reads from
 * any.
 */
public final class Library implements AutoCloseable {
    static final String ID = "id";
    static final String DOC = "doc";
    static final String TITLE = "title";
    static final String ABSTRACT = "abstract";
    static final String KEYPHRASES = "keyphrases";
    static final String AUTHORS = "authors";
    static final String KP = "kp";
    static final String CATEGORY = "category";
    static final String DAY = "day";
    static final String DATE = "date";
    /** Fields a query is matched against, with their weights. */
    private static final Map<String, Float> SEARCHED = Map.of(TITLE, 3f, KEYPHRASES, 2f, AUTHORS, 1.5f, ABSTRACT, 1f);
    private static final int SIMILAR_TERMS = 20;
    /** Papers of a topic looked at for its related keywords and its list. */
    private static final int TOPIC_PAPERS = 500;

    private final LibraryConfig config;
    private final ObjectMapper json = new ObjectMapper();
    private final Analyzer analyzer;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    /** The latest value of each paper's daily window (open or closed), by paper. */
    private final Map<String, Counts> recent = new ConcurrentHashMap<>();
    /** Engagement of whole days (closed daily windows starting at midnight in the zone), by day and paper. */
    private final ConcurrentSkipListMap<LocalDate, Map<String, Counts>> days = new ConcurrentSkipListMap<>();
    private final Map<String, Map<String, History>> ranks = new ConcurrentHashMap<>();
    private final Map<String, TrendingUpdate> global = new ConcurrentHashMap<>();
    private final Map<String, Map<String, History>> keywordRanks = new ConcurrentHashMap<>();
    private volatile boolean changed;

    public Library(LibraryConfig config) {
        this.config = config;
        // One analyzer for every field, so that a query's words line up across the fields they are looked for in.
        this.analyzer = new EnglishAnalyzer();
        try {
            wipe(config.indexDir());
            this.directory = FSDirectory.open(config.indexDir());
            this.writer = new IndexWriter(directory, new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE));
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the library's index in " + config.indexDir(), e);
        }
    }

    public LibraryConfig config() {
        return config;
    }

    /** Today in the library's zone. */
    public LocalDate today() {
        return LocalDate.now(config.zone());
    }

    // ---- updates (one thread) -------------------------------------------------------------

    /** A record of {@code papers-enriched}: the paper is indexed, or removed on a tombstone. */
    void paper(String id, EnrichedPaper value) throws IOException {
        if (value == null) {
            writer.deleteDocuments(new Term(ID, id));
        } else {
            writer.updateDocument(new Term(ID, id), document(PaperDoc.of(id, value)));
        }
        changed = true;
    }

    /** A record of {@code paper-popularity}: only the daily window's are kept. */
    void popularity(PaperPopularity p) {
        if (!config.dailyWindow().equals(p.getWindow())) {
            return;
        }
        Counts counts = Counts.of(p);
        recent.merge(p.getPaperId(), counts, (old, now) -> now.end() >= old.end() ? now : old);
        ZonedDateTime start = p.getWindowStart().atZone(config.zone());
        if (p.getClosed() && start.toLocalTime().toSecondOfDay() == 0 && p.getWindowEnd().atZone(config.zone()).toLocalDate().equals(start.toLocalDate().plusDays(1))) {
            days.computeIfAbsent(start.toLocalDate(), d -> new ConcurrentHashMap<>()).put(p.getPaperId(), counts);
            LocalDate oldest = days.lastKey().minusDays(config.days());
            days.headMap(oldest).clear();
        }
    }

    /** A record of {@code trending-updates}: the global rankings feed the papers' rank histories. */
    void update(TrendingUpdate u) {
        if (!"global".equals(u.getScope())) {
            return;
        }
        global.put(u.getWindow(), u);
        long at = u.getGeneratedAt().toEpochMilli();
        for (TrendingEntry e : u.getEntries()) {
            history(ranks, e.getPaperId(), u.getWindow()).add(at, e.getRank(), e.getScore());
        }
        for (String left : u.getLeft()) {
            Map<String, History> h = ranks.get(left);
            if (h != null && h.containsKey(u.getWindow())) {
                h.get(u.getWindow()).add(at, 0, 0);
            }
        }
    }

    /** A record of {@code trending-keywords}: each keyword's rank history. */
    void keywords(TrendingKeywords k) {
        long at = k.getGeneratedAt().toEpochMilli();
        for (KeywordEntry e : k.getKeywords()) {
            history(keywordRanks, k.getWindow(), e.getNormalized()).add(at, e.getRank(), e.getScore());
        }
    }

    /** Makes what was indexed visible to searches (after a batch of records). */
    void refresh() throws IOException {
        if (changed) {
            changed = false;
            searchers.maybeRefresh();
        }
    }

    private static History history(Map<String, Map<String, History>> map, String outer, String inner) {
        return map.computeIfAbsent(outer, k -> new ConcurrentHashMap<>()).computeIfAbsent(inner, k -> new History());
    }

    private Document document(PaperDoc p) throws JsonProcessingException {
        Document d = new Document();
        d.add(new StringField(ID, p.id(), Field.Store.YES));
        d.add(new StoredField(DOC, json.writeValueAsString(p)));
        d.add(new TextField(TITLE, p.title(), Field.Store.NO));
        d.add(new TextField(ABSTRACT, p.abstractText(), Field.Store.NO));
        d.add(new TextField(AUTHORS, String.join(", ", p.authors()), Field.Store.NO));
        StringBuilder phrases = new StringBuilder();
        for (PaperDoc.Phrase k : p.keyphrases()) {
            phrases.append(k.phrase()).append(". ");
            d.add(new StringField(KP, k.normalized(), Field.Store.NO));
        }
        d.add(new TextField(KEYPHRASES, phrases.toString(), Field.Store.NO));
        p.categories().forEach(c -> d.add(new StringField(CATEGORY, c, Field.Store.NO)));
        Set<String> dayKeys = new HashSet<>();
        if (p.published() != null) {
            dayKeys.add(day(Instant.parse(p.published())).toString());
        }
        dayKeys.add(day(Instant.parse(p.firstSeen())).toString());
        dayKeys.forEach(k -> d.add(new StringField(DAY, k, Field.Store.NO)));
        d.add(new LongPoint(DATE, p.date().toEpochMilli()));
        return d;
    }

    LocalDate day(Instant t) {
        return t.atZone(config.zone()).toLocalDate();
    }

    // ---- queries (any thread) -------------------------------------------------------------

    /** The paper, if {@code papers-enriched} has it. */
    public Optional<PaperDoc> paper(String id) {
        return withSearcher(s -> {
            TopDocs top = s.search(new TermQuery(new Term(ID, id)), 1);
            return top.scoreDocs.length == 0 ? Optional.empty() : Optional.of(doc(s, top.scoreDocs[0]));
        });
    }

    /** A paper like another, and the keyphrases (as it writes them) they share. */
    public record Similar(PaperDoc paper, List<String> shared) { }

    /**
     * The papers most like {@code id}: its keyphrases (weighted most) and the most distinctive
     * words of its title and abstract (tf·idf over the index), ranked by BM25.
     */
    public List<Similar> similar(String id, int limit) {
        Optional<PaperDoc> found = paper(id);
        if (found.isEmpty()) {
            return List.of();
        }
        PaperDoc p = found.get();
        return withSearcher(s -> {
            BooleanQuery.Builder q = new BooleanQuery.Builder();
            for (PaperDoc.Phrase k : p.keyphrases()) {
                q.add(new BoostQuery(new TermQuery(new Term(KP, k.normalized())), 3f), BooleanClause.Occur.SHOULD);
            }
            Map<Term, Float> terms = distinctiveTerms(s, p);
            terms.forEach((term, weight) -> q.add(new BoostQuery(new TermQuery(term), weight), BooleanClause.Occur.SHOULD));
            q.add(new TermQuery(new Term(ID, id)), BooleanClause.Occur.MUST_NOT);
            // Papers that share only words every abstract has ("we study", "results") are not similar:
            // a similar paper shares a keyphrase, or at least two words that at most half of the papers use.
            Set<String> rare = new HashSet<>();
            int docs = Math.max(1, s.getIndexReader().numDocs());
            for (Term t : terms.keySet()) {
                if (s.getIndexReader().docFreq(t) * 2 <= docs) {
                    rare.add(t.text());
                }
            }
            List<Similar> out = new ArrayList<>();
            Map<String, String> mine = new HashMap<>();
            p.keyphrases().forEach(k -> mine.putIfAbsent(k.normalized(), k.phrase()));
            for (ScoreDoc hit : s.search(q.build(), limit * 4).scoreDocs) {
                if (out.size() == limit) {
                    break;
                }
                PaperDoc other = doc(s, hit);
                List<String> shared = new ArrayList<>();
                other.keyphrases().forEach(k -> {
                    if (mine.containsKey(k.normalized()) && !shared.contains(mine.get(k.normalized()))) {
                        shared.add(mine.get(k.normalized()));
                    }
                });
                Set<String> words = new HashSet<>(tokens(TITLE, other.title()));
                words.addAll(tokens(ABSTRACT, other.abstractText()));
                words.retainAll(rare);
                if (shared.isEmpty() && words.size() < 2) {
                    continue;
                }
                out.add(new Similar(other, shared));
            }
            return out;
        });
    }

    private Map<Term, Float> distinctiveTerms(IndexSearcher s, PaperDoc p) throws IOException {
        Map<Term, Integer> tf = new HashMap<>();
        count(tf, TITLE, p.title());
        count(tf, ABSTRACT, p.abstractText());
        int docs = Math.max(1, s.getIndexReader().numDocs());
        Map<Term, Float> weights = new HashMap<>();
        for (Map.Entry<Term, Integer> e : tf.entrySet()) {
            int df = s.getIndexReader().docFreq(e.getKey());
            weights.put(e.getKey(), (float) (e.getValue() * Math.log(1 + docs / (double) Math.max(1, df))));
        }
        float max = weights.values().stream().max(Float::compare).orElse(1f);
        Map<Term, Float> top = new LinkedHashMap<>();
        weights.entrySet().stream().sorted(Map.Entry.<Term, Float>comparingByValue().reversed()).limit(SIMILAR_TERMS)
                .forEach(e -> top.put(e.getKey(), e.getValue() / max));
        return top;
    }

    private void count(Map<Term, Integer> tf, String field, String text) throws IOException {
        for (String token : tokens(field, text)) {
            tf.merge(new Term(field, token), 1, Integer::sum);
        }
    }

    private List<String> tokens(String field, String text) throws IOException {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        }
        return out;
    }

    /** A search hit and where the paper stands now in each window's global ranking. */
    public record Hit(PaperDoc paper, float score, List<Standing> standings) { }

    /** A paper's place in one window's global ranking. */
    public record Standing(String window, int rank, double score, double growth) { }

    /** Search results: how many papers match and the best of them. */
    public record Results(long total, List<Hit> hits) { }

    /**
     * Papers matching {@code text} in their title, keyphrases, authors or abstract, ranked by
     * BM25 (most of the words must match; the words as a phrase rank higher), optionally only of
     * {@code category} and dated within {@code [from, to]} (either may be null).
     */
    public Results search(String text, String category, LocalDate from, LocalDate to, int limit) {
        return withSearcher(s -> {
            BooleanQuery.Builder q = new BooleanQuery.Builder();
            Query words = words(text);
            if (words == null) {
                return new Results(0, List.of());
            }
            q.add(words, BooleanClause.Occur.MUST);
            if (category != null) {
                q.add(new TermQuery(new Term(CATEGORY, category)), BooleanClause.Occur.FILTER);
            }
            if (from != null || to != null) {
                long lo = from == null ? Long.MIN_VALUE : from.atStartOfDay(config.zone()).toInstant().toEpochMilli();
                long hi = to == null ? Long.MAX_VALUE : to.plusDays(1).atStartOfDay(config.zone()).toInstant().toEpochMilli() - 1;
                q.add(LongPoint.newRangeQuery(DATE, lo, hi), BooleanClause.Occur.FILTER);
            }
            TopDocs top = s.search(q.build(), limit);
            List<Hit> hits = new ArrayList<>();
            for (ScoreDoc d : top.scoreDocs) {
                PaperDoc p = doc(s, d);
                hits.add(new Hit(p, d.score, standings(p.id())));
            }
            return new Results(top.totalHits.value, hits);
        });
    }

    private Query words(String text) throws IOException {
        List<String> tokens = tokens(ABSTRACT, text);
        int terms = tokens.size();
        if (terms == 0) {
            return null;
        }
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        for (String token : tokens) {
            List<Query> alternatives = new ArrayList<>();
            SEARCHED.forEach((field, weight) -> alternatives.add(new BoostQuery(new TermQuery(new Term(field, token)), weight)));
            all.add(new DisjunctionMaxQuery(alternatives, 0.1f), BooleanClause.Occur.SHOULD);
        }
        // Most words must match: all of up to three, then all but one in four.
        all.setMinimumNumberShouldMatch(terms <= 3 ? terms : (int) Math.ceil(terms * 0.75));
        if (terms < 2) {
            return all.build();
        }
        BooleanQuery.Builder withPhrase = new BooleanQuery.Builder().add(all.build(), BooleanClause.Occur.MUST);
        for (String field : List.of(TITLE, ABSTRACT)) {
            withPhrase.add(new BoostQuery(new PhraseQuery(2, field, tokens.toArray(String[]::new)), 2f), BooleanClause.Occur.SHOULD);
        }
        return withPhrase.build();
    }

    /** Where the paper stands now in each window's global ranking (none when it is not ranked). */
    public List<Standing> standings(String id) {
        List<Standing> out = new ArrayList<>();
        global.forEach((window, u) -> u.getEntries().stream().filter(e -> e.getPaperId().equals(id)).findFirst()
                .ifPresent(e -> out.add(new Standing(window, e.getRank(), e.getScore(), e.getGrowth()))));
        out.sort(Comparator.comparing(Standing::window));
        return out;
    }

    /** The paper's entry in the window's latest global ranking, with the score's parts. */
    public Optional<TrendingEntry> entry(String window, String id) {
        TrendingUpdate u = global.get(window);
        return u == null ? Optional.empty() : u.getEntries().stream().filter(e -> e.getPaperId().equals(id)).findFirst();
    }

    /** A point of a rank history: when (ISO-8601), the rank (0: fell out of the ranking) and the score. */
    public record RankPoint(String at, int rank, double score) { }

    /** The paper's rank in the window's global ranking over time, oldest first. */
    public List<RankPoint> rankHistory(String id, String window) {
        Map<String, History> h = ranks.get(id);
        return h == null || !h.containsKey(window) ? List.of() : points(h.get(window));
    }

    /** The keyword's rank among trending keywords over time, oldest first. */
    public List<RankPoint> keywordHistory(String normalized, String window) {
        Map<String, History> h = keywordRanks.get(window);
        return h == null || !h.containsKey(normalized) ? List.of() : points(h.get(normalized));
    }

    private static List<RankPoint> points(History h) {
        return h.points().stream().map(p -> new RankPoint(Instant.ofEpochMilli(p.at()).toString(), p.rank(), p.score())).toList();
    }

    /**
     * A paper's engagement on {@code day}: the closed daily window of that day once it closed;
     * until then the paper's latest daily window if it ends that day or the next (for a paper
     * first seen that day, its activity so far).
     */
    public Counts dayCounts(LocalDate day, String id) {
        Map<String, Counts> closed = days.get(day);
        if (closed != null && closed.containsKey(id)) {
            return closed.get(id);
        }
        Counts latest = recent.get(id);
        if (latest == null) {
            return Counts.NONE;
        }
        LocalDate ends = day(Instant.ofEpochMilli(latest.end() - 1));
        return ends.equals(day) || ends.equals(day.plusDays(1)) && !days.containsKey(day) ? latest : Counts.NONE;
    }

    /** One paper of a daily list. */
    public record DayEntry(int rank, PaperDoc paper, Counts counts) { }

    /** The papers published or first seen on {@code day}, ranked by their engagement that day. */
    public List<DayEntry> daily(LocalDate day, int limit) {
        List<PaperDoc> papers = withSearcher(s -> {
            List<PaperDoc> out = new ArrayList<>();
            for (ScoreDoc d : s.search(new TermQuery(new Term(DAY, day.toString())), 10_000).scoreDocs) {
                out.add(doc(s, d));
            }
            return out;
        });
        List<DayEntry> ranked = new ArrayList<>();
        papers.stream().map(p -> new DayEntry(0, p, dayCounts(day, p.id())))
                .sorted(Comparator.comparingDouble((DayEntry e) -> -e.counts().score()).thenComparing(e -> e.paper().title()))
                .limit(limit).forEach(e -> ranked.add(new DayEntry(ranked.size() + 1, e.paper(), e.counts())));
        return ranked;
    }

    /** A keyword's page: how it reads, its papers (most engaged first), related keywords, its rank over time per window. */
    public record Topic(String normalized, String display, long papers, List<Hit> top, List<Related> related,
                        Map<String, List<RankPoint>> history) { }

    /** A keyword seen with the topic's: how it reads, its normalised form and in how many of the topic's papers. */
    public record Related(String phrase, String normalized, int papers) { }

    /** The topic of a normalised keyword; empty when no paper has it. */
    public Optional<Topic> topic(String normalized, List<String> windows, int limit) {
        return withSearcher(s -> {
            TopDocs top = s.search(new TermQuery(new Term(KP, normalized)), TOPIC_PAPERS);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            List<PaperDoc> papers = new ArrayList<>();
            for (ScoreDoc d : top.scoreDocs) {
                papers.add(doc(s, d));
            }
            Map<String, Map<String, Integer>> forms = new HashMap<>();
            Map<String, Integer> together = new HashMap<>();
            for (PaperDoc p : papers) {
                Set<String> seen = new HashSet<>();
                for (PaperDoc.Phrase k : p.keyphrases()) {
                    forms.computeIfAbsent(k.normalized(), x -> new HashMap<>()).merge(k.phrase(), 1, Integer::sum);
                    if (!k.normalized().equals(normalized) && seen.add(k.normalized())) {
                        together.merge(k.normalized(), 1, Integer::sum);
                    }
                }
            }
            List<Related> related = together.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(10).map(e -> new Related(display(forms.get(e.getKey())), e.getKey(), e.getValue())).toList();
            List<Hit> hits = papers.stream().sorted(Comparator.comparingDouble((PaperDoc p) -> -recent.getOrDefault(p.id(), Counts.NONE).score())
                    .thenComparing(PaperDoc::title)).limit(limit).map(p -> new Hit(p, 0, standings(p.id()))).toList();
            Map<String, List<RankPoint>> history = new LinkedHashMap<>();
            windows.forEach(w -> history.put(w, keywordHistory(normalized, w)));
            return Optional.of(new Topic(normalized, display(forms.get(normalized)), top.totalHits.value, hits, related, history));
        });
    }

    /** The latest daily-window activity of a paper (the last 24 hours), none when unknown. */
    public Counts recent(String id) {
        return recent.getOrDefault(id, Counts.NONE);
    }

    private static String display(Map<String, Integer> forms) {
        return forms == null ? null : forms.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(e -> e.getKey().toLowerCase(Locale.ROOT).equals(e.getKey())))
                .map(Map.Entry::getKey).orElse(null);
    }

    private PaperDoc doc(IndexSearcher s, ScoreDoc d) throws IOException {
        return json.readValue(s.storedFields().document(d.doc).get(DOC), PaperDoc.class);
    }

    private interface Search<T> {
        T apply(IndexSearcher s) throws IOException;
    }

    private <T> T withSearcher(Search<T> search) {
        try {
            IndexSearcher s = searchers.acquire();
            try {
                return search.apply(s);
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void wipe(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.rollback();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
