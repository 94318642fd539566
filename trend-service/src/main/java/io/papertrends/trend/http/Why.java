package io.papertrends.trend.http;

import io.papertrends.avro.TrendingEntry;
import io.papertrends.trend.api.PaperView;
import java.util.Locale;

/** "Why it is trending": a ranked entry's score parts, or a paper's window, in words a reader follows. */
final class Why {
    private Why() { }

    /**
     * @param entry  the paper's entry in the window's global ranking, or null when it is not ranked
     * @param window the paper's activity in the window, or null when the service has none
     */
    static String explain(String name, TrendingEntry entry, PaperView.Window window) {
        if (entry != null) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                    "#%d of all papers in the last %s: %d events from %d readers (engagement %.1f) where %.1f was expected from its own recent level and the field's, %.1f× its usual.",
                    entry.getRank(), name, entry.getEvents(), entry.getReaders(), entry.getObserved(), entry.getExpected(), entry.getGrowth()));
            sb.append(String.format(Locale.ROOT, " That is about %.1f standard deviations above what chance gives a paper expected to get that much.",
                    Math.sqrt(Math.max(0, entry.getScore() / Math.max(entry.getDecay(), 1e-9)))));
            if (entry.getDecay() < 0.99) {
                sb.append(String.format(Locale.ROOT, " Its score is faded to %.0f%% because its last activity was a while ago.", entry.getDecay() * 100));
            }
            return sb.toString();
        }
        if (window == null) {
            return "No reader activity in the last " + name + ".";
        }
        if (window.baseline() == null) {
            return String.format(Locale.ROOT, "Not among the trending papers of the last %s: %d events from %d readers (engagement %.1f), no closed window yet to compare with.",
                    name, window.events(), window.readers(), window.observed());
        }
        return String.format(Locale.ROOT, "Not among the trending papers of the last %s: %d events from %d readers (engagement %.1f) against its usual %.1f.",
                name, window.events(), window.readers(), window.observed(), window.baseline());
    }
}
