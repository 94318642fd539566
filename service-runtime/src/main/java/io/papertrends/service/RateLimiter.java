package io.papertrends.service;

import io.papertrends.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per client (an API key's name, or an address): each holds up to {@code burst}
 * tokens, refilled at {@code rate} per second; a request takes one or waits. At most
 * {@value #MAX_BUCKETS} buckets are held, the least recently used dropped first, so memory stays
 * bounded whatever the number of clients (a dropped bucket comes back full).
 *
 * <p>Settings: {@value #RATE} (requests per second per client; 0 turns the limit off; default
 * {@value #DEFAULT_RATE}) and {@value #BURST} (default twice the rate, at least 1).
 */
public final class RateLimiter {
    public static final String RATE = "papertrends.http.rate.limit";
    public static final String BURST = "papertrends.http.rate.burst";
    public static final int MAX_BUCKETS = 10_000;
    public static final double DEFAULT_RATE = 50;

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final LinkedHashMap<String, Bucket> buckets;

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    /**
     * @param perSecond  tokens added per second; 0 (or less) turns the limit off
     * @param burst      most tokens a bucket holds (at least 1)
     * @param maxBuckets most buckets held
     * @param nanoClock  a monotonic clock in nanoseconds (tests pass their own)
     */
    public RateLimiter(double perSecond, double burst, int maxBuckets, LongSupplier nanoClock) {
        if (perSecond > 0 && burst < 1) {
            throw new IllegalArgumentException(BURST + " must be at least 1, got " + burst);
        }
        if (maxBuckets < 1) {
            throw new IllegalArgumentException("maxBuckets must be positive");
        }
        this.perSecond = Math.max(0, perSecond);
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.buckets = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxBuckets;
            }
        };
    }

    /** From {@value #RATE} and {@value #BURST}. */
    public static RateLimiter from(Settings settings) {
        double rate = parse(settings, RATE, DEFAULT_RATE);
        double burst = parse(settings, BURST, Math.max(1, Math.ceil(2 * rate)));
        return new RateLimiter(rate, burst, MAX_BUCKETS, System::nanoTime);
    }

    private static double parse(Settings settings, String key, double fallback) {
        String value = settings.get(key, null);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(value.trim());
            if (!(d >= 0) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number >= 0, got '" + value + "'");
        }
    }

    public boolean enabled() {
        return perSecond > 0;
    }

    public double perSecond() {
        return perSecond;
    }

    public double burst() {
        return burst;
    }

    /**
     * Takes a token from {@code client}'s bucket.
     *
     * @return 0 when the request may go on, else the seconds until a token is there, rounded up (at least 1)
     */
    public long acquire(String client) {
        if (!enabled()) {
            return 0;
        }
        long now = nanoClock.getAsLong();
        synchronized (buckets) {
            Bucket b = buckets.get(client);
            if (b == null) {
                b = new Bucket(burst, now);
                buckets.put(client, b);
            } else {
                b.tokens = Math.min(burst, b.tokens + (now - b.at) / 1e9 * perSecond);
                b.at = now;
            }
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / perSecond));
        }
    }

    /** Buckets held now. */
    int buckets() {
        synchronized (buckets) {
            return buckets.size();
        }
    }
}
