package io.papertrends.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a service says on {@code /healthz}: up or down, why when down, and details such as the
 * Kafka Streams state or the number of brokers that answered.
 *
 * @param up      whether the service can do its work now
 * @param reason  why it cannot, for a person (null when up)
 * @param details further facts, shown as they are
 */
public record Health(boolean up, String reason, Map<String, Object> details) {
    public Health {
        details = Map.copyOf(details);
        if (!up) {
            Objects.requireNonNull(reason, "a service that is down says why");
        }
    }

    public static Health up(Map<String, Object> details) {
        return new Health(true, null, details);
    }

    public static Health down(String reason, Map<String, Object> details) {
        return new Health(false, reason, details);
    }

    /** Up only while both are; the reasons and details of both. */
    public Health and(Health other) {
        Map<String, Object> all = new LinkedHashMap<>(details);
        all.putAll(other.details);
        if (up && other.up) {
            return up(all);
        }
        String why = up ? other.reason : other.up ? reason : reason + "; " + other.reason;
        return down(why, all);
    }

    /** The JSON body of {@code /healthz}: {@code status}, {@code reason} when down, then the details. */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        if (!up) {
            body.put("reason", reason);
        }
        body.putAll(new java.util.TreeMap<>(details));
        return body;
    }
}
