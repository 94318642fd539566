package io.papertrends.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void shouldReadTheBigEndianSchemaId() {
        assertThat(WireFormat.schemaId("t", new byte[] {0, 0, 0, 1, 2, 42})).isEqualTo(258);
    }

    @Test
    void shouldRejectAnUnknownMagicByte() {
        assertThatThrownBy(() -> WireFormat.schemaId("papers", new byte[] {1, 0, 0, 0, 1, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown magic byte 0x01").hasMessageContaining("papers");
    }

    @Test
    void shouldRejectARecordShorterThanTheHeader() {
        assertThatThrownBy(() -> WireFormat.schemaId("papers", new byte[] {0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("too short");
    }
}
