package io.reelstream.topology.process;

import io.reelstream.schemas.DeadLetter;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.ByteBuffer;

/** Builds the DeadLetter of a rejected record: its origin, its bytes untouched, and the reason. */
final class DeadLetters {
    private DeadLetters() {}

    /** @param code the stable reasonCode (a DeadLetterReason's code, or bad_seed); reason the detail */
    static DeadLetter of(ProcessorContext<?, ?> context, Record<byte[], byte[]> record, String code, String reason) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        return DeadLetter.newBuilder()
                .setTopic(meta == null ? "" : meta.topic())
                .setPartition(meta == null ? -1 : meta.partition())
                .setOffset(meta == null ? -1L : meta.offset())
                .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                .setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setReason(reason)
                .setReasonCode(code)
                .setFailedAt(context.currentSystemTimeMs())
                .build();
    }

    static String where(ProcessorContext<?, ?> context) {
        return context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("<punctuation>");
    }
}
