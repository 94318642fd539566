package io.papertrends.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.papertrends.ingest.IngestLimits;
import io.papertrends.ingest.RecordValidator;
import io.papertrends.ingest.parse.JsonRecords;
import io.papertrends.ingest.publish.IngestPublisher;
import io.papertrends.testing.PlainAvroSerdes;
import io.papertrends.topics.Topics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IngestEndpointsTest {
    /** A time the popularity windows still count (events older than the longest window are rejected). */
    private static final String RECENT = java.time.Instant.now().minusSeconds(600).toString();

    private static final ObjectMapper JSON = new ObjectMapper();
    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final IngestPublisher publisher = new IngestPublisher(producer, new Topics("", new PlainAvroSerdes()), IngestLimits.defaults(),
            Clock.systemUTC(), new SimpleMeterRegistry());
    private final IngestEndpoints endpoints = new IngestEndpoints(
            new JsonRecords(new RecordValidator(IngestLimits.defaults(), Clock.systemUTC())), publisher, 4096);

    @AfterEach
    void close() {
        publisher.close();
    }

    @Test
    void shouldAnswer202WithTheIdsWhenEveryPaperIsAccepted() throws IOException {
        IngestEndpoints.Response response = endpoints.postPapers(body(
                "[{\"title\":\"A\",\"abstract\":\"a\",\"arxivId\":\"2401.01234v2\"},{\"title\":\"B\",\"abstract\":\"b\",\"doi\":\"10.1000/B\"}]"));

        assertThat(response.status()).isEqualTo(202);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("accepted").asInt()).isEqualTo(2);
        assertThat(answer.get("ids")).extracting(JsonNode::asText).containsExactly("arxiv:2401.01234", "doi:10.1000/b");
        assertThat(producer.history()).hasSize(2).allMatch(r -> r.topic().equals(Topics.PAPERS));
    }

    @Test
    void shouldAnswer400WithPerRecordReasonsAndStillPublishTheGoodOnes() throws IOException {
        IngestEndpoints.Response response = endpoints.postEvents(body("["
                + "{\"paperId\":\"arxiv:2401.01234\",\"type\":\"view\",\"occurredAt\":\"" + RECENT + "\"},"
                + "{\"paperId\":\"arxiv:2401.01234\",\"type\":\"like\",\"occurredAt\":\"" + RECENT + "\"}]"));

        assertThat(response.status()).isEqualTo(400);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("accepted").asInt()).isEqualTo(1);
        JsonNode rejection = answer.get("rejections").get(0);
        assertThat(rejection.get("location").asText()).isEqualTo("array index 1");
        assertThat(rejection.get("reasonCode").asText()).isEqualTo("UNKNOWN_EVENT_TYPE");
        assertThat(rejection.get("reason").asText()).contains("'like'");
        assertThat(producer.history()).extracting(r -> r.topic()).containsExactly(Topics.PAPER_EVENTS, Topics.INGEST_REJECTS);
        assertThat(producer.history().get(1).key()).isEqualTo(IngestEndpoints.EVENTS_SOURCE);
    }

    @Test
    void shouldAnswer400ForABodyThatIsNotJson() throws IOException {
        IngestEndpoints.Response response = endpoints.postPapers(body("{\"title\": "));
        assertThat(response.status()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("rejections").get(0).get("reasonCode").asText()).isEqualTo("INVALID_JSON");
    }

    @Test
    void shouldAnswer413OverTheBodyLimitWithoutPublishing() throws IOException {
        IngestEndpoints.Response response = endpoints.postPapers(body("[" + "{\"title\":\"T\",\"abstract\":\"A\"},".repeat(200) + "]"));
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body()).contains("4096 bytes");
        assertThat(producer.history()).isEmpty();
    }

    private static ByteArrayInputStream body(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
