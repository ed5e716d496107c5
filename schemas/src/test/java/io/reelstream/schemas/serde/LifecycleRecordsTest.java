package io.reelstream.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelstream.schemas.ArmCounts;
import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ExperimentStatus;
import io.reelstream.schemas.ItemEmbedding;
import io.reelstream.schemas.ItemNeighbours;
import io.reelstream.schemas.ModelKeys;
import io.reelstream.schemas.ModelLineage;
import io.reelstream.schemas.ModelRegistryEntry;
import io.reelstream.schemas.ModelStage;
import io.reelstream.schemas.OnlineMetrics;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.StageTransition;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The model-lifecycle records round-trip under their ids; records written with the v1 schemas still read. */
class LifecycleRecordsTest {

    @Test
    void lifecycleRecordsRoundTripUnderTheirIds() {
        StageTransition registered = StageTransition.newBuilder().setModelVersion("run_a").setFrom(null)
                .setTo(ModelStage.CANDIDATE).setAt(1L).setBy("publish").setReason("trained").build();
        ModelRegistryEntry entry = ModelRegistryEntry.newBuilder().setModelVersion("run_a").setKind("itemitem")
                .setStage(ModelStage.CANDIDATE).setRegisteredAt(1L)
                .setLineage(ModelLineage.newBuilder().setParentVersion("run_0").setDataFingerprint("ab12")
                        .setDataFrom(0L).setDataTo(9L).setTrainedAt(1L).setTrigger("manual")
                        .setConfig(Map.of("itemitem.lambda", "400")).build())
                .setOfflineMetrics(Map.of("itemitem.ndcg", 0.106)).setTransitions(List.of(registered)).build();
        Experiment experiment = Experiment.newBuilder().setExperimentId("exp-1").setControlVersion("run_0")
                .setTreatmentVersion("run_a").setTreatmentShare(0.5).setStatus(ExperimentStatus.RUNNING)
                .setStartedAt(5L).setStartedBy("cli").build();
        ArmCounts counts = new ArmCounts(10L, 100L, 60L, 30L, 12L);
        OnlineMetrics metrics = OnlineMetrics.newBuilder().setScope("exp/exp-1/treatment").setModelVersion("run_a")
                .setExperimentId("exp-1").setArm("treatment").setCumulative(counts).setWindowStart(0L)
                .setWindowMs(60_000L).setWindow(counts).setUpdatedAt(7L).build();
        ItemNeighbours neighbours = ItemNeighbours.newBuilder().setModelVersion("run_a").setMovieId(1)
                .setNeighbours(List.of(2, 3)).setWeights(List.of(0.5f, 0.25f)).build();

        assertRoundTrip(ModelRegistryEntry.class, entry, SchemaCatalog.MODEL_REGISTRY_ENTRY_V1_ID);
        assertRoundTrip(StageTransition.class, registered, SchemaCatalog.STAGE_TRANSITION_V1_ID);
        assertRoundTrip(Experiment.class, experiment, SchemaCatalog.EXPERIMENT_V1_ID);
        assertRoundTrip(OnlineMetrics.class, metrics, SchemaCatalog.ONLINE_METRICS_V1_ID);
        assertRoundTrip(ItemNeighbours.class, neighbours, SchemaCatalog.ITEM_NEIGHBOURS_V1_ID);
        assertEquals(0.05, experiment.getMinLift(), "defaults: the product's 5 % rule");
        assertEquals("hit_rate", experiment.getMetric());
    }

    /** A marker and a list written by the previous release (schema ids 2 and 4) read with today's defaults. */
    @Test
    void v1MarkersAndListsStillRead() {
        Schema itemV1 = SchemaCatalog.standard().schemaOf(SchemaCatalog.ITEM_EMBEDDING_V1_ID);
        Schema markerV1 = itemV1.getField("marker").schema().getTypes().get(1);
        GenericRecord marker = new GenericData.Record(markerV1);
        marker.put("modelVersion", "run_old");
        marker.put("items", 3);
        marker.put("users", 1);
        marker.put("factors", 2);
        marker.put("trainedAt", null);
        marker.put("metrics", Map.of());
        GenericRecord row = new GenericData.Record(itemV1);
        row.put("modelVersion", "run_old");
        row.put("movieId", -1);
        row.put("factors", List.of());
        row.put("title", "");
        row.put("year", null);
        row.put("genres", List.of());
        row.put("popularityScore", 0.0);
        row.put("popularityRank", 0);
        row.put("contentNeighbours", List.of());
        row.put("marker", marker);
        byte[] bytes = AvroSerdes.genericSerde(itemV1, SchemaCatalog.standard()).serializer().serialize("t", row);
        assertEquals(SchemaCatalog.ITEM_EMBEDDING_V1_ID, ByteBuffer.wrap(bytes, 1, 4).getInt());

        ItemEmbedding read = AvroSerdes.serde(ItemEmbedding.class).deserializer().deserialize("t", bytes);
        assertEquals("als", read.getMarker().getKind());
        assertEquals(0, read.getMarker().getNeighbourItems());
        assertTrue(read.getMarker().getSettings().isEmpty());

        Schema listV1 = SchemaCatalog.standard().schemaOf(SchemaCatalog.RECOMMENDATION_LIST_V1_ID);
        GenericRecord list = new GenericData.Record(listV1);
        list.put("userId", 7);
        list.put("modelVersion", "run_old");
        list.put("strategy", "vector");
        list.put("items", List.of());
        list.put("causeEventId", "e-1");
        list.put("generatedAt", 1L);
        RecommendationList readList = AvroSerdes.serde(RecommendationList.class).deserializer()
                .deserialize("t", AvroSerdes.genericSerde(listV1, SchemaCatalog.standard()).serializer().serialize("t", list));
        assertEquals("als", readList.getModelKind());
        assertNull(readList.getExperimentId());
        assertNull(readList.getArm());
    }

    @Test
    void modelKeysRoundTripAndRejectWhatTheyDidNotWrite() {
        assertEquals("run_a/318", ModelKeys.itemKey("run_a", 318));
        assertEquals(new ModelKeys.Key("run_a", 318, false), ModelKeys.parse("run_a/318"));
        assertEquals(new ModelKeys.Key("run_a", 0, true), ModelKeys.parse(ModelKeys.markerKey("run_a")));
        assertTrue(ModelKeys.itemKey("run_a", 1).startsWith(ModelKeys.prefix("run_a")));
        for (String bad : new String[] {"318", "/318", "run_a/", "run_a/x"}) {
            assertThrows(IllegalArgumentException.class, () -> ModelKeys.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> ModelKeys.itemKey("a/b", 1));
    }

    private static <T extends SpecificRecord> void assertRoundTrip(Class<T> type, T record, int expectedId) {
        try (Serde<T> serde = AvroSerdes.serde(type)) {
            byte[] bytes = serde.serializer().serialize("t", record);
            assertEquals(expectedId, ByteBuffer.wrap(bytes, 1, 4).getInt(), "schema id of " + type.getSimpleName());
            assertEquals(record, serde.deserializer().deserialize("t", bytes));
        }
    }
}
