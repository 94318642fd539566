package io.papertrends.notify.subscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.papertrends.avro.Channel;
import io.papertrends.avro.DigestFrequency;
import io.papertrends.avro.Subscription;
import io.papertrends.avro.SubscriptionStatus;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubscriptionRequestTest {
    private static final AddressPolicy POLICY = new AddressPolicy(false);
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private static Subscription parse(String json) throws Exception {
        JsonNode body = new ObjectMapper().readTree(json);
        return SubscriptionRequest.parse(body, POLICY, NOW);
    }

    private static String refused(String json) {
        try {
            parse(json);
        } catch (InvalidRequest e) {
            return e.reasonCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void shouldNormaliseKeywordsAsTheRankingsDoAndKeepWhatWasTyped() throws Exception {
        Subscription s = parse("{\"email\":\"Reader@Example.ORG\",\"keywords\":[\"Graph Neural Networks\",\"graph neural network\",\"Transformers\"],"
                + "\"categories\":[\"cs.LG\"],\"time\":\"07:30\",\"zone\":\"Europe/Berlin\"}");
        assertThat(s.getChannel()).isEqualTo(Channel.EMAIL);
        assertThat(s.getAddress()).isEqualTo("Reader@example.org");
        assertThat(s.getStatus()).isEqualTo(SubscriptionStatus.PENDING);
        assertThat(s.getConfirmedAt()).isNull();
        assertThat(s.getScopes()).extracting(f -> f.getScope() + "=" + f.getDisplay())
                .containsExactly("keyword:graph neural network=Graph Neural Networks", "keyword:transform=Transformers", "category:cs.LG=cs.LG");
        assertThat(s.getDigest()).isEqualTo(DigestFrequency.DAILY);
        assertThat(s.getDigestTime()).isEqualTo("07:30");
        assertThat(s.getAlerts()).isTrue();
        assertThat(s.getId()).matches("[A-Za-z0-9_-]{22}");
        assertThat(s.getSecret()).isNull();
    }

    @Test
    void shouldFollowGlobalWithoutAlertsWhenNothingNarrowerIsNamed() throws Exception {
        Subscription s = parse("{\"email\":\"a@example.org\",\"digest\":\"weekly\",\"day\":\"friday\"}");
        assertThat(s.getScopes()).extracting(f -> f.getScope()).containsExactly("global");
        assertThat(s.getAlerts()).isFalse();
        assertThat(s.getDigestDay()).isEqualTo("FRIDAY");
        assertThat(refused("{\"email\":\"a@example.org\",\"alerts\":true}")).isEqualTo("GLOBAL_ALERTS");
        assertThat(refused("{\"email\":\"a@example.org\",\"global\":false}")).isEqualTo("NOTHING_FOLLOWED");
    }

    @Test
    void shouldFollowGlobalBesideKeywordsWhenAsked() throws Exception {
        Subscription s = parse("{\"email\":\"a@example.org\",\"global\":true,\"keywords\":[\"diffusion models\"]}");
        assertThat(s.getScopes()).extracting(f -> f.getScope()).containsExactly("global", "keyword:diffus model");
        assertThat(s.getAlerts()).isTrue();
    }

    @Test
    void shouldGiveWebhooksASecretAndConfirmThemAtOnce() throws Exception {
        Subscription s = SubscriptionRequest.parse(new ObjectMapper().readTree("{\"webhook\":\"http://127.0.0.1:9/h\",\"keywords\":[\"x ray\"]}"),
                new AddressPolicy(true), NOW);
        assertThat(s.getStatus()).isEqualTo(SubscriptionStatus.CONFIRMED);
        assertThat(s.getConfirmedAt()).isEqualTo(NOW);
        assertThat(s.getSecret()).startsWith("whsec_").hasSizeGreaterThan(40);
    }

    @Test
    void shouldRefuseEveryBadFieldWithItsReason() {
        assertThat(refused("[]")).isEqualTo("BAD_JSON");
        assertThat(refused("{\"email\":\"a@example.org\",\"keyword\":[\"x\"]}")).isEqualTo("UNKNOWN_FIELD");
        assertThat(refused("{\"keywords\":[\"x\"]}")).isEqualTo("BAD_ADDRESS");
        assertThat(refused("{\"email\":\"a@example.org\",\"webhook\":\"https://example.org\"}")).isEqualTo("BAD_ADDRESS");
        assertThat(refused("{\"email\":\"not an address\"}")).isEqualTo("BAD_EMAIL");
        assertThat(refused("{\"email\":\"a@localhost\"}")).isEqualTo("BAD_EMAIL");
        assertThat(refused("{\"email\":\"a@example.org\\r\\nBcc: b@example.org\"}")).isEqualTo("BAD_EMAIL");
        assertThat(refused("{\"email\":\"a@example.org\",\"keywords\":[\"...\"]}")).isEqualTo("BAD_KEYWORD");
        assertThat(refused("{\"email\":\"a@example.org\",\"keywords\":\"x\"}")).isEqualTo("BAD_KEYWORDS");
        assertThat(refused("{\"email\":\"a@example.org\",\"keywords\":[\"" + "x".repeat(101) + "\"]}")).isEqualTo("BAD_KEYWORDS");
        assertThat(refused("{\"email\":\"a@example.org\",\"categories\":[\"cs LG\"]}")).isEqualTo("BAD_CATEGORY");
        assertThat(refused("{\"email\":\"a@example.org\",\"time\":\"25:00\"}")).isEqualTo("BAD_TIME");
        assertThat(refused("{\"email\":\"a@example.org\",\"zone\":\"Mars/Olympus\"}")).isEqualTo("BAD_ZONE");
        assertThat(refused("{\"email\":\"a@example.org\",\"digest\":\"hourly\"}")).isEqualTo("BAD_DIGEST");
        assertThat(refused("{\"email\":\"a@example.org\",\"digest\":\"daily\",\"day\":\"monday\"}")).isEqualTo("BAD_DAY");
        assertThat(refused("{\"email\":\"a@example.org\",\"digest\":\"weekly\",\"day\":\"someday\"}")).isEqualTo("BAD_DAY");
        assertThat(refused("{\"email\":\"a@example.org\",\"maxPapers\":51}")).isEqualTo("BAD_MAXPAPERS");
        assertThat(refused("{\"email\":\"a@example.org\",\"keywords\":[\"x\"],\"alerts\":\"yes\"}")).isEqualTo("BAD_ALERTS");
        assertThat(refused("{\"email\":\"a@example.org\",\"digest\":\"none\"}")).isEqualTo("NOTHING_TO_SEND");
    }

    @Test
    void shouldRefuseWebhooksThatAreNotPublicHttp() {
        assertThat(refused("{\"webhook\":\"ftp://example.org/x\",\"keywords\":[\"x\"]}")).isEqualTo("BAD_WEBHOOK");
        assertThat(refused("{\"webhook\":\"https://user:pw@example.org/x\",\"keywords\":[\"x\"]}")).isEqualTo("BAD_WEBHOOK");
        assertThat(refused("{\"webhook\":\"/relative\",\"keywords\":[\"x\"]}")).isEqualTo("BAD_WEBHOOK");
        assertThat(refused("{\"webhook\":\"http://127.0.0.1:8080/x\",\"keywords\":[\"x\"]}")).isEqualTo("PRIVATE_WEBHOOK");
        assertThat(refused("{\"webhook\":\"http://10.1.2.3/x\",\"keywords\":[\"x\"]}")).isEqualTo("PRIVATE_WEBHOOK");
        assertThat(refused("{\"webhook\":\"http://169.254.169.254/latest\",\"keywords\":[\"x\"]}")).isEqualTo("PRIVATE_WEBHOOK");
        assertThat(refused("{\"webhook\":\"http://[::1]/x\",\"keywords\":[\"x\"]}")).isEqualTo("PRIVATE_WEBHOOK");
    }

    @Test
    void shouldTellPublicFromPrivateAddresses() throws Exception {
        assertThat(AddressPolicy.isPrivate(InetAddress.getByName("100.64.0.1"))).isTrue();
        assertThat(AddressPolicy.isPrivate(InetAddress.getByName("192.168.1.1"))).isTrue();
        assertThat(AddressPolicy.isPrivate(InetAddress.getByName("fd00::1"))).isTrue();
        assertThat(AddressPolicy.isPrivate(InetAddress.getByName("0.0.0.0"))).isTrue();
        assertThat(AddressPolicy.isPrivate(InetAddress.getByName("93.184.215.14"))).isFalse();
        assertThat(AddressPolicy.isPrivate(InetAddress.getByName("2001:db8::1"))).isFalse();
    }

    @Test
    void shouldAcceptOnlyTokensSignedForTheirAction() {
        LinkTokens tokens = new LinkTokens("a secret of some length".getBytes());
        String id = SubscriptionRequest.newId();
        String unsubscribe = tokens.token(LinkTokens.UNSUBSCRIBE, id);
        assertThat(tokens.verify(LinkTokens.UNSUBSCRIBE, unsubscribe)).isEqualTo(Optional.of(id));
        assertThat(tokens.verify(LinkTokens.CONFIRM, unsubscribe)).isEmpty();
        assertThat(new LinkTokens("another secret of length".getBytes()).verify(LinkTokens.UNSUBSCRIBE, unsubscribe)).isEmpty();
        String otherId = SubscriptionRequest.newId();
        assertThat(tokens.verify(LinkTokens.UNSUBSCRIBE, otherId + unsubscribe.substring(id.length()))).isEmpty();
        assertThat(tokens.verify(LinkTokens.UNSUBSCRIBE, null)).isEmpty();
        assertThat(tokens.verify(LinkTokens.UNSUBSCRIBE, id + ".%%%")).isEmpty();
        assertThatThrownBy(() -> tokens.verify(LinkTokens.UNSUBSCRIBE, "x".repeat(10_000)).orElseThrow()).isInstanceOf(java.util.NoSuchElementException.class);
    }
}
