package io.reelstream.schemas.registry;

/**
 * A record of a registry topic that could not be read (undecodable bytes, a key that does not
 * match its value): reported with where it is and skipped, so one bad record never stops the
 * registry.
 */
public record SkippedRecord(String topic, int partition, long offset, String key, String reason) {
    @Override
    public String toString() {
        return topic + "[" + partition + "]@" + offset + " key '" + key + "': " + reason;
    }
}
