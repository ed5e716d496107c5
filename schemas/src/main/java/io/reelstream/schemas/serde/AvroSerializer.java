package io.reelstream.schemas.serde;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a record as {@code [0][schema id][Avro binary]}, the id being the catalog's id of the
 * record's own schema. Thread-safe: writers are immutable once built; each thread encodes into a
 * buffer of its own, reused from call to call (a stream thread writes a list and a state record per
 * swipe: a fresh 64-byte stream grew through five copies to hold a 1 KB list), so a call allocates
 * only the bytes it returns.
 */
final class AvroSerializer<T extends GenericContainer> implements Serializer<T> {
    private record Writer<T>(int id, DatumWriter<T> datumWriter) {}

    /** Buffers above this are not kept between calls: one huge record does not pin its bytes to the thread. */
    private static final int KEPT_BUFFER_BYTES = 1 << 20;

    private final SchemaCatalog catalog;
    private final GenericData model;
    private final Map<Schema, Writer<T>> writers = new ConcurrentHashMap<>();
    private final ThreadLocal<Buffer> buffers = ThreadLocal.withInitial(Buffer::new);

    AvroSerializer(SchemaCatalog catalog, GenericData model) {
        this.catalog = catalog;
        this.model = model;
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) return null; // a tombstone stays a tombstone
        Writer<T> writer = writers.computeIfAbsent(record.getSchema(), this::writerFor);
        Buffer buffer = buffers.get();
        buffer.reset();
        int id = writer.id();
        buffer.write(WireFormat.MAGIC_BYTE);
        buffer.write(id >>> 24);
        buffer.write(id >>> 16);
        buffer.write(id >>> 8);
        buffer.write(id);
        try {
            buffer.encoder = EncoderFactory.get().directBinaryEncoder(buffer, buffer.encoder);
            writer.datumWriter().write(record, buffer.encoder);
            buffer.encoder.flush();
        } catch (IOException | RuntimeException e) {
            buffers.remove(); // a half-written buffer is not reused
            throw new SerializationException(WireFormat.where(topic) + "cannot write " + record.getSchema().getName()
                    + " with schema id " + id + ": " + e + " (a required field is null or out of its type?)", e);
        }
        byte[] out = buffer.bytes();
        if (buffer.capacity() > KEPT_BUFFER_BYTES) buffers.remove();
        return out;
    }

    @SuppressWarnings("unchecked")
    private Writer<T> writerFor(Schema schema) {
        return new Writer<>(catalog.idOf(schema), (DatumWriter<T>) model.createDatumWriter(schema));
    }

    /** A growable byte buffer whose array is kept between calls, and the encoder that writes into it. */
    private static final class Buffer extends ByteArrayOutputStream {
        BinaryEncoder encoder;

        Buffer() {
            super(1024);
        }

        int capacity() {
            return buf.length;
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, count);
        }
    }
}
