package io.papertrends.notify;

import io.papertrends.avro.DigestFrequency;
import io.papertrends.avro.Subscription;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When a subscriber's digest is due: on the subscriber's local date (weekly: on their day) once
 * their local time has passed the digest time, named by that date; only for a confirmed
 * subscription, and never for a time before it was made (no digest the minute one subscribes
 * after today's digest time). A reader who confirms after the digest time of the day they
 * subscribed gets that day's digest on confirming. A service that was down at
 * digest time sends it when it is back the same local day; a day missed entirely is not sent
 * late.
 */
public final class Schedule {
    private Schedule() { }

    /** The digest period due at {@code now} (the local date, ISO), or null when none is. */
    public static String due(Subscription s, Instant now) {
        if (s.getDigest() != DigestFrequency.DAILY && s.getDigest() != DigestFrequency.WEEKLY) {
            return null;
        }
        ZoneId zone = ZoneId.of(s.getZone());
        ZonedDateTime local = now.atZone(zone);
        if (s.getDigest() == DigestFrequency.WEEKLY && local.getDayOfWeek() != DayOfWeek.valueOf(s.getDigestDay())) {
            return null;
        }
        Instant scheduled = local.toLocalDate().atTime(LocalTime.parse(s.getDigestTime())).atZone(zone).toInstant();
        if (now.isBefore(scheduled) || s.getConfirmedAt() == null || scheduled.isBefore(s.getCreatedAt())) {
            return null;
        }
        return local.toLocalDate().toString();
    }
}
