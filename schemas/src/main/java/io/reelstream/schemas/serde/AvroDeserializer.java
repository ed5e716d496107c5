package io.reelstream.schemas.serde;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads {@code [0][schema id][Avro binary]}: the id names the writer schema in the catalog, the
 * reader schema is this deserializer's, and Avro schema resolution bridges the two (added fields
 * take their defaults, removed fields are skipped). Every malformed input throws a
 * {@link SerializationException} that says what is wrong, so the topology can route the record to
 * the dead-letter topic with that reason.
 */
final class AvroDeserializer<T> implements Deserializer<T> {
    private final SchemaCatalog catalog;
    private final Schema readerSchema;
    private final GenericData model;
    /** One resolving reader per writer id; DatumReaders are safe to share across threads. */
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

    AvroDeserializer(SchemaCatalog catalog, Schema readerSchema, GenericData model) {
        AvroLimits.apply();
        this.catalog = catalog;
        this.readerSchema = readerSchema;
        this.model = model;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) return null; // tombstone of a compacted topic
        if (data.length < WireFormat.HEADER_SIZE) {
            throw new SerializationException(WireFormat.where(topic) + "truncated record: " + data.length
                    + " bytes, but a Confluent-framed Avro value has at least " + WireFormat.HEADER_SIZE
                    + " (magic byte + 4-byte schema id)");
        }
        if (data[0] != WireFormat.MAGIC_BYTE) {
            throw new SerializationException(String.format("%sunknown magic byte 0x%02x (expected 0x00): the value is"
                    + " not Confluent-framed Avro; was it written by another serializer (String, JSON)?",
                    WireFormat.where(topic), data[0] & 0xff));
        }
        int id = ByteBuffer.wrap(data, 1, Integer.BYTES).getInt();
        DatumReader<T> reader;
        try {
            reader = readers.computeIfAbsent(id, this::readerFor);
        } catch (SerializationException unknownId) {
            throw new SerializationException(WireFormat.where(topic) + unknownId.getMessage(), unknownId);
        }
        int bodyLength = data.length - WireFormat.HEADER_SIZE;
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE, bodyLength, null);
        T value;
        try {
            value = reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(WireFormat.where(topic) + "Avro body of " + bodyLength
                    + " bytes does not decode with writer schema id " + id + " (" + catalog.schemaOf(id).getName()
                    + "): truncated or corrupt (" + e + ")", e);
        }
        try {
            if (!decoder.isEnd()) {
                throw new SerializationException(WireFormat.where(topic) + "bytes left over after decoding "
                        + catalog.schemaOf(id).getName() + " (schema id " + id + "): the body does not match its schema id");
            }
        } catch (IOException e) {
            throw new SerializationException(WireFormat.where(topic) + "cannot check the end of the Avro body", e);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private DatumReader<T> readerFor(int id) {
        Schema writerSchema = catalog.schemaOf(id);
        return (DatumReader<T>) model.createDatumReader(writerSchema, readerSchema);
    }
}
