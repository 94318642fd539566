package io.papertrends.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
    private static final String ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void shouldHashKeysWithSha256() {
        assertThat(ApiKeys.sha256Hex("abc")).isEqualTo(ABC_SHA256);
        assertThat(ApiKeys.entry("reader-app", "abc")).isEqualTo("reader-app:" + ABC_SHA256);
    }

    @Test
    void shouldMatchAPresentedKeyToTheNameOfItsHash() {
        String one = ApiKeys.newKey(new SecureRandom());
        String two = ApiKeys.newKey(new SecureRandom());
        ApiKeys keys = ApiKeys.parse(" " + ApiKeys.entry("crawler", one) + " , " + "partner.b:" + ApiKeys.sha256Hex(two).toUpperCase());
        assertThat(keys.names()).containsExactly("crawler", "partner.b");
        assertThat(keys.match(one)).hasValue("crawler");
        assertThat(keys.match(two)).as("hex in either case").hasValue("partner.b");
        assertThat(keys.match(one + "x")).isEmpty();
        assertThat(keys.match("")).isEmpty();
        assertThat(keys.match(null)).isEmpty();
        assertThat(keys.match(ApiKeys.sha256Hex(one))).as("the hash is not a key").isEmpty();
        assertThat(keys.toString()).doesNotContain(ApiKeys.sha256Hex(one));
        assertThat(ApiKeys.parse("").isEmpty()).isTrue();
        assertThat(ApiKeys.parse(null).isEmpty()).isTrue();
    }

    @Test
    void shouldMakeRandomUrlSafeKeysOf32Bytes() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String key = ApiKeys.newKey(random);
            assertThat(key).hasSize(43).matches("[A-Za-z0-9_-]+");
            seen.add(key);
        }
        assertThat(seen).hasSize(100);
    }

    @Test
    void shouldRefuseEntriesThatAreNotNameAndHashWithoutEchoingThem() {
        String pastedKey = ApiKeys.newKey(new SecureRandom());
        assertThatThrownBy(() -> ApiKeys.parse("app:" + pastedKey)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 1").hasMessageContaining("never the key itself").hasMessageNotContaining(pastedKey);
        assertThatThrownBy(() -> ApiKeys.parse("a:" + ABC_SHA256 + "," + pastedKey)).hasMessageContaining("entry 2")
                .hasMessageNotContaining(pastedKey);
        assertThatThrownBy(() -> ApiKeys.parse(":" + ABC_SHA256)).hasMessageContaining("entry 1");
        assertThatThrownBy(() -> ApiKeys.parse("a b:" + ABC_SHA256)).hasMessageContaining("entry 1");
        assertThatThrownBy(() -> ApiKeys.parse("a:" + ABC_SHA256 + ",a:" + ApiKeys.sha256Hex("x"))).hasMessageContaining("twice");
        assertThatThrownBy(() -> ApiKeys.parse("a:" + ABC_SHA256 + ",b:" + ABC_SHA256.toUpperCase())).hasMessageContaining("hash of another");
        assertThatThrownBy(() -> ApiKeys.entry("no spaces", "k")).hasMessageContaining("name");
    }
}
