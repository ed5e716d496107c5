package io.reelstream.connectors.source;

import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.serde.AvroSerdes;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.Map;

/**
 * Turns position {@code i} of a {@link ReplayPlan} into the Connect record the worker writes.
 *
 * <p>Key and value are already the bytes the topology reads: key = Kafka's IntegerSerializer
 * (4 bytes big-endian userId), value = the schemas module's Avro serde (Confluent wire format).
 * The connector must therefore run with {@code key.converter} and {@code value.converter} =
 * {@code org.apache.kafka.connect.converters.ByteArrayConverter}, which passes bytes through.
 * The Kafka record timestamp is left to the producer (wall clock): MovieLens event times are
 * decades old and would make time-based retention delete the segments at once; the event time
 * travels in {@code Swipe.eventTime}.
 */
final class SwipeRecords {
    static final String FILE_KEY = "file";
    static final String SLICE_KEY = "slice";
    static final String POSITION_KEY = "position";
    static final String EVENT_ID_KEY = "eventId";

    private final ReplayPlan plan;
    private final String topic;
    private final String sourceName;
    private final Map<String, String> sourcePartition;
    private final IntegerSerializer keySerializer = new IntegerSerializer();
    private final Serializer<Swipe> valueSerializer;

    SwipeRecords(ReplayPlan plan, String topic, String sourceName, Map<String, String> sourcePartition) {
        this.plan = plan;
        this.topic = topic;
        this.sourceName = sourceName;
        this.sourcePartition = sourcePartition;
        this.valueSerializer = AvroSerdes.serde(Swipe.class).serializer();
    }

    /** Connect source partition of a replay: the file and the slice (two slices replay independently). */
    static Map<String, String> sourcePartition(String file, ProtocolSlice slice) {
        return Map.of(FILE_KEY, file, SLICE_KEY, slice.configName());
    }

    static Swipe swipe(ReplayPlan plan, int position, String sourceName) {
        return plan.swipe(position, sourceName);
    }

    SourceRecord record(int position) {
        Swipe swipe = swipe(plan, position, sourceName);
        // position = index in the replay order; eventId lets a restart check the file did not change
        Map<String, Object> offset = Map.of(POSITION_KEY, (long) position, EVENT_ID_KEY, swipe.getEventId());
        byte[] key = keySerializer.serialize(topic, swipe.getUserId());
        byte[] value = valueSerializer.serialize(topic, swipe);
        return new SourceRecord(sourcePartition, offset, topic, null,
                Schema.BYTES_SCHEMA, key, Schema.BYTES_SCHEMA, value);
    }
}
