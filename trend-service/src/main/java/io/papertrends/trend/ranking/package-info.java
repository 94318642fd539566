/**
 * Trending domain logic, free of Kafka: the trending score of a paper ({@link io.papertrends.trend.ranking.TrendingScore})
 * and bounded top-K rankings with their diff ({@link io.papertrends.trend.ranking.TopK}).
 */
package io.papertrends.trend.ranking;
