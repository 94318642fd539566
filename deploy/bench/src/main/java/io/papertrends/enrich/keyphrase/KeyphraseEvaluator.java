package io.papertrends.enrich.keyphrase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Scores predicted keyphrases against gold ones by the protocol of the project's datasets
 * README (the common protocol of the keyphrase-extraction literature):
 *
 * <ul>
 *   <li>a phrase is normalized by lower-casing it, splitting it into tokens
 *       {@code [a-z0-9]+(-[a-z0-9]+)*}, Porter-stemming each token and joining them with a space;
 *   <li>predictions are taken best first; duplicates (same normalized form) and phrases that
 *       normalize to nothing are dropped before cutting at N;
 *   <li>a prediction matches when its normalized form equals a normalized gold phrase;
 *   <li>precision = matches / predictions kept, recall = matches / distinct normalized gold
 *       phrases, F1 per document; documents are then averaged (macro).
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class KeyphraseEvaluator {

    private static final Pattern TOKEN = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private static final Analyzer ANALYZER = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            PatternTokenizer tokenizer = new PatternTokenizer(TOKEN, 0);
            return new TokenStreamComponents(tokenizer, new PorterStemFilter(tokenizer));
        }
    };

    private final List<Prf> documents = new ArrayList<>();

    /** Precision, recall and F1 of one document, or their macro averages. */
    public record Prf(double precision, double recall, double f1) {}

    /** The normalized form of a phrase under the protocol; empty when it has no token. */
    public static String normalize(String phrase) {
        if (phrase == null || phrase.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(phrase.length());
        try (TokenStream stream = ANALYZER.tokenStream("phrase", phrase.toLowerCase(Locale.ROOT))) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                if (out.length() > 0) {
                    out.append(' ');
                }
                out.append(term.buffer(), 0, term.length());
            }
            stream.end();
        } catch (IOException e) {
            // Reading a String cannot fail; this only satisfies the TokenStream contract.
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Scores one document.
     *
     * @param predicted the system's phrases, best first
     * @param gold the gold phrases
     * @param n the cut-off (5 and 10 in the README)
     */
    public static Prf score(List<String> predicted, Collection<String> gold, int n) {
        Set<String> goldForms = new LinkedHashSet<>();
        for (String g : gold) {
            String form = normalize(g);
            if (!form.isEmpty()) {
                goldForms.add(form);
            }
        }
        Set<String> kept = new LinkedHashSet<>();
        for (String p : predicted) {
            if (kept.size() >= n) {
                break;
            }
            String form = normalize(p);
            if (!form.isEmpty()) {
                kept.add(form);
            }
        }
        int matches = 0;
        for (String form : kept) {
            if (goldForms.contains(form)) {
                matches++;
            }
        }
        double precision = kept.isEmpty() ? 0.0 : (double) matches / kept.size();
        double recall = goldForms.isEmpty() ? 0.0 : (double) matches / goldForms.size();
        double f1 = precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
        return new Prf(precision, recall, f1);
    }

    /** Scores one more document into the running macro average. */
    public synchronized Prf add(List<String> predicted, Collection<String> gold, int n) {
        Prf prf = score(predicted, gold, n);
        documents.add(prf);
        return prf;
    }

    /** Number of documents added. */
    public synchronized int documentCount() {
        return documents.size();
    }

    /** Macro average over the documents added so far (zeros when there is none). */
    public synchronized Prf macroAverage() {
        if (documents.isEmpty()) {
            return new Prf(0, 0, 0);
        }
        double p = 0;
        double r = 0;
        double f = 0;
        for (Prf d : documents) {
            p += d.precision();
            r += d.recall();
            f += d.f1();
        }
        int size = documents.size();
        return new Prf(p / size, r / size, f / size);
    }
}
