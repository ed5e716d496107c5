package io.reelstream.trainer.eval;

import io.reelstream.core.eval.MetricsAccumulator;
import io.reelstream.core.eval.RankingMetrics;
import io.reelstream.trainer.split.FittedData;
import io.reelstream.trainer.split.HeldOut;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * PROTOCOL.md's offline evaluation of several models side by side: for every scored user (≥ 1
 * relevant item in the scored slice) each model ranks the fitted items minus the user's fitted
 * items, and core's {@link RankingMetrics} scores the top K against the relevant set. Coverage is
 * over the fitted items. Users are split across threads, each with its own recommenders and
 * accumulators, merged at the end.
 */
public final class Evaluator {
    private final FittedData fitted;
    private final HeldOut heldOut;
    private final long[] genreMaskOfItem;
    private final int k;
    private final int threads;

    /**
     * @param genreMaskOfItem genre bit mask per fitted item index, for the diversity figure
     */
    public Evaluator(FittedData fitted, HeldOut heldOut, long[] genreMaskOfItem, int k, int threads) {
        if (k <= 0) throw new IllegalArgumentException("K must be > 0, got " + k);
        this.fitted = fitted;
        this.heldOut = heldOut;
        this.genreMaskOfItem = genreMaskOfItem;
        this.k = k;
        this.threads = Math.max(1, threads);
    }

    /**
     * Scored-user indices to evaluate: all, or a seeded random sample of maxUsers (for very large
     * data sets), in ascending order.
     */
    public static int[] selectUsers(int scoredUsers, int maxUsers, long seed) {
        int[] all = new int[scoredUsers];
        for (int i = 0; i < scoredUsers; i++) all[i] = i;
        if (maxUsers <= 0 || maxUsers >= scoredUsers) return all;
        Random random = new Random(seed);
        for (int i = 0; i < maxUsers; i++) { // partial Fisher–Yates
            int j = i + random.nextInt(scoredUsers - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] sample = Arrays.copyOf(all, maxUsers);
        Arrays.sort(sample);
        return sample;
    }

    public List<ModelEvaluation> evaluate(List<RecommenderModel> models, int[] users) {
        List<ModelEvaluation> out = new ArrayList<>();
        for (RecommenderModel model : models) out.add(evaluate(model, users));
        return out;
    }

    public ModelEvaluation evaluate(RecommenderModel model, int[] users) {
        ModelEvaluation.PerUser rows = ModelEvaluation.PerUser.ofSize(users.length);
        int chunks = Math.min(threads, Math.max(1, users.length));
        List<MetricsAccumulator> partial = new ArrayList<>();
        if (chunks == 1) {
            partial.add(evaluateRange(model, users, 0, users.length, rows));
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(chunks);
            try {
                List<Future<MetricsAccumulator>> futures = new ArrayList<>();
                for (int c = 0; c < chunks; c++) {
                    int from = (int) ((long) users.length * c / chunks);
                    int to = (int) ((long) users.length * (c + 1) / chunks);
                    futures.add(pool.submit(() -> evaluateRange(model, users, from, to, rows)));
                }
                for (Future<MetricsAccumulator> f : futures) partial.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("evaluation of " + model.name() + " interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("evaluation of " + model.name() + " failed: " + e.getCause(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        MetricsAccumulator total = new MetricsAccumulator(k, fitted.itemCount());
        for (MetricsAccumulator p : partial) total.merge(p);
        MetricsAccumulator.Summary s = total.summary();
        double diversity = users.length == 0 ? 0 : Arrays.stream(rows.diversity()).average().orElse(0);
        return new ModelEvaluation(model.name(), k, s.users(), s.recall(), s.precision(), s.ndcg(), s.coverage(),
                diversity, rows);
    }

    private MetricsAccumulator evaluateRange(RecommenderModel model, int[] users, int from, int to,
                                             ModelEvaluation.PerUser rows) {
        Recommender recommender = model.newRecommender();
        MetricsAccumulator acc = new MetricsAccumulator(k, fitted.itemCount());
        BitSet seen = new BitSet(fitted.itemCount());
        int[] ranked = new int[k];
        for (int i = from; i < to; i++) {
            int scoredUser = users[i];
            int userId = heldOut.userId(scoredUser);
            int user = fitted.users().indexOf(userId);
            if (user >= 0) for (int j = fitted.start(user); j < fitted.end(user); j++) seen.set(fitted.item(j));
            int n = recommender.recommend(user, seen::get, k, ranked);
            if (user >= 0) for (int j = fitted.start(user); j < fitted.end(user); j++) seen.clear(fitted.item(j));
            int[] rankedIndices = Arrays.copyOf(ranked, n);
            int[] rankedIds = new int[n];
            for (int r = 0; r < n; r++) rankedIds[r] = fitted.items().id(ranked[r]);
            int[] relevant = heldOut.relevant(scoredUser);
            RankingMetrics.UserScores scores = RankingMetrics.score(rankedIds, k, relevant);
            acc.add(rankedIndices, scores);
            rows.userId()[i] = userId;
            rows.relevant()[i] = relevant.length;
            rows.hits()[i] = scores.hits();
            rows.recall()[i] = scores.recall();
            rows.precision()[i] = scores.precision();
            rows.ndcg()[i] = scores.ndcg();
            rows.diversity()[i] = GenreDiversity.of(ranked, n, genreMaskOfItem);
        }
        return acc;
    }
}
