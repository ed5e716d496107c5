package io.reelstream.topology.online;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A task's cumulative counts of one scope, with the model version the scope last served: the value
 * of the task-local {@code online-counts} store and of the records on the partials topic (which
 * also carry the task's partition). Cumulative, so a repeated or late record only restates a value:
 * the aggregator keeps the newest per (scope, partition) and sums.
 * <pre>
 *   int partition | string modelVersion | 5 × long counts        (string = int length + UTF-8)
 * </pre>
 */
public record ScopeCounts(int partition, String modelVersion, ArmTally tally) {

    public byte[] encode() {
        byte[] v = modelVersion.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + v.length + ArmTally.BYTES);
        b.putInt(partition).putInt(v.length).put(v);
        tally.write(b);
        return b.array();
    }

    /** @throws IllegalArgumentException when the bytes are not a ScopeCounts */
    public static ScopeCounts decode(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            int partition = b.getInt();
            byte[] v = new byte[b.getInt()];
            b.get(v);
            return new ScopeCounts(partition, new String(v, StandardCharsets.UTF_8), ArmTally.read(b));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a ScopeCounts value (" + bytes.length + " bytes): " + e, e);
        }
    }
}
