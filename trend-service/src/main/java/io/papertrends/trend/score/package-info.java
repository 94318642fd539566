/**
 * The first stage, one task per input partition: {@code papers-enriched} gives each paper's title,
 * keyphrases and scopes, {@code paper-popularity} its baselines and trending score per window;
 * per scope and window the partition's best K candidates are sent to the merge once per update
 * interval when they changed.
 */
package io.papertrends.trend.score;
