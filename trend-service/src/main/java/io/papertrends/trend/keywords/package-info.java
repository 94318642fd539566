/**
 * Trending keywords: each re-ranked {@code keyword:} ranking summarised in the merge task, the
 * summaries sent keyed by window and ranked into {@code trending-keywords}.
 */
package io.papertrends.trend.keywords;
