package io.reelstream.topology.engine;

import io.reelstream.core.itemitem.PrefixMemo;
import io.reelstream.core.model.ModelKind;
import io.reelstream.topology.config.TopologyConfig;
import io.reelstream.topology.metrics.StreamMetrics;
import io.reelstream.topology.model.ModelSnapshot;
import io.reelstream.topology.rank.ColdStartPolicy;
import io.reelstream.topology.rank.RankedList;
import io.reelstream.topology.rank.Recommender;
import io.reelstream.topology.state.FoldInRule;
import io.reelstream.topology.state.GradientRule;
import io.reelstream.topology.state.StaticRule;
import io.reelstream.topology.state.UpdateRule;
import io.reelstream.topology.state.UserState;

/**
 * What happens to a user, independent of Kafka: apply a swipe, keep the vector in the current
 * model version, apply a trainer seed, rank. The swipe processor and the REST layer share it, so
 * a list served by REST is computed exactly like the one the stream emitted.
 *
 * <p>Version switch is lazy: a user's vector is rebuilt from their stored history against the new
 * factors on their next swipe (persisted) or REST lookup (computed, not persisted), never scored
 * against a version it does not live in. Eager rebuild of every user would be a full store scan per
 * publish on every instance; lazy costs one solve when the user shows up.
 */
public final class RecommendationEngine {
    private final UpdateRule rule;
    private final Recommender recommender;
    private final StreamMetrics metrics;

    public RecommendationEngine(UpdateRule rule, Recommender recommender, StreamMetrics metrics) {
        this.rule = rule;
        this.recommender = recommender;
        this.metrics = metrics;
    }

    public static RecommendationEngine from(TopologyConfig config, StreamMetrics metrics) {
        UpdateRule rule = switch (config.updateRule()) {
            case GRADIENT -> new GradientRule(config.gradientLearningRate(), config.gradientDecay(),
                    config.gradientMaxNorm());
            case FOLDIN -> new FoldInRule(config.foldInCgSteps());
            case FOLDIN_RECENCY -> new FoldInRule(0, true);
            case STATIC -> new StaticRule();
        };
        // one memo per instance: the stream's engine and REST's share it through the instance's metrics
        PrefixMemo memo = metrics.prefixMemo();
        if (memo == null) {
            memo = new PrefixMemo(config.itemItemPrefixMemoMb() * (1L << 20));
            metrics.reportPrefixMemo(memo);
        }
        return new RecommendationEngine(rule,
                new Recommender(new ColdStartPolicy(config.contentMinPositives(), config.vectorMinPositives()), memo),
                metrics);
    }

    /**
     * Records the swipe in the history and, on an ALS version, moves the vector (rebuilding it first if
     * it is from another version). An item-to-item or blend version scores from the history itself
     * (the blend solves its decayed fold-in from the history when it ranks): nothing else to update,
     * so their swipes skip the solve here.
     */
    public void applySwipe(UserState state, ModelSnapshot model, int movieId, int movieRow, int preference,
                           long eventTime, String eventId, long nowMs) {
        long t0 = System.nanoTime();
        boolean changed = state.recordSwipe(movieId, preference, eventTime);
        state.countSwipe(eventId, nowMs);
        if (model.kind() != ModelKind.ALS) {
            metrics.update(System.nanoTime() - t0);
            return;
        }
        if (state.vector() == null || !state.vectorIsFor(model.version(), model.k())) {
            if (state.vector() != null) metrics.vectorRebuilt();
            state.setVector(rule.rebuild(state, model), model.version());
        } else if (changed) {
            state.setVector(rule.afterSwipe(state, model, movieRow, preference), model.version());
        }
        metrics.update(System.nanoTime() - t0);
    }

    /**
     * Brings the vector into {@code model}'s version from the history (lazy version switch).
     * Returns true if it changed the state.
     */
    public boolean alignVector(UserState state, ModelSnapshot model) {
        if (model.kind() != ModelKind.ALS || state.vectorIsFor(model.version(), model.k())) return false;
        if (state.vector() == null && state.historySize() == 0) return false;
        state.setVector(rule.rebuild(state, model), model.version());
        metrics.vectorRebuilt();
        return true;
    }

    /**
     * Merges a trainer seed: history entries join the streamed ones (newer wins per movie); the
     * trained vector is kept when the seed covers the whole history, else the vector is re-solved
     * from the merged history against {@code current} when the versions agree (otherwise dropped,
     * to be rebuilt lazily). Marks the user seeded: warm from the first swipe.
     */
    public void applySeed(UserState state, String seedVersion, float[] factors, int[] movies, int[] preferences,
                          long[] times, ModelSnapshot current, long nowMs) {
        int before = state.historySize();
        for (int i = 0; i < movies.length; i++) state.recordSwipe(movies[i], preferences[i], times[i]);
        boolean seedCoversHistory = before == 0 || !rule.movesVector() || coversAll(state, movies);
        state.markSeeded(nowMs);
        if (seedCoversHistory && factors != null && factors.length > 0) {
            state.setVector(factors, seedVersion);
        } else if (current != null && current.kind() == ModelKind.ALS && current.version().equals(seedVersion)) {
            state.setVector(rule.rebuild(state, current), current.version());
        } else {
            state.setVector(null, null);
        }
    }

    public RankedList recommend(UserState state, ModelSnapshot model, int n) {
        long t0 = System.nanoTime();
        RankedList list = recommender.recommend(state, model, n, state.userId());
        metrics.rank(System.nanoTime() - t0);
        return list;
    }

    public Recommender recommender() {
        return recommender;
    }

    private static boolean coversAll(UserState state, int[] seedMovies) {
        java.util.Set<Integer> seed = new java.util.HashSet<>();
        for (int m : seedMovies) seed.add(m);
        for (int i = 0; i < state.historySize(); i++) if (!seed.contains(state.movieAt(i))) return false;
        return true;
    }
}
