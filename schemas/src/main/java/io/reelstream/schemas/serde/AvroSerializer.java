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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a record as {@code [0][schema id][Avro binary]}, the id being the catalog's id of the
 * record's own schema. Thread-safe: writers are immutable once built, encoders are per call.
 */
final class AvroSerializer<T extends GenericContainer> implements Serializer<T> {
    private record Writer<T>(int id, DatumWriter<T> datumWriter) {}

    private final SchemaCatalog catalog;
    private final GenericData model;
    private final Map<Schema, Writer<T>> writers = new ConcurrentHashMap<>();

    AvroSerializer(SchemaCatalog catalog, GenericData model) {
        this.catalog = catalog;
        this.model = model;
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) return null; // a tombstone stays a tombstone
        Writer<T> writer = writers.computeIfAbsent(record.getSchema(), this::writerFor);
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.write(WireFormat.MAGIC_BYTE);
        int id = writer.id();
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.datumWriter().write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(WireFormat.where(topic) + "cannot write " + record.getSchema().getName()
                    + " with schema id " + id + ": " + e + " (a required field is null or out of its type?)", e);
        }
        return out.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private Writer<T> writerFor(Schema schema) {
        return new Writer<>(catalog.idOf(schema), (DatumWriter<T>) model.createDatumWriter(schema));
    }
}
