/**
 * What the trend service's stages share: its settings ({@link io.papertrends.trend.core.TrendConfig}),
 * the records in its stores and repartition topics ({@link io.papertrends.trend.core.TrendState}) and
 * their binary encoding ({@link io.papertrends.trend.core.Codec}), the names of its stores
 * ({@link io.papertrends.trend.core.TrendStores}) and the keys they hold
 * ({@link io.papertrends.trend.core.CompositeKey}, {@link io.papertrends.trend.core.PaperKey}),
 * scope names and meters. It imports no stage.
 */
package io.papertrends.trend.core;
