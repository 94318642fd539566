/**
 * The second stage, one task per scope and window: the candidate lists of all partitions merged
 * and ranked, a {@code trending-updates} record when the ranking changed. The keyword summaries
 * and the digest run in the same task, over the rankings stored here.
 */
package io.papertrends.trend.merge;
