package io.papertrends.enrich.keyphrase;

import io.papertrends.keywords.KeywordNormalizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;

/**
 * The words of one paper (title, then abstract) with what candidate selection needs: where each
 * reads in its source, its Porter stem, its word class, the sentence it sits in, and whether
 * punctuation separates it from the word before. One buffer per thread, grown on demand and
 * reused, so a steady stream of abstracts allocates little beyond the stems.
 */
final class TokenBuffer {

    /** The analysis that defines a keyword's normalised form, shared with every place a keyword is typed. */
    private static final Analyzer ANALYZER = KeywordNormalizer.ANALYZER;

    private static final String NUM_TYPE =
            StandardTokenizer.TOKEN_TYPES[StandardTokenizer.NUM];

    int size;
    int sentences;
    String title = "";
    String body = "";
    int[] start = new int[256];
    int[] end = new int[256];
    String[] stem = new String[256];
    byte[] wordClass = new byte[256];
    int[] sentence = new int[256];
    boolean[] breakBefore = new boolean[256];
    boolean[] inTitle = new boolean[256];
    boolean[] cased = new boolean[256];
    boolean[] acronym = new boolean[256];
    boolean[] generic = new boolean[256];
    boolean[] vague = new boolean[256];
    boolean[] numeric = new boolean[256];
    boolean[] plural = new boolean[256];
    boolean[] particle = new boolean[256];
    boolean[] gerund = new boolean[256];
    boolean[] verbCue = new boolean[256];

    private final StringBuilder scratch = new StringBuilder(64);
    private char[] wordChars = new char[64];

    /** Analyses a paper into this buffer, replacing what it held. */
    void analyse(String titleText, String bodyText) {
        title = titleText == null ? "" : titleText;
        body = bodyText == null ? "" : bodyText;
        size = 0;
        sentences = 0;
        if (!title.isBlank()) {
            append(title, true);
            sentences++;
        }
        append(body, false);
        sentences++;
    }

    /** True when token {@code i} starts with a lower-case letter where it reads. */
    boolean startsLowerCase(int i) {
        return Character.isLowerCase((inTitle[i] ? title : body).charAt(start[i]));
    }

    /** The text of tokens {@code from..to} inclusive as it reads in its source. */
    String surface(int from, int to) {
        String source = inTitle[from] ? title : body;
        return source.substring(start[from], end[to]);
    }

    private void append(String text, boolean fromTitle) {
        int first = size;
        try (TokenStream stream = ANALYZER.tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            TypeAttribute type = stream.addAttribute(TypeAttribute.class);
            stream.reset();
            boolean sentenceStart = true;
            while (stream.incrementToken()) {
                int s = offset.startOffset();
                int e = offset.endOffset();
                if (e - s > 2 && (text.charAt(e - 2) == '\'' || text.charAt(e - 2) == '\u2019')
                        && (text.charAt(e - 1) == 's' || text.charAt(e - 1) == 'S')) {
                    // A possessive ends the phrase before it ("asphalt concrete's binder"); the
                    // filter already dropped the 's from the term, the offsets still cover it.
                    e -= 2;
                }
                if (size > first && s == end[size - 1] + 1 && text.charAt(s - 1) == '-'
                        && end[size - 1] > start[size - 1]) {
                    mergeWithPrevious(text, s, e, term);
                    continue;
                }
                boolean gapBreak = false;
                if (size > first) {
                    for (int i = end[size - 1]; i < s; i++) {
                        char c = text.charAt(i);
                        if (!Character.isWhitespace(c)) {
                            gapBreak = true;
                            if ((c == '.' || c == '?' || c == '!' || c == ';')
                                    && Character.isUpperCase(text.charAt(s))) {
                                sentenceStart = true;
                            }
                        }
                    }
                    if (sentenceStart) {
                        sentences++;
                    }
                }
                ensureCapacity(size + 1);
                int n = size++;
                start[n] = s;
                end[n] = e;
                stem[n] = term.toString();
                sentence[n] = sentences;
                breakBefore[n] = gapBreak || n == first;
                inTitle[n] = fromTitle;
                numeric[n] = NUM_TYPE.equals(type.type());
                classify(text, n, sentenceStart || fromTitle);
                sentenceStart = false;
            }
            markCitedNames(first);
            stream.end();
        } catch (IOException e) {
            // A StringReader never fails; this only satisfies the TokenStream contract.
            throw new UncheckedIOException(e);
        }
    }

    // A hyphenated compound (four-dimensional, state-of-the-art) is one word to a reader and to
    // the scoring protocol, so it is one token here; it is classified by its last part.
    private void mergeWithPrevious(String text, int s, int e, CharTermAttribute term) {
        int n = size - 1;
        scratch.setLength(0);
        scratch.append(stem[n]).append('-').append(term.buffer(), 0, term.length());
        stem[n] = scratch.toString();
        end[n] = e;
        numeric[n] = false;
        char[] chars = charsOf(text, start[n], e);
        int lastPart = s - start[n];
        byte whole = WordClasses.classify(chars, 0, e - start[n]);
        wordClass[n] = whole == WordClasses.BREAK
                ? WordClasses.BREAK
                : WordClasses.classify(chars, lastPart, e - s) == WordClasses.NOUN
                        ? WordClasses.NOUN : WordClasses.MODIFIER;
        generic[n] = false;
        vague[n] = false;
        plural[n] = false;
        particle[n] = false;
        gerund[n] = false;
        verbCue[n] = false;
        acronym[n] = acronym[n] || isAcronym(text, s, e);
    }

    private char[] charsOf(String text, int s, int e) {
        int len = e - s;
        if (wordChars.length < len) {
            wordChars = new char[Math.max(len, wordChars.length * 2)];
        }
        text.getChars(s, e, wordChars, 0);
        return wordChars;
    }

    private void classify(String text, int n, boolean sentenceInitial) {
        int s = start[n];
        int len = end[n] - s;
        char[] chars = charsOf(text, s, end[n]);
        int flags = WordClasses.flags(chars, 0, len);
        wordClass[n] = numeric[n] || isMarkup(text, s, end[n])
                ? WordClasses.BREAK : WordClasses.classify(chars, 0, len, flags);
        // One or two letters that are not an acronym are a symbol (x, k, yi): no keyphrase alone.
        generic[n] = (flags & WordClasses.F_GENERIC) != 0
                || (len <= 2 && !isAcronym(text, s, end[n]));
        vague[n] = (flags & WordClasses.F_VAGUE) != 0;
        plural[n] = len > 3 && WordClasses.isPlural(chars, 0, len, flags);
        gerund[n] = WordClasses.isVerbalGerund(chars, 0, len);
        acronym[n] = isAcronym(text, s, end[n]);
        cased[n] = acronym[n] || (!sentenceInitial && Character.isUpperCase(chars[0]));
        if (n > 0 && verbCue[n - 1] && !breakBefore[n] && !acronym[n]) {
            // "we study", "can encode": the word after a subject pronoun or modal is a verb.
            wordClass[n] = WordClasses.BREAK;
        }
        verbCue[n] = (flags & WordClasses.F_VERB_CUE) != 0;
        particle[n] = WordClasses.isNameParticle(chars, 0, flags);
        if (particle[n]) {
            wordClass[n] = WordClasses.MODIFIER;
        }
    }

    // "Carter et al." cites a paper: the name before it is an author, not a term of this one.
    private void markCitedNames(int first) {
        for (int k = first + 1; k + 1 < size; k++) {
            if (!startsLowerCase(k - 1) && stem[k].equals("et") && stem[k + 1].equals("al")) {
                wordClass[k - 1] = WordClasses.BREAK;
            }
        }
    }

    // LaTeX commands (\mathcal), subscripted symbols (f_theta), formulas, host names and e-mail
    // addresses are notation, not words a reader would take for a keyphrase.
    private static boolean isMarkup(String text, int s, int e) {
        if (s > 0 && text.charAt(s - 1) == '\\') {
            return true;
        }
        boolean greek = false;
        boolean other = false;
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            if (c == '_' || c == '.' || c == '@' || c == '/') {
                return true;
            }
            if (c >= '\u0370' && c <= '\u03ff') {
                greek = true;
            } else if (Character.isLetterOrDigit(c)) {
                other = true;
            }
        }
        // A Greek letter beside other letters or digits (ΛQCD, cos2θ, FμνaFaμν) is a formula.
        return greek && other;
    }

    private static boolean isAcronym(String text, int s, int e) {
        int upper = 0;
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            if (Character.isUpperCase(c)) {
                upper++;
            }
        }
        // ANNs, GPT-4, CoT: mostly capitals, at least two of them.
        return upper >= 2 && upper * 2 >= (e - s);
    }

    private void ensureCapacity(int n) {
        if (n <= start.length) {
            return;
        }
        int cap = Math.max(n, start.length * 2);
        start = Arrays.copyOf(start, cap);
        end = Arrays.copyOf(end, cap);
        stem = Arrays.copyOf(stem, cap);
        wordClass = Arrays.copyOf(wordClass, cap);
        sentence = Arrays.copyOf(sentence, cap);
        breakBefore = Arrays.copyOf(breakBefore, cap);
        inTitle = Arrays.copyOf(inTitle, cap);
        cased = Arrays.copyOf(cased, cap);
        acronym = Arrays.copyOf(acronym, cap);
        generic = Arrays.copyOf(generic, cap);
        vague = Arrays.copyOf(vague, cap);
        numeric = Arrays.copyOf(numeric, cap);
        plural = Arrays.copyOf(plural, cap);
        particle = Arrays.copyOf(particle, cap);
        gerund = Arrays.copyOf(gerund, cap);
        verbCue = Arrays.copyOf(verbCue, cap);
    }
}
