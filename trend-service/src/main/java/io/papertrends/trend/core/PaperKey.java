package io.papertrends.trend.core;

/**
 * Key of what the partition stage knows of a paper in one window ({@link TrendStores#PAPER_STORE}):
 * {@code <paper>\0<window>}, so that one prefix scan finds all windows of a paper. Paper ids may
 * hold almost any character, but never NUL (control characters are removed at ingest).
 */
public record PaperKey(String paper, String window) {
    private static final char SEPARATOR = '\u0000';

    public String encode() {
        return paper + SEPARATOR + window;
    }

    /** @throws IllegalArgumentException when {@code key} has no separator */
    public static PaperKey parse(String key) {
        int at = key.indexOf(SEPARATOR);
        if (at < 0) {
            throw new IllegalArgumentException("not a paper key: " + key);
        }
        return new PaperKey(key.substring(0, at), key.substring(at + 1));
    }

    /** What the keys of every window of {@code paper} start with, for prefix scans. */
    public static String prefix(String paper) {
        return paper + SEPARATOR;
    }
}
