package io.papertrends.trend.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/papers/{id}}: what the trend service knows of a paper.
 *
 * @param title      null when the paper's metadata has not arrived (only its activity)
 * @param keyphrases display forms, best first
 * @param scopes        the scopes it is ranked in besides {@code global}
 * @param scopeDisplays how each of {@code scopes} reads: a keyword as this paper writes it, a category's name
 * @param windows       per window, in the configured order
 */
public record PaperView(String id, String title, List<String> keyphrases, List<String> scopes, Map<String, String> scopeDisplays,
                        List<Window> windows) {
    public PaperView {
        keyphrases = List.copyOf(keyphrases);
        scopes = List.copyOf(scopes);
        scopeDisplays = Collections.unmodifiableMap(new LinkedHashMap<>(scopeDisplays));
        windows = List.copyOf(windows);
    }

    /**
     * The paper in one window.
     *
     * @param observed engagement of its current window
     * @param baseline its own baseline, null before its first closed window
     * @param asOf     event time of its current window's last update (ISO-8601), null when it has none
     * @param history  engagement of its last closed windows, oldest first
     */
    public record Window(String window, double observed, Double baseline, long events, long readers, String asOf, List<Point> history) {
        public Window {
            history = List.copyOf(history);
        }
    }

    /** A closed window's engagement; {@code end} is its end (ISO-8601). */
    public record Point(String end, double score) { }
}
