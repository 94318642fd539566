package io.papertrends.trend.core;

/**
 * Names of the trend service's state stores. They also name the changelog topics
 * ({@code <application.id>-<store>-changelog}), so renaming one abandons its state.
 */
public final class TrendStores {
    /** Per paper its title, keyphrases and scopes ({@code PaperMeta}), in the partition stage. */
    public static final String META_STORE = "trend-paper-meta";
    /** Per paper and window its baseline, current engagement and history ({@code PaperState}), keyed {@code <paper>\0<window>}. */
    public static final String PAPER_STORE = "trend-paper-state";
    /** Per window the field-wide baseline, and the sums over active papers that give the field's growth. */
    public static final String FIELD_STORE = "trend-field-baseline";
    /** Per scope and window this partition's best K candidates. */
    public static final String PARTITION_CANDIDATES_STORE = "trend-partition-candidates";
    /** Partition candidate lists changed since they were last sent to the merge. */
    public static final String PARTITION_DIRTY_STORE = "trend-partition-dirty";
    /** At the merge, per scope and window the latest candidate list of each partition. */
    public static final String MERGE_CANDIDATES_STORE = "trend-merge-candidates";
    /** Per scope and window its ranking as last computed ({@code Ranking}): what queries and the digest read. */
    public static final String RANKINGS_STORE = "trend-rankings";
    /** Rankings that received candidates since their last re-rank. */
    public static final String MERGE_DIRTY_STORE = "trend-merge-dirty";
    /** Rankings by the wall-clock time a ranked paper decays below the minimum score. */
    public static final String EXPIRY_STORE = "trend-expiry-queue";
    /** {@code window|keyword:<phrase>} rankings re-ranked since their last keyword summary. */
    public static final String KEYWORD_SUMMARY_DIRTY_STORE = "trend-keyword-summary-dirty";
    /** The latest summary of each keyword, keyed {@code window|<normalised phrase>}. */
    public static final String KEYWORD_SCORES_STORE = "trend-keyword-scores";
    /** Per window the trending keywords as last sent, scores refreshed at every re-rank: the store interactive queries read. */
    public static final String KEYWORD_RANKINGS_STORE = "trend-keyword-rankings";
    /** Windows that received keyword summaries since their last re-rank. */
    public static final String KEYWORD_DIRTY_STORE = "trend-keyword-dirty";
    /** Per scope its last daily digest (date and papers), plus the date of the task's last digest pass. */
    public static final String DIGEST_LOG_STORE = "trend-digest-log";

    private TrendStores() { }
}
