/**
 * The JSON answers of the trend service's HTTP API: plain records mapped from the Avro records
 * and the service's state, never the Avro objects themselves.
 */
package io.papertrends.trend.api;
