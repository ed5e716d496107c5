package io.reelstream.topology.process;

import io.reelstream.schemas.DeadLetter;
import io.reelstream.schemas.HistoryEntry;
import io.reelstream.schemas.ItemEmbedding;
import io.reelstream.schemas.ModelKeys;
import io.reelstream.schemas.RankedMovie;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.UserSeed;
import io.reelstream.schemas.serde.AvroSerdes;
import io.reelstream.topology.TestCatalog;
import io.reelstream.topology.metrics.StreamMetrics.DeadLetterReason;
import io.reelstream.topology.model.CatalogItem;
import io.reelstream.topology.model.FoldInParams;
import io.reelstream.topology.model.ModelSnapshot;
import io.reelstream.topology.rank.ScanRanker;
import io.reelstream.topology.state.FoldInRule;
import io.reelstream.topology.state.UserState;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecommenderTopologyTest {
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
    void badRecordsGoToTheDeadLetterTopicAndTheStreamKeepsRunning() {
        // before any model: the swipe cannot be checked against a catalogue
        t.swipes.pipeInput(1, t.swipe(1, 3, 1, null));
        t.publish("v1", TestCatalog.items("v1", MOVIES, K, 1), K);
        byte[] key = Serdes.Integer().serializer().serialize("swipes", 1);
        byte[] garbage = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);
        t.rawSwipes.pipeInput(key, garbage);
        t.rawSwipes.pipeInput(new byte[]{1, 2}, AvroSerdes.serde(Swipe.class).serializer().serialize("swipes",
                t.swipe(1, 3, 1, null)));
        t.swipes.pipeInput(2, t.swipe(1, 3, 1, null)); // key user 2, value user 1
        t.swipes.pipeInput(1, t.swipe(1, 9999, 1, null));
        t.swipes.pipeInput(1, t.swipe(1, 3, 3, null));
        t.swipes.pipeInput(1, t.swipe(1, 3, null, 7));
        t.swipes.pipeInput(1, t.swipe(1, 3, null, null));
        t.swipes.pipeInput(1, t.swipe(1, 3, 0, null));

        List<DeadLetter> letters = t.deadLetters.readValuesToList();
        assertEquals(9, letters.size());
        assertTrue(letters.get(0).getReason().startsWith("no model serves: no model published yet"), letters.get(0).getReason());
        DeadLetter undecodable = letters.get(1);
        assertTrue(undecodable.getReason().startsWith("value is not a Swipe"), undecodable.getReason());
        assertEquals("swipes", undecodable.getTopic());
        assertEquals(0, undecodable.getPartition());
        assertEquals(1L, undecodable.getOffset()); // the second record on swipes
        assertArrayEquals(garbage, bytes(undecodable.getValue()));
        assertArrayEquals(key, bytes(undecodable.getKey()));
        assertTrue(letters.get(2).getReason().startsWith("key must be the 4-byte int userId"));
        assertTrue(letters.get(3).getReason().contains("differs from value userId"));
        assertTrue(letters.get(4).getReason().startsWith("movie 9999 is not in model v1"));
        assertTrue(letters.get(5).getReason().startsWith("preference 3 is not one of"));
        assertTrue(letters.get(6).getReason().startsWith("bucket 7 is not in 1..4"));
        assertTrue(letters.get(7).getReason().startsWith("neither preference nor bucket"));
        assertTrue(letters.get(8).getReason().startsWith("preference 0 is not one of"));
        assertEquals(1, t.metrics.deadLetters(DeadLetterReason.DESERIALIZATION));
        assertEquals(2, t.metrics.deadLetters(DeadLetterReason.BAD_KEY));
        assertEquals(1, t.metrics.deadLetters(DeadLetterReason.UNKNOWN_MOVIE));
        assertEquals(4, t.metrics.deadLetters(DeadLetterReason.BAD_PREFERENCE));
        assertEquals(1, t.metrics.deadLetters(DeadLetterReason.NO_MODEL));
        assertTrue(t.lists.isEmpty());
        assertTrue(t.metrics.renderPrometheus().contains("reelstream_dead_letters_total{reason=\"bad_preference\"} 4"));

        // still running: a good swipe (given as a bucket) produces a list
        t.swipes.pipeInput(1, t.swipe(1, 3, null, 4));
        RecommendationList list = t.lists.readValue();
        assertEquals(1, list.getUserId());
        assertEquals(2, t.state(1).preferenceOf(3)); // bucket 4 → superlike
    }

    @Test
    void coldStartClimbsFromPopularToContentToVector() {
        t.publish("v1", TestCatalog.items("v1", MOVIES, K, 1), K);
        // swipe 1: a dislike → still popular; the swiped movie is filtered out
        RecommendationList l = t.swipeAndRead(7, 1, -2);
        assertEquals("popular", l.getStrategy());
        assertEquals(List.of(2, 3, 4, 5, 6), movieIds(l));
        assertEquals("v1", l.getModelVersion());
        assertEquals(7, l.getUserId());
        assertFalse(l.getCauseEventId().isEmpty());
        assertTrue(l.getGeneratedAt() > 0);

        assertEquals("popular", t.swipeAndRead(7, 20, 1).getStrategy());
        assertEquals("popular", t.swipeAndRead(7, 30, 2).getStrategy());
        // third positive → content: neighbours of the liked movies (20 → 21,22,23; 30 → 31,32,33; 10 → 11,12,13)
        l = t.swipeAndRead(7, 10, 1);
        assertEquals("content", l.getStrategy());
        Set<Integer> neighbours = Set.of(11, 12, 13, 21, 22, 23, 31, 32, 33);
        for (int m : movieIds(l)) assertTrue(neighbours.contains(m), "content list holds " + m);
        // the superliked 30's first neighbour scores 2/1: the best of the pool
        assertEquals(31, movieIds(l).get(0));
        assertTrue(l.getItems().get(0).getReason().startsWith("similar to Movie 30"));

        assertEquals("content", t.swipeAndRead(7, 15, 1).getStrategy());
        l = t.swipeAndRead(7, 25, 2); // fifth positive → vector
        assertEquals("vector", l.getStrategy());

        // the vector list is the fold-in over the history, ranked by a plain scan, seen movies excluded
        UserState s = t.state(7);
        ModelSnapshot reference = referenceModel("v1", TestCatalog.items("v1", MOVIES, K, 1));
        float[] xu = new FoldInRule(0).rebuild(s, reference);
        assertArrayEquals(xu, s.vector(), 1e-6f);
        Set<Integer> seen = Set.of(1, 20, 30, 10, 15, 25);
        int[] rows = new int[5];
        float[] scores = new float[5];
        int n = new ScanRanker(reference.factors()).topN(xu, 5, r -> seen.contains(reference.movieId(r)), rows, scores);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) expected.add(reference.movieId(rows[i]));
        assertEquals(expected, movieIds(l));
        assertEquals(scores[0], l.getItems().get(0).getScore(), 1e-6);
    }

    @Test
    void seededUserStartsWarmWithoutAList() {
        t.publish("v1", TestCatalog.items("v1", MOVIES, K, 1), K);
        List<HistoryEntry> history = List.of(
                HistoryEntry.newBuilder().setMovieId(4).setPreference(2).setEventTime(10).build(),
                HistoryEntry.newBuilder().setMovieId(5).setPreference(-1).setEventTime(20).build());
        t.seeds.pipeInput(42, UserSeed.newBuilder().setModelVersion("v1").setUserId(42)
                .setFactors(List.of(0.1f, 0.2f, 0.3f, 0.4f)).setHistory(history).build());
        assertTrue(t.lists.isEmpty(), "a seed emits no list");
        UserState s = t.state(42);
        assertTrue(s.seeded());
        assertArrayEquals(new float[]{0.1f, 0.2f, 0.3f, 0.4f}, s.vector());

        RecommendationList l = t.swipeAndRead(42, 6, 1);
        assertEquals("vector", l.getStrategy()); // one positive only, but a known user
        Set<Integer> ids = new HashSet<>(movieIds(l));
        assertFalse(ids.contains(4) || ids.contains(5) || ids.contains(6), "seen movies are filtered: " + ids);
    }

    @Test
    void aSeedWithABrokenVectorIsRebuiltFromItsHistory() {
        t.publish("v1", TestCatalog.items("v1", MOVIES, K, 1), K);
        List<HistoryEntry> history = List.of(HistoryEntry.newBuilder().setMovieId(4).setPreference(2).setEventTime(10).build());
        t.seeds.pipeInput(43, UserSeed.newBuilder().setModelVersion("v1").setUserId(43)
                .setFactors(List.of(Float.NaN, 0.2f, 0.3f, 0.4f)).setHistory(history).build());
        RecommendationList l = t.swipeAndRead(43, 6, 1);
        assertEquals("vector", l.getStrategy());
        UserState s = t.state(43);
        assertArrayEquals(new FoldInRule(0).rebuild(s, referenceModel("v1", TestCatalog.items("v1", MOVIES, K, 1))),
                s.vector(), 1e-6f);
    }

    @Test
    void newModelVersionRebuildsTheVectorLazilyAndNeverMixes() {
        Map<Integer, ItemEmbedding> v1 = TestCatalog.items("v1", MOVIES, K, 1);
        t.publish("v1", v1, K);
        int[] liked = {3, 8, 13, 18, 23};
        RecommendationList l = null;
        for (int m : liked) l = t.swipeAndRead(9, m, 2);
        assertEquals("vector", l.getStrategy());
        assertEquals("v1", l.getModelVersion());

        // v2: new factors, and movie 40 is gone (its v1 row stays in the compacted topic)
        Map<Integer, ItemEmbedding> v2 = TestCatalog.items("v2", MOVIES - 1, K, 2);
        t.publish("v2", v2, K);
        assertEquals("v2", t.models.current().version());
        assertEquals(MOVIES - 1, t.models.current().rows());
        assertEquals("v1", t.state(9).vectorVersion(), "lazy: nothing rebuilt before the user shows up");

        l = t.swipeAndRead(9, 28, 2);
        assertEquals("v2", l.getModelVersion());
        assertEquals("vector", l.getStrategy());
        assertEquals(1, t.metrics.vectorRebuilds());
        UserState s = t.state(9);
        assertEquals("v2", s.vectorVersion());
        ModelSnapshot reference = referenceModel("v2", v2);
        assertArrayEquals(new FoldInRule(0).rebuild(s, reference), s.vector(), 1e-6f);
        assertFalse(movieIds(l).contains(40), "a movie outside v2 is never recommended");
    }

    @Test
    void incompleteVersionIsNotServed() {
        t.publish("v1", TestCatalog.items("v1", MOVIES, K, 1), K);
        Map<Integer, ItemEmbedding> v2 = TestCatalog.items("v2", MOVIES, K, 2);
        // marker first, rows after: v1 stays until all v2 rows are present
        t.items.pipeInput(ModelKeys.markerKey("v2"), TestCatalog.marker("v2", MOVIES, K));
        int sent = 0;
        for (Map.Entry<Integer, ItemEmbedding> e : v2.entrySet()) {
            assertEquals("v1", t.models.current().version(), "after " + sent + " of " + MOVIES + " rows");
            t.items.pipeInput(ModelKeys.itemKey("v2", e.getKey()), e.getValue());
            sent++;
        }
        assertEquals("v2", t.models.current().version());
    }

    private static ModelSnapshot referenceModel(String version, Map<Integer, ItemEmbedding> rows) {
        List<CatalogItem> items = new ArrayList<>();
        for (ItemEmbedding e : rows.values()) {
            float[] f = new float[e.getFactors().size()];
            for (int a = 0; a < f.length; a++) f[a] = e.getFactors().get(a);
            items.add(new CatalogItem(e.getMovieId(), f, e.getTitle(), e.getYear(), e.getGenres(),
                    e.getPopularityScore(), e.getPopularityRank(), new int[0]));
        }
        return ModelSnapshot.build(version, 0, items, FoldInParams.TRAINER_DEFAULTS, ScanRanker::new);
    }

    private static List<Integer> movieIds(RecommendationList l) {
        List<Integer> out = new ArrayList<>();
        for (RankedMovie m : l.getItems()) out.add(m.getMovieId());
        return out;
    }

    private static byte[] bytes(java.nio.ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
