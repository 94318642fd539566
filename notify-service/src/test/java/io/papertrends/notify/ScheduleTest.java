package io.papertrends.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.avro.Channel;
import io.papertrends.avro.DigestFrequency;
import io.papertrends.avro.FollowedScope;
import io.papertrends.avro.Subscription;
import io.papertrends.avro.SubscriptionStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    private static Subscription sub(DigestFrequency f, String day, Instant confirmed) {
        return Subscription.newBuilder().setId("i".repeat(22)).setChannel(Channel.EMAIL).setAddress("a@example.org").setStatus(SubscriptionStatus.CONFIRMED)
                .setScopes(List.of(new FollowedScope("global", "all papers"))).setDigest(f).setDigestTime("08:00").setZone("America/New_York")
                .setDigestDay(day).setAlerts(false).setCreatedAt(confirmed).setConfirmedAt(confirmed).build();
    }

    @Test
    void shouldBeDueFromTheLocalTimeOnNamedByTheLocalDate() {
        Subscription s = sub(DigestFrequency.DAILY, null, Instant.parse("2026-12-01T00:00:00Z"));
        // 08:00 in New York on 6 December is 13:00 UTC.
        assertThat(Schedule.due(s, Instant.parse("2026-12-06T12:59:59Z"))).isNull();
        assertThat(Schedule.due(s, Instant.parse("2026-12-06T13:00:00Z"))).isEqualTo("2026-12-06");
        assertThat(Schedule.due(s, Instant.parse("2026-12-07T04:59:00Z"))).isEqualTo("2026-12-06");
        assertThat(Schedule.due(s, Instant.parse("2026-12-07T05:00:00Z"))).isNull();
    }

    @Test
    void shouldBeDueOnConfirmingForATimeAfterSubscribing() {
        // Subscribed at 07:58 New York time for 08:00, confirmed at 08:10: that day's digest is due on confirming.
        Subscription s = Subscription.newBuilder(sub(DigestFrequency.DAILY, null, Instant.parse("2026-12-06T13:10:00Z")))
                .setCreatedAt(Instant.parse("2026-12-06T12:58:00Z")).build();
        assertThat(Schedule.due(Subscription.newBuilder(s).setConfirmedAt(null).build(), Instant.parse("2026-12-06T13:05:00Z"))).isNull();
        assertThat(Schedule.due(s, Instant.parse("2026-12-06T13:10:00Z"))).isEqualTo("2026-12-06");
    }

    @Test
    void shouldNotBeDueForATimeBeforeSubscribingNorWhenPendingOrNone() {
        Subscription s = sub(DigestFrequency.DAILY, null, Instant.parse("2026-12-06T14:00:00Z"));
        assertThat(Schedule.due(s, Instant.parse("2026-12-06T15:00:00Z"))).isNull();
        assertThat(Schedule.due(s, Instant.parse("2026-12-07T13:00:00Z"))).isEqualTo("2026-12-07");
        assertThat(Schedule.due(Subscription.newBuilder(s).setConfirmedAt(null).build(), Instant.parse("2026-12-07T13:00:00Z"))).isNull();
        assertThat(Schedule.due(sub(DigestFrequency.NONE, null, Instant.EPOCH), Instant.parse("2026-12-07T13:00:00Z"))).isNull();
    }

    @Test
    void shouldBeDueWeeklyOnTheDayOnly() {
        Subscription s = sub(DigestFrequency.WEEKLY, "MONDAY", Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(Schedule.due(s, Instant.parse("2026-12-06T13:00:00Z"))).isNull();
        assertThat(Schedule.due(s, Instant.parse("2026-12-07T13:00:00Z"))).isEqualTo("2026-12-07");
    }

    @Test
    void shouldOwnEachSubscriberInExactlyOnePartition() {
        for (int i = 0; i < 200; i++) {
            String id = "subscriber-" + i;
            int owners = 0;
            for (int p = 0; p < 6; p++) {
                owners += SubscriberProcessor.owns(id, p, 6) ? 1 : 0;
            }
            assertThat(owners).isEqualTo(1);
        }
    }
}
