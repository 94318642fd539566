package io.papertrends.notify;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the notify service remembers of one subscriber, in its task's store (changelogged, so
 * it moves with the task and is restored after a crash): whether the confirmation mail went out,
 * the last digest period sent and its papers, the new papers queued for the next alert, and a
 * webhook delivery being retried. Stored as JSON: fields can be added without a migration.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class SubscriberState {
    /** At most this many papers wait for one alert; older ones give way. */
    public static final int MAX_QUEUED = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean confirmationSent;
    public String lastDigest;
    public List<String> lastDigestPapers = new ArrayList<>();
    public List<String> queued = new ArrayList<>();
    /** When the first queued paper arrived (epoch ms); the alert batch's period. */
    public long queuedSince;
    public long lastAlertAt;
    public Retry retry;

    /** A webhook delivery that failed and waits for its next attempt. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Retry {
        public String kind;
        public String period;
        public int attempts;
        public long nextAt;
    }

    public void queue(String paperId, long now) {
        if (queued.contains(paperId)) {
            return;
        }
        if (queued.isEmpty()) {
            queuedSince = now;
        }
        if (queued.size() == MAX_QUEUED) {
            queued.remove(0);
        }
        queued.add(paperId);
    }

    public byte[] toBytes() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SubscriberState fromBytes(byte[] bytes) {
        if (bytes == null) {
            return new SubscriberState();
        }
        try {
            return JSON.readValue(bytes, SubscriberState.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
