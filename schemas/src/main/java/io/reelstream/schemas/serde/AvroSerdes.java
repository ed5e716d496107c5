package io.reelstream.schemas.serde;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Kafka serdes for our Avro records in Confluent's wire format ({@code [0][schema id][Avro binary]})
 * with ids from the local {@link SchemaCatalog}, so no registry server is needed. See
 * {@link SchemaCatalog} for how this maps to Confluent Schema Registry.
 *
 * <pre>{@code
 * Serde<Swipe> swipes = AvroSerdes.serde(Swipe.class);
 * builder.stream(Topics.SWIPES_TOPIC, Consumed.with(Serdes.Integer(), swipes));
 * }</pre>
 *
 * Deserializing malformed bytes throws {@link org.apache.kafka.common.errors.SerializationException}
 * naming the fault (bad magic byte, unknown schema id, truncated body, a length beyond
 * {@link AvroLimits}). A null value (tombstone) stays null both ways.
 */
public final class AvroSerdes {
    static {
        AvroLimits.apply(); // before any of our deserializers reads a length: see AvroLimits
    }

    private AvroSerdes() {}

    /** Serde of a generated record class, with the standard catalog. */
    public static <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
        return serde(type, SchemaCatalog.standard());
    }

    /** Serde of a generated record class; the class's schema is the reader schema. */
    public static <T extends SpecificRecord> Serde<T> serde(Class<T> type, SchemaCatalog catalog) {
        SpecificData model = SpecificData.getForClass(type);
        Schema readerSchema = model.getSchema(type);
        return Serdes.serdeFrom(new AvroSerializer<>(catalog, writerModel(type)), new AvroDeserializer<>(catalog, readerSchema, model));
    }

    /**
     * The writing side's model: the generated classes' own encoders ({@code customEncode}: the
     * fields in schema order, the same bytes) instead of the generic walk, which boxes every float
     * and int of a list through {@code get(i)}. A private instance, so readers keep the class's
     * shared model and its schema resolution untouched.
     */
    private static SpecificData writerModel(Class<?> type) {
        SpecificData writing = new SpecificData(type.getClassLoader());
        writing.setCustomCoders(true);
        return writing;
    }

    /**
     * Serde of generic records: reads any registered writer schema into {@code readerSchema}
     * (tools, schema-evolution checks); writes each record with its own schema's id.
     */
    public static Serde<GenericRecord> genericSerde(Schema readerSchema, SchemaCatalog catalog) {
        GenericData model = GenericData.get();
        return Serdes.serdeFrom(new AvroSerializer<>(catalog, model), new AvroDeserializer<>(catalog, readerSchema, model));
    }
}
