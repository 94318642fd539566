/**
 * The trend service: trending rankings per scope and window from paper popularity and enriched
 * papers ({@link io.papertrends.trend.TrendTopology}), its settings ({@link io.papertrends.trend.TrendConfig})
 * and how it runs ({@link io.papertrends.trend.TrendService}).
 */
package io.papertrends.trend;
