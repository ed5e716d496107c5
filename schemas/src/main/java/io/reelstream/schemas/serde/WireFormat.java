package io.reelstream.schemas.serde;

/**
 * Confluent's framing of a Kafka record value: {@code [0x00][schema id: 4 bytes big-endian][Avro binary]}.
 */
final class WireFormat {
    static final byte MAGIC_BYTE = 0x0;
    /** Magic byte + schema id. */
    static final int HEADER_SIZE = 1 + Integer.BYTES;

    private WireFormat() {}

    static String where(String topic) {
        return topic == null ? "" : "topic " + topic + ": ";
    }
}
