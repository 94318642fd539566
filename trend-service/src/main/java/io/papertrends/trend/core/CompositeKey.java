package io.papertrends.trend.core;

/**
 * A key of two parts as the trend service's stores, its repartition topics and
 * {@code trending-digest} hold it: {@code head|tail}, in UTF-8 like any String key. The head
 * never holds the separator (windows, scopes and dates do not), so the first one splits; the
 * tail may itself be an encoded key.
 *
 * <ul>
 *   <li>rankings and candidate lists: {@code window|scope}</li>
 *   <li>a partition's list at the merge: {@code window|scope|<partition, 5 digits>}</li>
 *   <li>the expiry queue: {@code <due millis, 13 digits>|window|scope}</li>
 *   <li>keyword summaries: {@code window|<normalised phrase>}</li>
 *   <li>the field's activity sums: {@code window|observed}, {@code window|baseline}</li>
 *   <li>{@code trending-digest} records: {@code scope|date}</li>
 * </ul>
 * Changing the encoding orphans the state in the changelogs and breaks the digest's contract.
 */
public record CompositeKey(String head, String tail) {
    private static final char SEPARATOR = '|';

    public String encode() {
        return head + SEPARATOR + tail;
    }

    /** @throws IllegalArgumentException when {@code key} has no separator */
    public static CompositeKey parse(String key) {
        int at = key.indexOf(SEPARATOR);
        if (at < 0) {
            throw new IllegalArgumentException("not a composite key: " + key);
        }
        return new CompositeKey(key.substring(0, at), key.substring(at + 1));
    }

    /** What every key with this head starts with, for prefix scans. */
    public static String prefix(String head) {
        return head + SEPARATOR;
    }

    /** This key extended by one more part: {@code head|tail|part}. */
    public String child(String part) {
        return childPrefix() + part;
    }

    /** What every {@link #child} of this key starts with, for prefix scans. */
    public String childPrefix() {
        return encode() + SEPARATOR;
    }

    /** Whether {@code s} can be a head, i.e. does not hold the separator. */
    public static boolean fitsHead(String s) {
        return s.indexOf(SEPARATOR) < 0;
    }

    /** {@code s} with any separator replaced by a space, for names that become heads. */
    public static String withoutSeparator(String s) {
        return s.replace(SEPARATOR, ' ');
    }
}
