package io.papertrends.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.papertrends.service.Health;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class StreamsRunnerTest {
    @Test
    void shouldBeUpWhileRunningOrRebalancingAndSayWhyOtherwise() {
        assertThat(StreamsRunner.health(KafkaStreams.State.RUNNING, null).up()).isTrue();
        assertThat(StreamsRunner.health(KafkaStreams.State.REBALANCING, null).details()).containsEntry("streams", "REBALANCING");

        Health created = StreamsRunner.health(KafkaStreams.State.CREATED, null);
        assertThat(created.up()).isFalse();
        assertThat(created.reason()).isEqualTo("not started yet");

        Health failed = StreamsRunner.health(KafkaStreams.State.ERROR, new IllegalStateException("record too large"));
        assertThat(failed.up()).isFalse();
        assertThat(failed.reason()).isEqualTo("stream processing failed: record too large");
        assertThat(failed.details()).containsEntry("streams", "ERROR");
    }
}
