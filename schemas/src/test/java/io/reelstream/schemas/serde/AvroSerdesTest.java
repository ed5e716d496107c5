package io.reelstream.schemas.serde;

import io.reelstream.schemas.DeadLetter;
import io.reelstream.schemas.HistoryEntry;
import io.reelstream.schemas.ItemEmbedding;
import io.reelstream.schemas.ModelKeys;
import io.reelstream.schemas.ModelVersion;
import io.reelstream.schemas.RankedMovie;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.Topics;
import io.reelstream.schemas.UserSeed;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AvroSerdesTest {

    static Swipe swipe() {
        return Swipe.newBuilder().setEventId("e-1").setUserId(7).setMovieId(318).setPreference(2).setBucket(null)
                .setEventTime(1_700_000_000_123L).setSource("test").build();
    }

    @Test
    void roundTripsEveryRecordInTheConfluentFrame() {
        ModelVersion version = ModelVersion.newBuilder().setModelVersion("run_20261123T101500Z").setItems(2)
                .setUsers(1).setFactors(3).setTrainedAt(1_763_892_900_000L)
                .setMetrics(Map.of("ndcg@10", 0.31, "recall@10", 0.22)).setKind("itemitem").setNeighbourItems(2)
                .setSettings(Map.of("recency.half.life.swipes", "5")).build();
        ItemEmbedding item = ItemEmbedding.newBuilder().setModelVersion("run_20261123T101500Z").setMovieId(1)
                .setFactors(List.of(0.5f, -1.25f, 3f)).setTitle("Toy Story").setYear(1995)
                .setGenres(List.of("Animation", "Comedy")).setPopularityScore(12.5).setPopularityRank(3)
                .setContentNeighbours(List.of(3114, 2355)).setMarker(null).build();
        UserSeed seed = UserSeed.newBuilder().setModelVersion("run_20261123T101500Z").setUserId(7)
                .setFactors(List.of(0.1f, 0.2f, 0.3f))
                .setHistory(List.of(new HistoryEntry(1, 2, 964_982_703_000L), new HistoryEntry(3, -1, 964_981_247_000L)))
                .build();
        RecommendationList list = RecommendationList.newBuilder().setUserId(7).setModelVersion("run_x")
                .setStrategy("vector").setItems(List.of(new RankedMovie(50, 4.5, "similar to Heat (1995)")))
                .setCauseEventId("e-1").setGeneratedAt(1_700_000_000_999L).build();
        DeadLetter dead = DeadLetter.newBuilder().setTopic(Topics.SWIPES_TOPIC).setPartition(0).setOffset(42L)
                .setKey(ByteBuffer.wrap(new byte[] {0, 0, 0, 7})).setValue(null)
                .setReason("unknown magic byte 0x7b").setFailedAt(1L).setReasonCode("deserialization").build();

        assertRoundTrip(Swipe.class, swipe(), SchemaCatalog.SWIPE_V1_ID);
        assertRoundTrip(ItemEmbedding.class, item, SchemaCatalog.ITEM_EMBEDDING_V2_ID);
        assertRoundTrip(ItemEmbedding.class, ModelKeys.markerRecord(version), SchemaCatalog.ITEM_EMBEDDING_V2_ID);
        assertRoundTrip(UserSeed.class, seed, SchemaCatalog.USER_SEED_V1_ID);
        assertRoundTrip(RecommendationList.class, list, SchemaCatalog.RECOMMENDATION_LIST_V2_ID);
        assertRoundTrip(DeadLetter.class, dead, SchemaCatalog.DEAD_LETTER_V2_ID);
    }

    /**
     * Twelve bytes declaring a 1 GB eventId: Avro allocated the gigabyte before reading it, an
     * OutOfMemoryError in a 768 MB stream thread (bin/reliability fuzz). Now Avro's limit refuses the length.
     */
    @Test
    void aHugeDeclaredLengthIsRefusedBeforeAnythingIsAllocated() {
        byte[] value = {0, 0, 0, 0, (byte) SchemaCatalog.SWIPE_V1_ID, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08,
                'a', 'b'}; // zig-zag varint 2^31: a string of 2^30 bytes
        SerializationException e = assertThrows(SerializationException.class,
                () -> AvroSerdes.serde(Swipe.class).deserializer().deserialize("swipes", value));
        assertTrue(e.getCause() instanceof org.apache.avro.SystemLimitException, "refused by the limit, not read: " + e);
        assertTrue(AvroLimits.stringLimitActive());
    }

    @Test
    void aDeadLetterWrittenBeforeReasonCodesReadsWithANullCode() {
        org.apache.avro.Schema v1 = SchemaCatalog.standard().schemaOf(SchemaCatalog.DEAD_LETTER_V1_ID);
        org.apache.avro.generic.GenericRecord old = new org.apache.avro.generic.GenericData.Record(v1);
        old.put("topic", "swipes");
        old.put("partition", 3);
        old.put("offset", 9L);
        old.put("key", null);
        old.put("value", null);
        old.put("reason", "value is not a Swipe");
        old.put("failedAt", 2L);
        byte[] bytes = AvroSerdes.genericSerde(v1, SchemaCatalog.standard()).serializer().serialize("swipes-dlq", old);
        assertEquals(SchemaCatalog.DEAD_LETTER_V1_ID, ByteBuffer.wrap(bytes, 1, 4).getInt());

        DeadLetter read = AvroSerdes.serde(DeadLetter.class).deserializer().deserialize("swipes-dlq", bytes);

        assertEquals("value is not a Swipe", read.getReason());
        assertEquals(null, read.getReasonCode());
    }

    private static <T extends SpecificRecord> void assertRoundTrip(Class<T> type, T record, int expectedId) {
        try (Serde<T> serde = AvroSerdes.serde(type)) {
            byte[] bytes = serde.serializer().serialize("t", record);
            assertEquals(0, bytes[0], "magic byte");
            assertEquals(expectedId, ByteBuffer.wrap(bytes, 1, 4).getInt(), "schema id of " + type.getSimpleName());
            assertEquals(record, serde.deserializer().deserialize("t", bytes));
            assertArrayEquals(genericWalk(record), Arrays.copyOfRange(bytes, 5, bytes.length),
                    "the generated encoder writes the generic walk's bytes: " + type.getSimpleName());
        }
    }

    /** The record's Avro binary by the generic walk of the class's own model (no generated encoder). */
    private static byte[] genericWalk(SpecificRecord record) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            org.apache.avro.io.BinaryEncoder encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
            org.apache.avro.specific.SpecificData model = org.apache.avro.specific.SpecificData.getForSchema(record.getSchema());
            assertTrue(!model.useCustomCoders(), "the shared model keeps the generic walk");
            new org.apache.avro.specific.SpecificDatumWriter<SpecificRecord>(record.getSchema(), model).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Each thread's buffer is reused: a short record after a long one carries none of the long one's bytes. */
    @Test
    void aReusedBufferHoldsOnlyTheLastRecord() {
        Serde<RecommendationList> serde = AvroSerdes.serde(RecommendationList.class);
        RecommendationList longList = RecommendationList.newBuilder().setUserId(7).setModelVersion("run_x")
                .setStrategy("vector").setItems(java.util.Collections.nCopies(40, new RankedMovie(50, 4.5, "x".repeat(100))))
                .setCauseEventId("e-1").setGeneratedAt(1L).build();
        RecommendationList shortList = RecommendationList.newBuilder(longList).setItems(List.of()).build();
        byte[] fresh = AvroSerdes.serde(RecommendationList.class).serializer().serialize("t", shortList);
        byte[] first = serde.serializer().serialize("t", longList);
        byte[] after = serde.serializer().serialize("t", shortList);
        assertArrayEquals(fresh, after);
        assertTrue(first.length > 4000, "the long list filled the buffer first: " + first.length);
        assertEquals(longList, serde.deserializer().deserialize("t", first));
    }

    @Test
    void tombstonesStayNull() {
        Serde<ItemEmbedding> serde = AvroSerdes.serde(ItemEmbedding.class);
        assertNull(serde.serializer().serialize("t", null));
        assertNull(serde.deserializer().deserialize("t", null));
    }

    @Test
    void badBytesFailWithAReason() {
        Serde<Swipe> serde = AvroSerdes.serde(Swipe.class);
        byte[] good = serde.serializer().serialize(Topics.SWIPES_TOPIC, swipe());

        assertFailure(serde, "{\"userId\":7}".getBytes(StandardCharsets.UTF_8), "unknown magic byte 0x7b");
        assertFailure(serde, new byte[] {0, 0, 0}, "truncated record: 3 bytes");
        assertFailure(serde, new byte[] {0, 0, 0, 3, (byte) 0xE7, 2}, "unknown schema id 999");
        assertFailure(serde, Arrays.copyOf(good, good.length - 3), "does not decode with writer schema id 1 (Swipe)");
        byte[] trailing = Arrays.copyOf(good, good.length + 2);
        assertFailure(serde, trailing, "bytes left over");
    }

    private static void assertFailure(Serde<Swipe> serde, byte[] bytes, String expected) {
        SerializationException e = assertThrows(SerializationException.class,
                () -> serde.deserializer().deserialize(Topics.SWIPES_TOPIC, bytes));
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should contain '" + expected + "'");
        assertTrue(e.getMessage().startsWith("topic swipes: "), e.getMessage());
    }

    @Test
    void writingASchemaOutsideTheCatalogFailsClearly() {
        SchemaCatalog empty = SchemaCatalog.standard();
        Serde<ModelVersion> serde = AvroSerdes.serde(ModelVersion.class, empty);
        ModelVersion version = ModelKeys.version("run_x", 1, 1, 1);
        SerializationException e = assertThrows(SerializationException.class,
                () -> serde.serializer().serialize("t", version));
        assertTrue(e.getMessage().contains("io.reelstream.schemas.ModelVersion is not in the schema catalog"), e.getMessage());
    }

    @Test
    void standardIdsAreFixedAndUnique() {
        assertEquals(1, SchemaCatalog.standard().idOf(Swipe.getClassSchema()));
        assertEquals(Swipe.getClassSchema(), SchemaCatalog.standard().schemaOf(1));
        assertEquals(List.of("1 swipes-value v1", "2 item-embeddings-value v1", "3 user-seeds-value v1",
                        "4 recommendations-value v1", "5 swipes-dlq-value v1", "6 item-embeddings-value v2",
                        "7 recommendations-value v2", "8 item-neighbours-value v1", "9 model-registry-value v1",
                        "10 model-registry-audit-value v1", "11 experiments-value v1", "12 online-metrics-value v1",
                        "13 swipes-dlq-value v2"),
                SchemaCatalog.standard().registrations().stream().map(r -> r.id() + " " + r.subject() + " v" + r.version())
                        .toList());
        assertThrows(IllegalArgumentException.class, () -> SchemaCatalog.standard()
                .with(new SchemaCatalog.Registration(1, "x-value", 1, DeadLetter.getClassSchema())));
    }

    @Test
    void bytesAreIdenticalForEqualRecords() {
        Serde<Swipe> serde = AvroSerdes.serde(Swipe.class);
        assertArrayEquals(serde.serializer().serialize("a", swipe()), serde.serializer().serialize("b", swipe()));
    }
}
