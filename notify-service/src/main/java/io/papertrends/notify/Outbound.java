package io.papertrends.notify;

import io.papertrends.avro.Delivery;

/** What the subscriber processor emits: a delivery for {@code notify-deliveries} or a dead letter's payload for {@code notify-dlq}. */
record Outbound(Delivery delivery, byte[] deadLetter) {
    static Outbound of(Delivery d) {
        return new Outbound(d, null);
    }

    static Outbound deadLetter(byte[] payload) {
        return new Outbound(null, payload);
    }
}
