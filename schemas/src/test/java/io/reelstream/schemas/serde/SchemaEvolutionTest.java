package io.reelstream.schemas.serde;

import io.reelstream.schemas.Swipe;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The next version of Swipe (test resource evolution/Swipe.v2.avsc: two added fields with defaults)
 * against today's: a v2 reader reads today's records, and today's reader reads v2 records once v2 is
 * registered, which is what Schema Registry's FULL compatibility promises.
 */
class SchemaEvolutionTest {
    private static final Schema SWIPE_V2 = SchemaCatalog.parseResource("/evolution/Swipe.v2.avsc");
    private static final int SWIPE_V2_ID = 100; // any id the standard catalog does not use

    @Test
    void v2IsFullyCompatibleWithV1() {
        assertEquals(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(SWIPE_V2, Swipe.getClassSchema()).getType());
        assertEquals(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(Swipe.getClassSchema(), SWIPE_V2).getType());
    }

    @Test
    void aV2ReaderReadsTodaysRecordsWithDefaults() {
        byte[] v1Bytes = AvroSerdes.serde(Swipe.class).serializer().serialize("swipes", AvroSerdesTest.swipe());

        GenericRecord read = AvroSerdes.genericSerde(SWIPE_V2, SchemaCatalog.standard())
                .deserializer().deserialize("swipes", v1Bytes);

        assertEquals(SWIPE_V2, read.getSchema());
        assertEquals("e-1", read.get("eventId").toString());
        assertEquals(318, read.get("movieId"));
        assertEquals(2, read.get("preference"));
        assertEquals(1_700_000_000_123L, read.get("eventTime"));
        assertEquals("unknown", read.get("surface").toString(), "added field takes its default");
        assertNull(read.get("dwellMillis"));
    }

    @Test
    void todaysReaderReadsV2RecordsOnceV2IsRegistered() {
        SchemaCatalog withV2 = SchemaCatalog.standard()
                .with(new SchemaCatalog.Registration(SWIPE_V2_ID, SchemaCatalog.subject("swipes"), 2, SWIPE_V2));
        GenericRecord v2 = new GenericData.Record(SWIPE_V2);
        v2.put("eventId", "e-2");
        v2.put("userId", 9);
        v2.put("movieId", 50);
        v2.put("preference", null);
        v2.put("bucket", 4);
        v2.put("eventTime", 5L);
        v2.put("source", "app");
        v2.put("surface", "web");
        v2.put("dwellMillis", 1200L);
        Serde<GenericRecord> writer = AvroSerdes.genericSerde(SWIPE_V2, withV2);
        byte[] bytes = writer.serializer().serialize("swipes", v2);
        assertEquals(SWIPE_V2_ID, ByteBuffer.wrap(bytes, 1, 4).getInt());

        Swipe read = AvroSerdes.serde(Swipe.class, withV2).deserializer().deserialize("swipes", bytes);

        assertEquals(Swipe.newBuilder().setEventId("e-2").setUserId(9).setMovieId(50).setPreference(null)
                .setBucket(4).setEventTime(5L).setSource("app").build(), read);
    }
}
