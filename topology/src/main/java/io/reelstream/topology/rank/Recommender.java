package io.reelstream.topology.rank;

import io.reelstream.topology.model.ModelSnapshot;
import io.reelstream.topology.state.UserState;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a user's state into a top-N against one model snapshot, by the strategy the
 * {@link ColdStartPolicy} picks. Every list excludes the user's history (the seen filter) and is
 * a pure function of (state, snapshot, n): the stream's emitted list and a REST lookup of the same
 * state agree. No Kafka here.
 */
public final class Recommender {
    /** Most recent liked movies whose neighbours the content strategy pools. */
    static final int CONTENT_SOURCES = 20;

    private final ColdStartPolicy policy;

    public Recommender(ColdStartPolicy policy) {
        this.policy = policy;
    }

    /** The strategy for this user against this snapshot (vector only if it lives in this version). */
    public Strategy strategyFor(UserState state, ModelSnapshot model) {
        return policy.choose(state, state != null && state.vectorIsFor(model.version(), model.k()));
    }

    public RankedList recommend(UserState state, ModelSnapshot model, int n, int userId) {
        Strategy strategy = strategyFor(state, model);
        BitSet seen = SEEN.get(); // one per thread, cleared after use: a swipe allocates no catalogue-sized set
        seen.clear();
        try {
            addSeenRows(state, model, seen);
            List<RankedList.Entry> items = switch (strategy) {
                case VECTOR -> byVector(state.vector(), model, n, seen);
                case CONTENT -> byContent(state, model, n, seen);
                case POPULAR -> new ArrayList<>();
            };
            fillWithPopular(items, model, n, seen);
            return new RankedList(userId, model.version(), strategy, items);
        } finally {
            seen.clear();
        }
    }

    private static final ThreadLocal<BitSet> SEEN = ThreadLocal.withInitial(BitSet::new);

    /** The model's popularity order minus the excluded rows (used by /movies/popular too). */
    public static List<RankedList.Entry> popular(ModelSnapshot model, int n, BitSet excluded) {
        List<RankedList.Entry> out = new ArrayList<>(n);
        fillWithPopular(out, model, n, excluded == null ? new BitSet() : excluded);
        return out;
    }

    /** Rows of the movies the user has swiped (any preference): never recommended again. */
    private static void addSeenRows(UserState state, ModelSnapshot model, BitSet seen) {
        if (state == null) return;
        for (int i = 0; i < state.historySize(); i++) {
            int row = model.rowOf(state.movieAt(i));
            if (row >= 0) seen.set(row);
        }
    }

    private static List<RankedList.Entry> byVector(float[] xu, ModelSnapshot model, int n, BitSet seen) {
        int[] rows = new int[n];
        float[] scores = new float[n];
        int count = model.ranker().topN(xu, n, seen::get, rows, scores);
        List<RankedList.Entry> out = new ArrayList<>(n);
        for (int i = 0; i < count; i++) {
            out.add(new RankedList.Entry(model.movieId(rows[i]), scores[i], "matches your taste"));
            seen.set(rows[i]);
        }
        return out;
    }

    /**
     * Pools the content neighbours of the user's most recent liked movies:
     * score(j) = Σ over liked i with j in neighbours(i) of preference_i / (1 + position of j in i's list),
     * so a superlike counts twice a like and a closer neighbour more than a far one. Ties to the lower row.
     */
    private static List<RankedList.Entry> byContent(UserState state, ModelSnapshot model, int n, BitSet seen) {
        Map<Integer, float[]> pooled = new HashMap<>(); // row → {score, best single contribution}
        Map<Integer, Integer> because = new HashMap<>(); // row → liked row that contributed most
        int[] order = state.chronologicalOrder();
        int sources = 0;
        for (int o = order.length - 1; o >= 0 && sources < CONTENT_SOURCES; o--) {
            int i = order[o];
            int pref = state.preferenceAt(i);
            if (pref <= 0) continue;
            int likedRow = model.rowOf(state.movieAt(i));
            if (likedRow < 0) continue;
            sources++;
            int[] neighbours = model.neighbourRows(likedRow);
            for (int pos = 0; pos < neighbours.length; pos++) {
                int row = neighbours[pos];
                if (seen.get(row)) continue;
                float contribution = pref / (1f + pos);
                float[] acc = pooled.computeIfAbsent(row, r -> new float[2]);
                acc[0] += contribution;
                if (contribution > acc[1]) {
                    acc[1] = contribution;
                    because.put(row, likedRow);
                }
            }
        }
        List<Integer> rows = new ArrayList<>(pooled.keySet());
        rows.sort((a, b) -> {
            int c = Float.compare(pooled.get(b)[0], pooled.get(a)[0]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        List<RankedList.Entry> out = new ArrayList<>(n);
        for (int row : rows) {
            if (out.size() == n) break;
            String title = model.item(because.get(row)).title();
            out.add(new RankedList.Entry(model.movieId(row), pooled.get(row)[0],
                    "similar to " + (title == null ? "movie " + model.movieId(because.get(row)) : title)));
            seen.set(row);
        }
        return out;
    }

    /** Tops a short list up from the popularity order (a cold catalogue corner, a sparse neighbourhood). */
    private static void fillWithPopular(List<RankedList.Entry> out, ModelSnapshot model, int n, BitSet seen) {
        int[] popular = model.popularRows();
        for (int i = 0; i < popular.length && out.size() < n; i++) {
            int row = popular[i];
            if (seen.get(row)) continue;
            out.add(new RankedList.Entry(model.movieId(row), model.item(row).popularityScore(), "popular #" + (i + 1)));
            seen.set(row);
        }
    }
}
