package io.reelstream.topology.rank;

import io.reelstream.core.blend.BlendScorer;
import io.reelstream.core.itemitem.ItemItemScorer;
import io.reelstream.core.itemitem.PrefixMemo;
import io.reelstream.core.model.ModelKind;
import io.reelstream.core.rank.TopK;
import io.reelstream.core.recency.RecencyWeights;
import io.reelstream.topology.model.ItemItemSettings;
import io.reelstream.topology.model.ModelSnapshot;
import io.reelstream.topology.state.FoldInRule;
import io.reelstream.topology.state.UserState;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

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
    /** Sums over users' settled oldest swipes, shared by the stream threads and REST (item-to-item only). */
    private final PrefixMemo prefixMemo;

    /** Without prefix memos: every item-to-item list walks the whole history. */
    public Recommender(ColdStartPolicy policy) {
        this(policy, new PrefixMemo(0));
    }

    public Recommender(ColdStartPolicy policy, PrefixMemo prefixMemo) {
        this.policy = policy;
        this.prefixMemo = prefixMemo;
    }

    /** Hits, misses and bytes of the item-to-item prefix memos (metrics). */
    public PrefixMemo prefixMemo() {
        return prefixMemo;
    }

    /**
     * The strategy for this user against this snapshot: on an ALS version the vector only if it lives in
     * this version; on an item-to-item or blend version the history itself is the model (the blend
     * solves its vector from the history when it ranks), so the ladder's last rung is ITEMITEM or BLEND.
     */
    public Strategy strategyFor(UserState state, ModelSnapshot model) {
        if (model.kind() != ModelKind.ALS) {
            Strategy s = policy.choose(state, true);
            if (s != Strategy.VECTOR) return s;
            return model.kind() == ModelKind.BLEND ? Strategy.BLEND : Strategy.ITEMITEM;
        }
        return policy.choose(state, state != null && state.vectorIsFor(model.version(), model.k()));
    }

    public RankedList recommend(UserState state, ModelSnapshot model, int n, int userId) {
        Strategy strategy = strategyFor(state, model);
        BitSet seen = SEEN.get(); // one per thread, cleared after use: a swipe allocates no catalogue-sized set
        seen.clear();
        try {
            addSeenRows(state, model, seen);
            List<RankedList.Entry> items = switch (strategy) {
                case VECTOR -> byVector(state, model, n, seen);
                case ITEMITEM -> byItemItem(state, model, n, seen, prefixMemo);
                case BLEND -> byBlend(state, model, n, seen);
                case CONTENT -> byContent(state, model, n, seen);
                case POPULAR -> new ArrayList<>();
            };
            fillWithPopular(items, model, n, seen);
            return new RankedList(userId, model.version(), model.kind(), strategy, items);
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

    /**
     * xu · yi over the catalogue; each item's reason names the liked movie with the largest share of
     * its score through the fold-in ({@link Explanations#vectorReasons}): "because you liked Heat (1995)".
     */
    private static List<RankedList.Entry> byVector(UserState state, ModelSnapshot model, int n, BitSet seen) {
        int[] rows = new int[n];
        float[] scores = new float[n];
        int count = model.ranker().topN(state.vector(), n, seen::get, rows, scores);
        String[] reasons = Explanations.vectorReasons(state, model, rows, count);
        List<RankedList.Entry> out = new ArrayList<>(n);
        for (int i = 0; i < count; i++) {
            out.add(new RankedList.Entry(model.movieId(rows[i]), scores[i], reasons[i]));
            seen.set(rows[i]);
        }
        return out;
    }

    /**
     * core {@link ItemItemScorer} over the history in chronological order, each swipe weighted
     * r_j = recency(age_j)·x(preference_j) with the version's settings — the trainer's evaluation
     * calls the same scorer the same way. The reason names the history movie with the largest
     * contribution: "because you liked Heat (1995)". The sum resumes from the user's prefix memo where
     * one matches (the swipes older than the recency's settled age): the same list, bit for bit.
     */
    private static List<RankedList.Entry> byItemItem(UserState state, ModelSnapshot model, int n, BitSet seen,
                                                     PrefixMemo memo) {
        ItemItemScratch scratch = ITEM_ITEM.get().sizedFor(state.historySize(), n);
        int count = weighHistory(state, model, scratch);
        int settledAge = SETTLED_AGE.computeIfAbsent(model.itemItem().recency(), RecencyWeights::settledAge);
        int settled = count - Math.min(count, settledAge);
        int got = scratch.scorer.recommend(model.neighbours(), scratch.rows, scratch.values, count, memo,
                state.userId(), settled, seen::get, n, scratch.outRows, scratch.outScores, scratch.outBecause);
        return entries(state, model, scratch, got, seen);
    }

    /** The decayed fold-in: the ALS side of a blend, solved from the history as the trainer's blend row solves it. */
    private static final FoldInRule BLEND_FOLD_IN = new FoldInRule(0, true);

    /**
     * core {@link BlendScorer} with the version's β: the item-to-item side exactly as {@link #byItemItem}
     * weighs the history, the ALS side the user's vector solved now by the decayed fold-in over the same
     * history (c = w(age)·(1 + α·|p|), the version's recency and λ/α) — a pure function of the history, as
     * the trainer's {@code blend} row computes it. Reasons as item-to-item's where the neighbour lists
     * reach the movie ("because you liked Heat (1995)"), else "matches your taste". One solve and one
     * scan of the factors per list: O(n_u·k² + k³ + |history|·M + rows·k).
     */
    private static List<RankedList.Entry> byBlend(UserState state, ModelSnapshot model, int n, BitSet seen) {
        ItemItemScratch scratch = ITEM_ITEM.get().sizedFor(state.historySize(), n);
        float[] xu = BLEND_FOLD_IN.solve(state, model, null);
        int count = weighHistory(state, model, scratch);
        int got = scratch.blend.recommend(model.neighbours(), scratch.rows, scratch.values, count, model.factors().values(),
                model.k(), xu, model.blendWeight(), seen::get, n, scratch.outRows, scratch.outScores, scratch.outBecause);
        return entries(state, model, scratch, got, seen);
    }

    /** r_j = recency(age_j)·x(preference_j) of the history, oldest first, into the scratch; returns its length. */
    private static int weighHistory(UserState state, ModelSnapshot model, ItemItemScratch scratch) {
        ItemItemSettings settings = model.itemItem();
        int count = state.historySize(); // oldest first (UserState keeps the history in time order)
        for (int i = 0; i < count; i++) {
            scratch.times[i] = state.timeAt(i);
            scratch.rows[i] = model.rowOf(state.movieAt(i));
        }
        settings.recency().weigh(scratch.times, count, scratch.values);
        for (int i = 0; i < count; i++) {
            scratch.values[i] *= settings.preferences().of(state.preferenceAt(i));
        }
        return count;
    }

    /** The scored rows as list entries, each reason naming its because row (-1: no item-to-item reason). */
    private static List<RankedList.Entry> entries(UserState state, ModelSnapshot model, ItemItemScratch scratch, int got,
                                                  BitSet seen) {
        List<RankedList.Entry> out = new ArrayList<>(got);
        for (int t = 0; t < got; t++) {
            int row = scratch.outRows[t];
            int because = scratch.outBecause[t];
            String reason = "matches your taste";
            if (because >= 0) {
                int pref = state.preferenceOf(model.movieId(because));
                reason = pref > 0 ? model.becauseYouLiked(because) : "people who passed on " + model.displayName(because);
            }
            out.add(new RankedList.Entry(model.movieId(row), scratch.outScores[t], reason));
            seen.set(row);
        }
        return out;
    }

    /** RecencyWeights.settledAge() per recency setting (a few dozen pow calls each; versions rarely differ). */
    private static final java.util.Map<RecencyWeights, Integer> SETTLED_AGE = new java.util.concurrent.ConcurrentHashMap<>();

    private static final ThreadLocal<ItemItemScratch> ITEM_ITEM = ThreadLocal.withInitial(ItemItemScratch::new);

    /** byItemItem's and byBlend's buffers, one per thread: the scorers and history/output arrays grown as needed. */
    private static final class ItemItemScratch {
        final ItemItemScorer scorer = new ItemItemScorer();
        final BlendScorer blend = new BlendScorer();
        long[] times = new long[64];
        int[] rows = new int[64];
        float[] values = new float[64];
        int[] outRows = new int[0];
        float[] outScores = new float[0];
        int[] outBecause = new int[0];

        ItemItemScratch sizedFor(int history, int n) {
            if (times.length < history) {
                int cap = Math.max(history, 2 * times.length);
                times = new long[cap];
                rows = new int[cap];
                values = new float[cap];
            }
            if (outRows.length < n) {
                outRows = new int[n];
                outScores = new float[n];
                outBecause = new int[n];
            }
            return this;
        }
    }

    /**
     * Pools the content neighbours of the user's most recent liked movies:
     * score(j) = Σ over liked i with j in neighbours(i) of preference_i / (1 + position of j in i's list),
     * so a superlike counts twice a like and a closer neighbour more than a far one. Ties to the lower row;
     * the reason names the liked movie with the largest single contribution (the most recent on a tie).
     * O(sources·neighbours·log n) into per-thread catalogue-sized arrays that are reset through the
     * rows touched, so a swipe allocates only its list (boxed-key maps were half the stream thread's
     * allocation under the product's cold-start ladder, by JFR's allocation samples).
     */
    private static List<RankedList.Entry> byContent(UserState state, ModelSnapshot model, int n, BitSet seen) {
        ContentPool pool = CONTENT_POOL.get().sizedFor(model.rows(), n);
        try {
            int sources = 0;
            for (int i = state.historySize() - 1; i >= 0 && sources < CONTENT_SOURCES; i--) { // newest first
                int pref = state.preferenceAt(i);
                if (pref <= 0) continue;
                int likedRow = model.rowOf(state.movieAt(i));
                if (likedRow < 0) continue;
                sources++;
                int[] neighbours = model.neighbourRows(likedRow);
                for (int pos = 0; pos < neighbours.length; pos++) {
                    int row = neighbours[pos];
                    if (!seen.get(row)) pool.add(row, pref / (1f + pos), likedRow);
                }
            }
            int count = pool.best(n);
            List<RankedList.Entry> out = new ArrayList<>(count);
            for (int j = 0; j < count; j++) {
                int row = pool.bestRows[j];
                int because = pool.because[row];
                String title = model.item(because).title();
                out.add(new RankedList.Entry(model.movieId(row), pool.bestScores[j],
                        "similar to " + (title == null ? "movie " + model.movieId(because) : title)));
                seen.set(row);
            }
            return out;
        } finally {
            pool.clear();
        }
    }

    private static final ThreadLocal<ContentPool> CONTENT_POOL = ThreadLocal.withInitial(ContentPool::new);

    /**
     * byContent's scratch, one per thread: pooled score, best single contribution and its source per
     * catalogue row, the rows touched (to reset them), and a top-n heap with byContent's order
     * (score descending, ties to the lower row). A contribution is > 0, so best = 0 marks an untouched row.
     */
    private static final class ContentPool {
        private float[] score = new float[0];
        private float[] bestContribution = new float[0];
        private int[] because = new int[0];
        private int[] touched = new int[64];
        private int touchedCount;
        private TopK top = new TopK(1);
        private int[] bestRows = new int[0];
        private float[] bestScores = new float[0];

        ContentPool sizedFor(int rows, int n) {
            if (score.length != rows) {
                score = new float[rows];
                bestContribution = new float[rows];
                because = new int[rows];
            }
            if (top.capacity() < n) top = new TopK(n);
            if (bestRows.length < n) {
                bestRows = new int[n];
                bestScores = new float[n];
            }
            return this;
        }

        void add(int row, float contribution, int source) {
            if (bestContribution[row] == 0f) {
                if (touchedCount == touched.length) touched = java.util.Arrays.copyOf(touched, 2 * touchedCount);
                touched[touchedCount++] = row;
            }
            score[row] += contribution;
            if (contribution > bestContribution[row]) {
                bestContribution[row] = contribution;
                because[row] = source;
            }
        }

        /** The best min(n, touched) rows into bestRows/bestScores, best first; returns the count. */
        int best(int n) {
            top.reset(n);
            for (int t = 0; t < touchedCount; t++) top.offer(touched[t], score[touched[t]]);
            return top.drainBestFirst(n, bestRows, bestScores);
        }

        void clear() {
            for (int t = 0; t < touchedCount; t++) {
                score[touched[t]] = 0f;
                bestContribution[touched[t]] = 0f;
            }
            touchedCount = 0;
        }
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
