/**
 * The trend service, composed: the topology that wires its stages ({@link io.papertrends.trend.TrendTopology})
 * and how it runs with its HTTP API ({@link io.papertrends.trend.TrendService}).
 *
 * <p>The stages, each in a package of its own, in the order the data flows:
 * {@code score} (per partition: papers scored, each scope's best candidates),
 * {@code merge} (per scope and window: the partitions' candidates ranked into {@code trending-updates}),
 * {@code keywords} (keyword scopes summarised, then ranked per window into {@code trending-keywords}),
 * {@code digest} (once a day per scope: {@code trending-digest}) and
 * {@code query} (interactive queries over the stores). What several stages share (settings, state
 * records, store names, keys) is in {@code core}; {@code ranking} is the scoring and top-K logic,
 * free of Kafka. Dependencies point downwards only: no stage imports this package or another
 * stage's, and {@code core} and {@code ranking} import no stage.
 */
package io.papertrends.trend;
