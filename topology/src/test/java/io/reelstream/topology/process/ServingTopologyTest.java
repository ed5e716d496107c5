package io.reelstream.topology.process;

import io.reelstream.core.blend.BlendScorer;
import io.reelstream.core.experiment.ArmAssignment;
import io.reelstream.schemas.DeadLetter;
import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ExperimentStatus;
import io.reelstream.schemas.ItemEmbedding;
import io.reelstream.schemas.ItemNeighbours;
import io.reelstream.schemas.ModelKeys;
import io.reelstream.schemas.ModelLineage;
import io.reelstream.schemas.ModelRegistryEntry;
import io.reelstream.schemas.ModelStage;
import io.reelstream.schemas.RankedMovie;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.StageTransition;
import io.reelstream.topology.TestCatalog;
import io.reelstream.topology.metrics.StreamMetrics.DeadLetterReason;
import io.reelstream.topology.model.ModelSnapshot;
import io.reelstream.topology.state.FoldInRule;
import io.reelstream.topology.state.UserState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which version serves whom, driven by the model-registry and experiments topics, and an
 * item-to-item version served end to end — on the TopologyTestDriver, no restart anywhere.
 */
class ServingTopologyTest {
    private static final int MOVIES = 40;
    private static final int K = 4;
    private TopologyDriverFixture t;

    @BeforeEach
    void setUp() throws Exception {
        t = new TopologyDriverFixture();
    }

    @AfterEach
    void tearDown() {
        t.close();
    }

    @Test
    void theRegistrysProductionVersionServesAndAPromotionSwitchesLive() {
        t.publish("v1", TestCatalog.items("v1", MOVIES, K, 1), K);
        t.publish("v2", TestCatalog.items("v2", MOVIES, K, 2), K);
        assertEquals("v2", t.swipeAndRead(1, 3, 2).getModelVersion(), "no registry: the newest complete version");

        t.registry.pipeInput("v1", entry("v1", ModelStage.PRODUCTION, 10));
        t.registry.pipeInput("v2", entry("v2", ModelStage.CANDIDATE, 11));
        assertEquals("v1", t.swipeAndRead(1, 4, 2).getModelVersion(), "a candidate never serves");

        t.registry.pipeInput("v2", entry("v2", ModelStage.PRODUCTION, 20));
        t.registry.pipeInput("v1", entry("v1", ModelStage.ARCHIVED, 20));
        assertEquals("v2", t.swipeAndRead(1, 5, 2).getModelVersion(), "promotion followed without a restart");

        t.registry.pipeInput("v1", entry("v1", ModelStage.PRODUCTION, 30)); // a rollback
        t.registry.pipeInput("v2", entry("v2", ModelStage.ARCHIVED, 30));
        assertEquals("v1", t.swipeAndRead(1, 6, 2).getModelVersion());
        assertTrue(t.models.serving().loaded().containsKey("v2"), "the rolled-back version stays loaded");
    }

    @Test
    void registryWithoutProductionDeadLettersWithWhatToDoAndABadEntryIsSkipped() {
        t.publish("v1", TestCatalog.items("v1", MOVIES, K, 1), K);
        t.registry.pipeInput("v1", entry("v1", ModelStage.CANDIDATE, 10));
        t.rawRegistry.pipeInput("v9", "not avro".getBytes(StandardCharsets.UTF_8));
        t.swipes.pipeInput(1, t.swipe(1, 3, 2, null));

        List<DeadLetter> letters = t.deadLetters.readValuesToList();
        assertEquals(1, letters.size());
        assertTrue(letters.get(0).getReason().contains("no PRODUCTION version in the model registry: promote one"),
                letters.get(0).getReason());
        assertEquals(1, t.metrics.deadLetters(DeadLetterReason.NO_MODEL));
        assertEquals(1, t.metrics.modelRecordsRejected(), "the undecodable registry record");

        t.registry.pipeInput("v1", entry("v1", ModelStage.PRODUCTION, 11));
        assertEquals("v1", t.swipeAndRead(1, 3, 2).getModelVersion());
    }

    @Test
    void aRunningExperimentSplitsUsersByTheSharedHashAndEveryListCarriesItsArm() {
        t.publish("v1", TestCatalog.items("v1", MOVIES, K, 1), K);
        t.publish("v2", TestCatalog.items("v2", MOVIES, K, 2), K);
        t.registry.pipeInput("v1", entry("v1", ModelStage.PRODUCTION, 10));
        t.registry.pipeInput("v2", entry("v2", ModelStage.STAGING, 11));
        t.experiments.pipeInput("exp-1", experiment("exp-1", "v1", "v2", ExperimentStatus.RUNNING));

        int treated = 0;
        for (int user = 1; user <= 40; user++) {
            RecommendationList l = t.swipeAndRead(user, 3, 2);
            String arm = ArmAssignment.arm(user, "exp-1", 0.5);
            assertEquals("exp-1", l.getExperimentId());
            assertEquals(arm, l.getArm(), "user " + user);
            assertEquals(arm.equals(ArmAssignment.TREATMENT) ? "v2" : "v1", l.getModelVersion(), "user " + user);
            if (arm.equals(ArmAssignment.TREATMENT)) treated++;
        }
        assertTrue(treated > 5 && treated < 35, treated + " of 40 treated");

        t.experiments.pipeInput("exp-1", experiment("exp-1", "v1", "v2", ExperimentStatus.STOPPED));
        RecommendationList after = t.swipeAndRead(7, 4, 2);
        assertNull(after.getExperimentId());
        assertNull(after.getArm());
        assertEquals("v1", after.getModelVersion(), "back to production when the experiment stops");
    }

    @Test
    void anExperimentWhoseArmIsNotPublishedServesProductionMeanwhile() {
        t.publish("v1", TestCatalog.items("v1", MOVIES, K, 1), K);
        t.registry.pipeInput("v1", entry("v1", ModelStage.PRODUCTION, 10));
        t.experiments.pipeInput("exp-2", experiment("exp-2", "v1", "v3", ExperimentStatus.RUNNING));
        RecommendationList l = t.swipeAndRead(1, 3, 2);
        assertEquals("v1", l.getModelVersion());
        assertNull(l.getArm());
        assertTrue(t.models.serving().notes().stream().anyMatch(n -> n.contains("exp-2") && n.contains("not both complete")),
                t.models.serving().notes().toString());
    }

    /**
     * An item-to-item version: neighbours chosen so that each liked movie m points at m + 20 with
     * weight 1, so the list's first item follows the newest like (recency weighs it most) and its
     * reason names that like.
     */
    @Test
    void anItemItemVersionRanksByTheRecencyWeightedHistoryAndNamesTheNewestLike() {
        Map<Integer, ItemEmbedding> rows = TestCatalog.items("ii", MOVIES, K, 3);
        Map<Integer, ItemNeighbours> neighbours = new LinkedHashMap<>();
        for (int m = 1; m <= 20; m++) {
            neighbours.put(m, ItemNeighbours.newBuilder().setModelVersion("ii").setMovieId(m)
                    .setNeighbours(List.of(m + 20, (m % 20) + 21)).setWeights(List.of(1.0f, 0.2f)).build());
        }
        t.publishItemItem("ii", rows, neighbours, K, Map.of("recency.half.life.swipes", "2", "recency.floor", "0"));

        int[] likes = {2, 9, 4, 13, 7}; // five positives: past the cold-start ladder
        RecommendationList l = null;
        for (int m : likes) l = t.swipeAndRead(11, m, 1);
        assertEquals("itemitem", l.getStrategy());
        assertEquals("itemitem", l.getModelKind());
        assertEquals("ii", l.getModelVersion());
        RankedMovie first = l.getItems().get(0);
        assertEquals(27, first.getMovieId(), "the newest like (7) points at 27 with the largest weight");
        assertEquals("because you liked Movie 7", first.getReason());
        List<Integer> ids = new ArrayList<>();
        for (RankedMovie m : l.getItems()) ids.add(m.getMovieId());
        for (int m : likes) assertFalse(ids.contains(m), "seen movie " + m + " recommended");
        assertEquals(List.of(27, 33, 24, 29, 22), ids.subList(0, 5), "decaying weights: 7, 13, 4, 9, 2");
        assertEquals(null, t.state(11).vector(), "an item-to-item version keeps no vector");
    }

    /**
     * A history longer than the recency's settled age: the lists summed through the prefix memo (the
     * default) equal those of an instance without memos (itemitem.prefix.memo.mb=0) swipe after swipe,
     * and /metrics counts the memo's hits.
     */
    @Test
    void aLongHistoryListsTheSameWithAndWithoutThePrefixMemo() throws Exception {
        int movies = 400;
        Map<Integer, ItemEmbedding> rows = TestCatalog.items("long", movies, K, 5);
        Map<Integer, ItemNeighbours> neighbours = new LinkedHashMap<>();
        java.util.Random random = new java.util.Random(9);
        for (int m = 1; m <= movies; m++) {
            List<Integer> to = new ArrayList<>();
            List<Float> weights = new ArrayList<>();
            for (int e = 0; e < 12; e++) {
                int target = 1 + random.nextInt(movies);
                if (target == m || to.contains(target)) continue;
                to.add(target);
                weights.add((float) random.nextGaussian());
            }
            neighbours.put(m, ItemNeighbours.newBuilder().setModelVersion("long").setMovieId(m).setNeighbours(to)
                    .setWeights(weights).build());
        }
        Map<String, String> settings = Map.of("recency.half.life.swipes", "2", "recency.floor", "0.1");
        t.publishItemItem("long", rows, neighbours, K, settings);
        try (TopologyDriverFixture off = new TopologyDriverFixture(t.config.with(
                io.reelstream.topology.config.TopologyConfig.ITEMITEM_PREFIX_MEMO_MB_CONFIG, "0"))) {
            off.publishItemItem("long", rows, neighbours, K, settings);
            for (int s = 0; s < 300; s++) {
                int movie = 1 + random.nextInt(movies);
                int preference = random.nextInt(4) == 0 ? -1 : 1;
                RecommendationList with = t.swipeAndRead(21, movie, preference);
                RecommendationList without = off.swipeAndRead(21, movie, preference);
                assertEquals(without.getItems(), with.getItems(), "swipe " + s);
            }
            assertTrue(t.state(21).historySize() > 150, "a history past the settled age: " + t.state(21).historySize());
        }
        String metrics = t.metrics.renderPrometheus();
        long hits = Long.parseLong(metrics.lines().filter(l -> l.startsWith("reelstream_itemitem_prefix_memo_hits_total "))
                .findFirst().orElseThrow().split(" ")[1]);
        assertTrue(hits > 50, "hits on /metrics: " + hits);
    }

    /** The item-to-item test's neighbours under another version name: m → m + 20 (1.0) and (m % 20) + 21 (0.2). */
    private static Map<Integer, ItemNeighbours> chainNeighbours(String version) {
        Map<Integer, ItemNeighbours> neighbours = new LinkedHashMap<>();
        for (int m = 1; m <= 20; m++) {
            neighbours.put(m, ItemNeighbours.newBuilder().setModelVersion(version).setMovieId(m)
                    .setNeighbours(List.of(m + 20, (m % 20) + 21)).setWeights(List.of(1.0f, 0.2f)).build());
        }
        return neighbours;
    }

    private static final int[] FIVE_LIKES = {2, 9, 4, 13, 7};

    /** β = 0: a blend version lists exactly what the item-to-item version lists, as a blend, with the same reasons. */
    @Test
    void aBlendVersionAtWeightZeroListsWhatItemItemLists() {
        t.publishWithNeighbours("blend", "b0", TestCatalog.items("b0", MOVIES, K, 3), chainNeighbours("b0"), K,
                Map.of("recency.half.life.swipes", "2", "recency.floor", "0", "blend.weight", "0"));
        RecommendationList l = null;
        for (int m : FIVE_LIKES) l = t.swipeAndRead(12, m, 1);
        assertEquals("blend", l.getStrategy());
        assertEquals("blend", l.getModelKind());
        assertEquals("b0", l.getModelVersion());
        assertEquals(List.of(27, 33, 24, 29, 22), movieIds(l), "the item-to-item test's list");
        assertEquals("because you liked Movie 7", l.getItems().get(0).getReason());
        assertEquals(null, t.state(12).vector(), "the blend solves its vector when it ranks; the state keeps the history");
    }

    /**
     * β = 0.5: the stream's list is core BlendScorer's over the same history, with the ALS side the
     * decayed fold-in of that history (what the trainer's blend row computes); movies only ALS reaches
     * say "matches your taste", the others name the history movie, as item-to-item's do.
     */
    @Test
    void aBlendVersionScoresSwipesWithTheSharedBlendFormula() {
        t.publishWithNeighbours("blend", "b5", TestCatalog.items("b5", MOVIES, K, 3), chainNeighbours("b5"), K,
                Map.of("recency.half.life.swipes", "2", "recency.floor", "0", "blend.weight", "0.5"));
        RecommendationList l = null;
        for (int m : FIVE_LIKES) l = t.swipeAndRead(13, m, 1);
        assertEquals("blend", l.getStrategy());
        assertEquals("blend", l.getModelKind());

        ModelSnapshot model = t.models.current();
        assertEquals(0.5f, model.blendWeight());
        UserState state = t.state(13);
        int count = state.historySize();
        int[] rows = new int[count];
        float[] values = new float[count];
        long[] times = new long[count];
        for (int i = 0; i < count; i++) {
            rows[i] = model.rowOf(state.movieAt(i));
            times[i] = state.timeAt(i);
        }
        model.itemItem().recency().weigh(times, count, values);
        for (int i = 0; i < count; i++) values[i] *= model.itemItem().preferences().of(state.preferenceAt(i));
        float[] xu = new FoldInRule(0, true).solve(state, model, null);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int r : rows) seen.add(r);
        int[] want = new int[5];
        float[] wantScores = new float[5];
        int[] because = new int[5];
        int got = new BlendScorer().recommend(model.neighbours(), rows, values, count, model.factors().values(), model.k(), xu,
                0.5f, seen::contains, 5, want, wantScores, because);
        assertEquals(5, got);
        for (int i = 0; i < 5; i++) {
            RankedMovie item = l.getItems().get(i);
            assertEquals(model.movieId(want[i]), item.getMovieId(), "rank " + i);
            assertEquals(wantScores[i], item.getScore(), 1e-6f, "rank " + i);
            assertEquals(because[i] < 0 ? "matches your taste" : "because you liked Movie " + model.movieId(because[i]),
                    item.getReason(), "rank " + i);
        }
    }

    /** A blend marker whose weight is outside [0, 1] never builds: the version before it keeps serving. */
    @Test
    void aBlendVersionWithAWeightOutsideZeroToOneDoesNotServe() {
        t.publish("v1", TestCatalog.items("v1", MOVIES, K, 1), K);
        t.publishWithNeighbours("blend", "v2", TestCatalog.items("v2", MOVIES, K, 3), chainNeighbours("v2"), K,
                Map.of("blend.weight", "1.5"));
        assertEquals("v1", t.swipeAndRead(14, 3, 2).getModelVersion(), "v2 cannot be built; v1 serves");
        assertEquals("als", t.models.current().kind().wireName());
        assertFalse(t.models.serving().loaded().containsKey("v2"));
    }

    private static List<Integer> movieIds(RecommendationList l) {
        List<Integer> ids = new ArrayList<>();
        for (RankedMovie m : l.getItems()) ids.add(m.getMovieId());
        return ids;
    }

    @Test
    void anItemItemMarkerWithoutItsNeighbourRowsWaitsForThem() {
        t.publish("v1", TestCatalog.items("v1", MOVIES, K, 1), K);
        Map<Integer, ItemEmbedding> rows = TestCatalog.items("v2", MOVIES, K, 3);
        rows.forEach((movieId, row) -> t.items.pipeInput(ModelKeys.itemKey("v2", movieId), row));
        var marker = ModelKeys.version("v2", rows.size(), 0, K);
        marker.setKind("itemitem");
        marker.setNeighbourItems(2);
        marker.setSettings(Map.of());
        t.items.pipeInput(ModelKeys.markerKey("v2"), ModelKeys.markerRecord(marker));
        assertEquals("v1", t.models.current().version(), "v2 is incomplete: no neighbour rows yet");
        t.neighbours.pipeInput(ModelKeys.itemKey("v2", 1), ItemNeighbours.newBuilder().setModelVersion("v2")
                .setMovieId(1).setNeighbours(List.of(2)).setWeights(List.of(1f)).build());
        assertEquals("v1", t.models.current().version());
        t.neighbours.pipeInput(ModelKeys.itemKey("v2", 2), ItemNeighbours.newBuilder().setModelVersion("v2")
                .setMovieId(2).setNeighbours(List.of(1)).setWeights(List.of(1f)).build());
        assertEquals("v2", t.models.current().version());
        assertEquals("itemitem", t.models.current().kind().wireName());
    }

    @Test
    void aTombstonedMarkerRemovesTheVersion() {
        t.publish("v1", TestCatalog.items("v1", MOVIES, K, 1), K);
        t.publish("v2", TestCatalog.items("v2", MOVIES, K, 2), K);
        assertEquals("v2", t.models.current().version());
        t.items.pipeInput(ModelKeys.markerKey("v2"), null);
        assertEquals("v1", t.models.current().version(), "without a registry the newest remaining version serves");
        assertFalse(t.models.serving().loaded().containsKey("v2"));
    }

    private static ModelRegistryEntry entry(String version, ModelStage stage, long at) {
        return ModelRegistryEntry.newBuilder().setModelVersion(version).setKind("als").setStage(stage).setRegisteredAt(1L)
                .setLineage(ModelLineage.newBuilder().setDataFingerprint("f").build())
                .setTransitions(List.of(StageTransition.newBuilder().setModelVersion(version).setTo(stage).setAt(at)
                        .setBy("test").setReason("test").build()))
                .build();
    }

    private static Experiment experiment(String id, String control, String treatment, ExperimentStatus status) {
        return Experiment.newBuilder().setExperimentId(id).setControlVersion(control).setTreatmentVersion(treatment)
                .setTreatmentShare(0.5).setStatus(status).setStartedAt(100L).setStartedBy("test").build();
    }
}
