/** The daily {@code trending-digest}: per scope the top papers of the digest window with their movements since yesterday. */
package io.papertrends.trend.digest;
