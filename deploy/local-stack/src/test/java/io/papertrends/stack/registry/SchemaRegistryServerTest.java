package io.papertrends.stack.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which requests the read-only role may make. */
class SchemaRegistryServerTest {
    @Test
    void shouldTreatReadsLookupsAndCompatibilityChecksAsReads() {
        assertThat(SchemaRegistryServer.isWrite("GET", "/subjects/a-value/versions/latest")).isFalse();
        assertThat(SchemaRegistryServer.isWrite("GET", "/config")).isFalse();
        assertThat(SchemaRegistryServer.isWrite("POST", "/subjects/a-value")).isFalse();
        assertThat(SchemaRegistryServer.isWrite("POST", "/subjects/a-value/")).isFalse();
        assertThat(SchemaRegistryServer.isWrite("POST", "/compatibility/subjects/a-value/versions/latest")).isFalse();
    }

    @Test
    void shouldTreatRegisteringConfigAndDeletesAsWrites() {
        assertThat(SchemaRegistryServer.isWrite("POST", "/subjects/a-value/versions")).isTrue();
        assertThat(SchemaRegistryServer.isWrite("PUT", "/config")).isTrue();
        assertThat(SchemaRegistryServer.isWrite("PUT", "/config/a-value")).isTrue();
        assertThat(SchemaRegistryServer.isWrite("DELETE", "/config/a-value")).isTrue();
        assertThat(SchemaRegistryServer.isWrite("DELETE", "/subjects/a-value")).isTrue();
        assertThat(SchemaRegistryServer.isWrite("DELETE", "/subjects/a-value/versions/1")).isTrue();
        assertThat(SchemaRegistryServer.isWrite("PUT", "/mode")).isTrue();
        assertThat(SchemaRegistryServer.isWrite("POST", "/subjects//a-value//versions")).isTrue();
    }
}
