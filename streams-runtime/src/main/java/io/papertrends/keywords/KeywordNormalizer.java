package io.papertrends.keywords;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * The normalised form of a keyword, as the keyphrase extractor computes it for every phrase it
 * finds and as the {@code keyword:} scopes name it: words lower-cased and Porter-stemmed, joined
 * by one space; a hyphenated compound ({@code state-of-the-art}) stays one word, its parts joined
 * by {@code -}. What a person types ("Graph Neural Networks", "transformers") becomes the form
 * the rankings use ({@code graph neural network}, {@code transform}), everywhere a keyword is
 * accepted. Thread-safe.
 */
public final class KeywordNormalizer {
    /** Lucene's analyzers cache their token streams per thread, so one instance serves all. */
    public static final Analyzer ANALYZER = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            StandardTokenizer tokenizer = new StandardTokenizer();
            TokenStream stream = new PorterStemFilter(new LowerCaseFilter(new EnglishPossessiveFilter(tokenizer)));
            return new TokenStreamComponents(tokenizer, stream);
        }
    };

    private KeywordNormalizer() { }

    /** The normalised form of {@code text}; empty when it holds no word. */
    public static String normalize(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        int previousEnd = -1;
        try (TokenStream stream = ANALYZER.tokenStream("keyword", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                int start = offset.startOffset();
                if (previousEnd >= 0 && start == previousEnd + 1 && text.charAt(start - 1) == '-') {
                    out.append('-');
                } else if (!out.isEmpty()) {
                    out.append(' ');
                }
                out.append(term.buffer(), 0, term.length());
                previousEnd = possessiveTrimmed(text, start, offset.endOffset());
            }
            stream.end();
        } catch (IOException e) {
            // A StringReader never fails; this only satisfies the TokenStream contract.
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The end of a word without its possessive 's, which ends a phrase (the filter dropped it from the term). */
    private static int possessiveTrimmed(String text, int start, int end) {
        if (end - start > 2 && (text.charAt(end - 2) == '\'' || text.charAt(end - 2) == '\u2019')
                && (text.charAt(end - 1) == 's' || text.charAt(end - 1) == 'S')) {
            return end - 2;
        }
        return end;
    }
}
