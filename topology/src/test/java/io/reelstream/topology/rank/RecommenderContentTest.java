package io.reelstream.topology.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reelstream.topology.model.CatalogItem;
import io.reelstream.topology.model.FoldInParams;
import io.reelstream.topology.model.ModelSnapshot;
import io.reelstream.topology.state.UserState;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The content strategy's list against a plain re-statement of its rule (maps and a sort). */
class RecommenderContentTest {
    private static final int MOVIES = 300;
    private static final int N = 10;

    @Test
    void contentListEqualsTheRuleOnRandomNeighbourhoods() {
        Random rnd = new Random(5);
        ModelSnapshot model = modelWithNeighbours(rnd);
        Recommender recommender = new Recommender(new ColdStartPolicy(1, 1_000)); // always content once one like
        for (int user = 1; user <= 200; user++) {
            UserState state = new UserState(user);
            int swipes = 1 + rnd.nextInt(40);
            for (int s = 0; s < swipes; s++) {
                int pref = new int[] {-2, -1, 1, 2}[rnd.nextInt(4)];
                state.recordSwipe(1 + rnd.nextInt(MOVIES), pref, s);
            }
            if (state.positiveCount() == 0) state.recordSwipe(1 + rnd.nextInt(MOVIES), 2, swipes);
            RankedList got = recommender.recommend(state, model, N, user);
            assertEquals(Strategy.CONTENT, got.strategy());
            List<RankedList.Entry> want = byTheRule(state, model);
            assertEquals(want, got.items().subList(0, want.size()), "user " + user);
        }
    }

    @Test
    void aSecondCallOnTheSameThreadStartsFromAnEmptyPool() {
        Random rnd = new Random(9);
        ModelSnapshot model = modelWithNeighbours(rnd);
        Recommender recommender = new Recommender(new ColdStartPolicy(1, 1_000));
        UserState state = new UserState(1);
        state.recordSwipe(7, 2, 0);
        RankedList first = recommender.recommend(state, model, N, 1);
        RankedList again = recommender.recommend(state, model, N, 1);
        assertEquals(first, again);
    }

    /** score(j) = Σ pref_i / (1 + pos of j in neighbours(i)) over the 20 most recent likes; ties to the lower row. */
    private static List<RankedList.Entry> byTheRule(UserState state, ModelSnapshot model) {
        BitSet seen = new BitSet();
        for (int i = 0; i < state.historySize(); i++) seen.set(model.rowOf(state.movieAt(i)));
        Map<Integer, Float> score = new HashMap<>();
        Map<Integer, Float> bestContribution = new HashMap<>();
        Map<Integer, Integer> because = new HashMap<>();
        int[] order = state.chronologicalOrder();
        int sources = 0;
        for (int o = order.length - 1; o >= 0 && sources < Recommender.CONTENT_SOURCES; o--) {
            int pref = state.preferenceAt(order[o]);
            if (pref <= 0) continue;
            int liked = model.rowOf(state.movieAt(order[o]));
            sources++;
            int[] neighbours = model.neighbourRows(liked);
            for (int pos = 0; pos < neighbours.length; pos++) {
                int row = neighbours[pos];
                if (seen.get(row)) continue;
                float c = pref / (1f + pos);
                score.merge(row, c, Float::sum);
                if (c > bestContribution.getOrDefault(row, 0f)) {
                    bestContribution.put(row, c);
                    because.put(row, liked);
                }
            }
        }
        List<Integer> rows = new ArrayList<>(score.keySet());
        rows.sort((a, b) -> {
            int c = Float.compare(score.get(b), score.get(a));
            return c != 0 ? c : Integer.compare(a, b);
        });
        List<RankedList.Entry> out = new ArrayList<>();
        for (int row : rows.subList(0, Math.min(N, rows.size()))) {
            out.add(new RankedList.Entry(model.movieId(row), score.get(row),
                    "similar to " + model.item(because.get(row)).title()));
        }
        return out;
    }

    /** Movies 1..300 with 2–8 random neighbours each, drawn from a small range so pools overlap and scores tie. */
    private static ModelSnapshot modelWithNeighbours(Random rnd) {
        List<CatalogItem> items = new ArrayList<>();
        for (int id = 1; id <= MOVIES; id++) {
            int[] neighbours = new int[2 + rnd.nextInt(7)];
            for (int j = 0; j < neighbours.length; j++) neighbours[j] = 1 + rnd.nextInt(40);
            items.add(new CatalogItem(id, new float[] {rnd.nextFloat(), rnd.nextFloat()}, "Movie " + id, 2000,
                    List.of("Drama"), MOVIES - id, id, neighbours));
        }
        return ModelSnapshot.build("v1", 0L, items, FoldInParams.TRAINER_DEFAULTS, ScanRanker::new);
    }
}
