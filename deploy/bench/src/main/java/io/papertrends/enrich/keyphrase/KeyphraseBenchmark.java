package io.papertrends.enrich.keyphrase;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Quality and speed of the extractor on a keyphrase dataset, beside a plain TF-IDF ranking of
 * the same candidates, in one process on one thread.
 *
 * <p>Usage: {@code KeyphraseBenchmark [dataset.jsonl]}; without an argument it looks for
 * {@code ../shared/datasets/semeval2017-keyphrases.jsonl} beside the repository root. Corpus
 * statistics are learnt from the whole dataset first, as the {@code keyphrases} command does.
 * Scores follow {@link KeyphraseEvaluator}; speed is measured after a warm-up.
 *
 * <p>Then a {@value #FOLDS}-fold cross-validation tells how the method does on documents it has
 * not seen: document {@code i} (in file order) falls in fold {@code i mod }{@value #FOLDS}; for
 * each fold the corpus statistics are learnt from the other folds only, so are the weights of
 * defined terms, acronyms, head words and phrase length (each in turn, the value with the best
 * F1@10 on those folds from {@link #DEFINITION_WEIGHTS}, {@link #ACRONYM_WEIGHTS}, {@link
 * #HEAD_WEIGHTS} and {@link #LENGTH_WEIGHTS}), and the held-out fold is scored.
 */
public final class KeyphraseBenchmark {

    static final String DEFAULT_DATASET = "shared/datasets/semeval2017-keyphrases.jsonl";
    private static final long WARM_UP_NANOS = 3_000_000_000L;
    private static final long TIMED_NANOS = 5_000_000_000L;
    static final int FOLDS = 5;
    /** The weights of defined terms that cross-validation chooses from. */
    static final double[] DEFINITION_WEIGHTS = {0.0, 0.5, 1.0, 2.0, 4.0};
    /** The weights of phrases ending in an acronym that cross-validation chooses from. */
    static final double[] ACRONYM_WEIGHTS = {0.0, 0.5, 1.0, 2.0};
    /** The exponents of head-word frequency that cross-validation chooses from. */
    static final double[] HEAD_WEIGHTS = {0.0, 0.1, 0.2, 0.3, 0.5};
    /** The weights per word past the first that cross-validation chooses from. */
    static final double[] LENGTH_WEIGHTS = {0.2, 0.3, 0.4, 0.5};

    /** Results of one method. */
    record Result(String method, double f1At5, double f1At10, double docsPerSecond,
            double docsPerCpuSecond) {}

    /** Scores of one held-out fold, with the weights chosen on the other folds. */
    record Fold(int fold, int documents, KeyphraseExtractor.Tuning tuning, double f1At5,
            double f1At10) {}

    /** Documents per second of wall-clock time and of the thread's CPU time. */
    record Speed(double wallClock, double cpuTime) {}

    private KeyphraseBenchmark() {}

    /** Prints F1@5, F1@10 and documents/s of the extractor and the baseline. */
    public static void main(String[] args) throws IOException {
        Path dataset = args.length > 0 ? Path.of(args[0]) : locateDefault();
        List<PaperRecord> papers = PaperRecord.readAll(dataset);
        System.out.printf(Locale.ROOT, "dataset %s: %d documents%n", dataset, papers.size());
        CorpusStats stats = CorpusStats.coldStart();
        KeyphraseExtractor extractor = new KeyphraseExtractor(stats);
        for (PaperRecord p : papers) {
            extractor.learn(p.title(), p.abstractText());
        }
        KeyphraseExtractor baselineExtractor = tfIdfBaseline(stats);
        // Both methods are warmed up before either is timed, so neither runs on a colder JIT.
        speed(extractor, papers, WARM_UP_NANOS);
        speed(baselineExtractor, papers, WARM_UP_NANOS);
        Result ours = measure("extractor", extractor, papers);
        Result baseline = measure("tf-idf baseline", baselineExtractor, papers);
        for (Result r : List.of(ours, baseline)) {
            System.out.printf(Locale.ROOT,
                    "%-16s F1@5 %.3f  F1@10 %.3f  %,.0f docs/s (1 thread, wall clock; %,.0f per CPU"
                            + " second)%n",
                    r.method(), r.f1At5(), r.f1At10(), r.docsPerSecond(), r.docsPerCpuSecond());
        }
        System.out.printf(Locale.ROOT, "ratio extractor/baseline: F1@10 x%.2f, speed x%.2f%n",
                ours.f1At10() / baseline.f1At10(), ours.docsPerSecond() / baseline.docsPerSecond());
        List<Fold> folds = crossValidate(papers);
        double mean5 = 0;
        double mean10 = 0;
        for (Fold f : folds) {
            System.out.printf(Locale.ROOT,
                    "fold %d/%d (%d held out; weights chosen on the rest: defined term %.1f,"
                            + " acronym %.1f, head %.1f, length %.1f)  F1@5 %.3f  F1@10 %.3f%n",
                    f.fold() + 1, FOLDS, f.documents(), f.tuning().definitionWeight(),
                    f.tuning().acronymWeight(), f.tuning().headWeight(), f.tuning().lengthWeight(),
                    f.f1At5(), f.f1At10());
            mean5 += f.f1At5() / folds.size();
            mean10 += f.f1At10() / folds.size();
        }
        System.out.printf(Locale.ROOT,
                "%d-fold mean (statistics and weights from the other folds)  F1@5 %.3f"
                        + "  F1@10 %.3f%n",
                FOLDS, mean5, mean10);
        // Wall-clock rates fall when other processes compete for the cores; say how busy it was.
        System.out.printf(Locale.ROOT, "system load average %.2f on %d cores%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors());
    }

    /** The baseline: the same candidates ranked by frequency times inverse document frequency. */
    static KeyphraseExtractor tfIdfBaseline(CorpusStats stats) {
        return new KeyphraseExtractor(stats, KeyphraseExtractor.Tuning.TF_IDF);
    }

    /** Scores each fold with statistics and weights learnt on the others. */
    static List<Fold> crossValidate(List<PaperRecord> papers) {
        List<Fold> result = new ArrayList<>();
        for (int fold = 0; fold < FOLDS; fold++) {
            List<PaperRecord> train = new ArrayList<>();
            List<PaperRecord> heldOut = new ArrayList<>();
            for (int i = 0; i < papers.size(); i++) {
                (i % FOLDS == fold ? heldOut : train).add(papers.get(i));
            }
            CorpusStats stats = CorpusStats.coldStart();
            KeyphraseExtractor learner = new KeyphraseExtractor(stats);
            for (PaperRecord p : train) {
                learner.learn(p.title(), p.abstractText());
            }
            KeyphraseExtractor.Tuning tuning = KeyphraseExtractor.Tuning.DEFAULT;
            tuning = best(stats, train, DEFINITION_WEIGHTS, tuning::withDefinitionWeight);
            tuning = best(stats, train, ACRONYM_WEIGHTS, tuning::withAcronymWeight);
            tuning = best(stats, train, HEAD_WEIGHTS, tuning::withHeadWeight);
            tuning = best(stats, train, LENGTH_WEIGHTS, tuning::withLengthWeight);
            double[] scores = quality(new KeyphraseExtractor(stats, tuning), heldOut);
            result.add(new Fold(fold, heldOut.size(), tuning, scores[0], scores[1]));
        }
        return result;
    }

    /** The weights with the best F1@10 on the papers; ties go to the earlier value. */
    private static KeyphraseExtractor.Tuning best(CorpusStats stats, List<PaperRecord> papers,
            double[] values, DoubleFunction<KeyphraseExtractor.Tuning> with) {
        KeyphraseExtractor.Tuning best = null;
        double bestF1 = -1;
        for (double value : values) {
            KeyphraseExtractor.Tuning tuning = with.apply(value);
            double f1 = quality(new KeyphraseExtractor(stats, tuning), papers)[1];
            if (f1 > bestF1) {
                bestF1 = f1;
                best = tuning;
            }
        }
        return best;
    }

    /** Macro F1@5 and F1@10 of an extractor on some papers. */
    static double[] quality(KeyphraseExtractor extractor, List<PaperRecord> papers) {
        KeyphraseEvaluator at5 = new KeyphraseEvaluator();
        KeyphraseEvaluator at10 = new KeyphraseEvaluator();
        for (PaperRecord p : papers) {
            List<String> phrases = new ArrayList<>();
            for (Keyphrase k : extractor.extract(p.title(), p.abstractText(), 10)) {
                phrases.add(k.phrase());
            }
            at5.add(phrases, p.keyphrases(), 5);
            at10.add(phrases, p.keyphrases(), 10);
        }
        return new double[] {at5.macroAverage().f1(), at10.macroAverage().f1()};
    }

    static Result measure(String method, KeyphraseExtractor extractor, List<PaperRecord> papers) {
        double[] scores = quality(extractor, papers);
        Speed speed = speed(extractor, papers, TIMED_NANOS);
        return new Result(method, scores[0], scores[1], speed.wallClock(), speed.cpuTime());
    }

    /**
     * Speed over whole passes of the corpus lasting at least {@code nanos} of wall-clock time.
     * Both wall-clock and CPU-time rates are kept: on a shared machine the CPU-time rate tells
     * what one thread of its own would do.
     */
    static Speed speed(KeyphraseExtractor extractor, List<PaperRecord> papers, long nanos) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        long documents = 0;
        long startCpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long elapsed;
        do {
            sink += run(extractor, papers);
            documents += papers.size();
            elapsed = System.nanoTime() - start;
        } while (elapsed < nanos);
        long cpu = threads.getCurrentThreadCpuTime() - startCpu;
        if (sink == Long.MIN_VALUE) {
            // Never true; keeps the timed work observable so the JIT cannot drop it.
            System.out.println(sink);
        }
        return new Speed(documents / (elapsed / 1e9), cpu > 0 ? documents / (cpu / 1e9) : 0);
    }

    private static long run(KeyphraseExtractor extractor, List<PaperRecord> papers) {
        long n = 0;
        for (PaperRecord p : papers) {
            n += extractor.extract(p.title(), p.abstractText(), 10).size();
        }
        return n;
    }

    /** Finds the dataset beside the repository root, from the working directory upwards. */
    public static Path locateDefault() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path inside = d.resolve(DEFAULT_DATASET);
            if (Files.isRegularFile(inside)) {
                return inside;
            }
            Path beside = d.resolveSibling(DEFAULT_DATASET);
            if (d.getParent() != null && Files.isRegularFile(beside)) {
                return beside;
            }
        }
        throw new IllegalArgumentException("dataset not found above " + dir
                + "; pass its path as the first argument");
    }
}
