/** Interactive queries over the trend service's stores, forwarded to the instance that hosts the key. */
package io.papertrends.trend.query;
