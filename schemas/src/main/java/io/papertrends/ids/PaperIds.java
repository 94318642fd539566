package io.papertrends.ids;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stable paper ids (DESIGN.md "Paper ids"): {@code arxiv:<id>} with the version stripped when an
 * arXiv id is known, else {@code doi:<lower-cased doi>}, else {@code title:<hash>} where the hash
 * is the first 16 hex digits of SHA-256 over {@link Normalizer#titleKey(String) the title key}.
 *
 * <p>arXiv ids are recognised in every form sources use: {@code 2401.01234v2},
 * {@code hep-th/9901001v1}, {@code math.GT/0309136}, {@code arXiv:2401.01234},
 * {@code oai:arXiv.org:2401.01234}, abs/pdf/html URLs and arXiv DOIs
 * ({@code 10.48550/arXiv.2401.01234}).
 */
public final class PaperIds {
    /** Prefix of ids derived from an arXiv id. */
    public static final String ARXIV_PREFIX = "arxiv:";
    /** Prefix of ids derived from a DOI. */
    public static final String DOI_PREFIX = "doi:";
    /** Prefix of ids derived from the title. */
    public static final String TITLE_PREFIX = "title:";

    private static final Pattern NEW_STYLE = Pattern.compile("(\\d{2}(?:0[1-9]|1[0-2])\\.\\d{4,5})(?:v(\\d+))?");
    private static final Pattern OLD_STYLE = Pattern.compile("([a-z]+(?:-[a-z]+)*)(?:\\.([a-z]{2}))?/(\\d{7})(?:v(\\d+))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern ARXIV_PREFIXES = Pattern.compile(
            "^(?:arxiv:|oai:arxiv\\.org:|(?:https?://)?(?:www\\.|export\\.)?arxiv\\.org/(?:abs|pdf|html|format)/"
                    + "|(?:https?://(?:dx\\.)?doi\\.org/|doi:)?10\\.48550/arxiv\\.)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DOI_PREFIXES = Pattern.compile(
            "^(?:doi:\\s*|info:doi/|(?:https?://)?(?:dx\\.)?doi\\.org/)", Pattern.CASE_INSENSITIVE);
    private static final Pattern DOI = Pattern.compile("10\\.\\d{4,9}/\\S+");
    private static final Pattern TITLE_ID = Pattern.compile("title:[0-9a-f]{16}");
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    });

    private PaperIds() {
    }

    /**
     * An arXiv identifier without its version, and the version when the source gave one.
     *
     * @param id      e.g. {@code 2401.01234} or {@code hep-th/9901001}
     * @param version the {@code N} of {@code vN}, or {@code null}
     */
    public record ArxivId(String id, Integer version) {
        /** The paper id: {@code arxiv:<id>}. */
        public String paperId() {
            return ARXIV_PREFIX + id;
        }
    }

    /**
     * Reads an arXiv identifier from any of the forms sources use (bare, {@code arXiv:} prefix,
     * OAI identifier, abs/pdf/html URL, arXiv DOI), or empty when {@code raw} is not one.
     */
    public static Optional<ArxivId> parseArxiv(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.strip();
        ArxivId bare = bareNewStyle(s);
        return bare != null ? Optional.of(bare) : parseArxivWithPatterns(s);
    }

    /** {@link #parseArxiv} of stripped text by the patterns alone, the reference of its fast path. */
    static Optional<ArxivId> parseArxivWithPatterns(String stripped) {
        String s = stripped;
        Matcher prefix = ARXIV_PREFIXES.matcher(s);
        if (prefix.find()) {
            s = s.substring(prefix.end());
        }
        s = stripSuffixes(s);
        Matcher m = NEW_STYLE.matcher(s);
        if (m.matches()) {
            return Optional.of(new ArxivId(m.group(1), version(m.group(2))));
        }
        m = OLD_STYLE.matcher(s);
        if (m.matches()) {
            String archive = m.group(1).toLowerCase(Locale.ROOT);
            String subjectClass = m.group(2) == null ? "" : "." + m.group(2).toUpperCase(Locale.ROOT);
            return Optional.of(new ArxivId(archive + subjectClass + "/" + m.group(3), version(m.group(4))));
        }
        return Optional.empty();
    }

    /**
     * Reads a DOI, stripping {@code doi:}, {@code info:doi/} and resolver URL prefixes, and
     * lower-cases it (DOIs are case-insensitive); empty when {@code raw} is not a DOI.
     */
    public static Optional<String> parseDoi(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.strip();
        Matcher prefix = DOI_PREFIXES.matcher(s);
        if (prefix.find()) {
            boolean url = prefix.group().contains("doi.org");
            s = s.substring(prefix.end());
            if (url) {
                s = URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
            }
        }
        s = s.toLowerCase(Locale.ROOT);
        return DOI.matcher(s).matches() ? Optional.of(s) : Optional.empty();
    }

    /** {@code title:<16 hex digits>} for a title, equal for titles that differ only in case, punctuation or spacing. */
    public static String forTitle(String title) {
        return TITLE_PREFIX + sha256Hex(Normalizer.titleKey(title)).substring(0, 16);
    }

    /**
     * The id rule of the contract: {@code arxiv:<id>} when an arXiv id is known, else
     * {@code doi:<doi>} when a DOI is, else the client's own id in {@link #canonical} form, else
     * {@code title:<hash of the normalised title>}. Any argument but {@code title} may be null.
     *
     * @param arxiv    the paper's arXiv id, if known (see {@link #firstArxiv})
     * @param doi      the paper's DOI without resolver prefix, lower-cased, if known (see {@link #firstDoi})
     * @param clientId an id the source gave that is neither (kept as the client's opaque id)
     * @param title    the paper's title
     */
    public static String derive(ArxivId arxiv, String doi, String clientId, String title) {
        if (arxiv != null) {
            return arxiv.paperId();
        }
        if (doi != null) {
            return DOI_PREFIX + doi;
        }
        if (clientId != null) {
            return canonical(clientId);
        }
        return forTitle(title);
    }

    /** The first arXiv id among {@code candidates} (any may be null: ids, URLs, DOIs), or null. */
    public static ArxivId firstArxiv(String... candidates) {
        for (String c : candidates) {
            Optional<ArxivId> a = parseArxiv(c);
            if (a.isPresent()) {
                return a.get();
            }
        }
        return null;
    }

    /** The first DOI among {@code candidates} (any may be null), or null. */
    public static String firstDoi(String... candidates) {
        for (String c : candidates) {
            Optional<String> doi = parseDoi(c);
            if (doi.isPresent()) {
                return doi.get();
            }
        }
        return null;
    }

    /** The id as readers know it, {@code arXiv:2401.01234} or {@code doi:10.1/x}; none for an id derived from a title, an internal hash. */
    public static Optional<String> readerLabel(String paperId) {
        if (paperId.startsWith(ARXIV_PREFIX)) {
            return Optional.of("arXiv:" + paperId.substring(ARXIV_PREFIX.length()));
        }
        if (paperId.startsWith(DOI_PREFIX)) {
            return Optional.of(paperId);
        }
        return Optional.empty();
    }

    /** Where a person reads the paper by the id rule: its arXiv or DOI page; none for a title id. */
    public static Optional<String> readerUrl(String paperId) {
        if (paperId.startsWith(ARXIV_PREFIX)) {
            return Optional.of("https://arxiv.org/abs/" + pathEncode(paperId.substring(ARXIV_PREFIX.length())));
        }
        if (paperId.startsWith(DOI_PREFIX)) {
            return Optional.of("https://doi.org/" + pathEncode(paperId.substring(DOI_PREFIX.length())));
        }
        return Optional.empty();
    }

    private static String pathEncode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    /**
     * The canonical form of an id given by a client (an event's {@code paperId}): arXiv ids and
     * DOIs in any accepted form become {@code arxiv:}/{@code doi:} ids, {@code title:} ids are
     * lower-cased; anything else is returned trimmed, as the client's own opaque id.
     */
    public static String canonical(String raw) {
        String s = raw.strip();
        Optional<ArxivId> arxiv = parseArxiv(s);
        if (arxiv.isPresent()) {
            return arxiv.get().paperId();
        }
        Optional<String> doi = parseDoi(s);
        if (doi.isPresent()) {
            return DOI_PREFIX + doi.get();
        }
        String lower = s.toLowerCase(Locale.ROOT);
        return TITLE_ID.matcher(lower).matches() ? lower : s;
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code text}. */
    public static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** This thread's SHA-256 digest, reset: looking one up per record costs more than hashing a paper. */
    public static MessageDigest sha256() {
        MessageDigest digest = SHA_256.get();
        digest.reset();
        return digest;
    }


    /**
     * {@code YYMM.NNNNN[vN]} exactly, the form of most inputs, checked without the patterns; null
     * for anything else (which the patterns then read). Such text has no prefix or suffix to strip.
     */
    static ArxivId bareNewStyle(String s) {
        int n = s.length();
        if (n < 9 || s.charAt(4) != '.' || !isDigits(s, 0, 4)) {
            return null;
        }
        int month = (s.charAt(2) - '0') * 10 + (s.charAt(3) - '0');
        if (month < 1 || month > 12) {
            return null;
        }
        int v = s.indexOf('v', 5);
        int numberEnd = v < 0 ? n : v;
        int numberLength = numberEnd - 5;
        if (numberLength < 4 || numberLength > 5 || !isDigits(s, 5, numberEnd)) {
            return null;
        }
        if (v < 0) {
            return new ArxivId(s, null);
        }
        if (v + 1 == n || !isDigits(s, v + 1, n)) {
            return null;
        }
        return new ArxivId(s.substring(0, v), version(s.substring(v + 1)));
    }

    private static boolean isDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String stripSuffixes(String s) {
        String out = s;
        int cut = indexOfAny(out, '?', '#');
        if (cut >= 0) {
            out = out.substring(0, cut);
        }
        if (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        if (out.regionMatches(true, out.length() - 4, ".pdf", 0, 4)) {
            out = out.substring(0, out.length() - 4);
        }
        return out;
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == a || c == b) {
                return i;
            }
        }
        return -1;
    }

    private static Integer version(String digits) {
        if (digits == null) {
            return null;
        }
        try {
            return Integer.valueOf(digits);
        } catch (NumberFormatException e) {
            // More digits than an int holds is no real version; treat it as absent.
            return null;
        }
    }
}
