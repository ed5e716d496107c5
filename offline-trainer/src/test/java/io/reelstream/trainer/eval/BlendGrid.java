package io.reelstream.trainer.eval;

import io.reelstream.core.als.AlsModel;
import io.reelstream.core.als.AlsParams;
import io.reelstream.core.als.FoldInSolver;
import io.reelstream.core.als.ImplicitAls;
import io.reelstream.core.als.Interactions;
import io.reelstream.core.als.UserSolve;
import io.reelstream.core.itemitem.ItemNeighbours;
import io.reelstream.core.itemitem.PreferenceWeights;
import io.reelstream.core.preference.Preference;
import io.reelstream.core.rank.Scoring;
import io.reelstream.core.rank.TopK;
import io.reelstream.core.recency.RecencyWeights;
import io.reelstream.trainer.io.Dataset;
import io.reelstream.trainer.io.MovieLensLoader;
import io.reelstream.trainer.io.RatingsTable;
import io.reelstream.trainer.itemitem.ItemItemFit;
import io.reelstream.trainer.itemitem.ItemItemParams;
import io.reelstream.trainer.popularity.PopularityModel;
import io.reelstream.trainer.split.ChronologicalHistory;
import io.reelstream.trainer.split.FittedData;
import io.reelstream.trainer.split.HeldOut;
import io.reelstream.trainer.split.SplitMode;
import io.reelstream.trainer.split.SplitPlan;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The grid the blend's formula was chosen with (offline-trainer/README.md, "The blend"): fits ALS and
 * the item-to-item model once with the shipped defaults, then scores
 * score_i = (1 − β)·norm(itemitem_i) + β·norm(als_i) for several normalisations and β on a split of a
 * MovieLens directory, optionally a user subsample. Not a test; run by hand (classpath as in ItemItemGrid):
 * <pre>
 *   java -cp ... io.reelstream.trainer.eval.BlendGrid data=data/ml-latest-small final=false beta=0,0.1,0.2,0.3 \
 *     norms=max,z,minmax [vectors=trained,recency] [userfrac=0.5 seed=1] [split=last1] [alsseed=S]
 * </pre>
 * norm max: s / max over the user's candidates of |s|; z: (s − mean) / std over the catalogue;
 * minmax: (s − min) / (max − min) over the catalogue. Items the item-to-item model does not reach score 0 in it.
 * vectors trained: the ALS side scores the trained user factors; recency: the decayed fold-in (what core
 * BlendScorer's callers use: max with the decayed fold-in was chosen). The grid's own arithmetic, not
 * BlendScorer, so that the variants can be compared; BlendBarTest checks the shipped form.
 */
public class BlendGrid {
    static double[] parse(String s) { return Arrays.stream(s.split(",")).mapToDouble(Double::parseDouble).toArray(); }

    public static void main(String[] a) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (String s : a) { String[] kv = s.split("=", 2); o.put(kv[0], kv[1]); }
        Dataset data = MovieLensLoader.load(Path.of(o.getOrDefault("data", "data/ml-latest-small")), false);
        boolean fin = Boolean.parseBoolean(o.getOrDefault("final", "false"));
        SplitMode mode = SplitMode.parse(o.getOrDefault("split", "temporal"));
        RatingsTable r = data.ratings();
        double userFrac = Double.parseDouble(o.getOrDefault("userfrac", "1"));
        if (userFrac < 1) {
            long seed = Long.parseLong(o.getOrDefault("seed", "1"));
            BitSet keep = new BitSet(r.size());
            for (int i = 0; i < r.size(); i++) {
                long h = (r.user(i) * 0x9E3779B97F4A7C15L) ^ seed; h ^= h >>> 31; h *= 0xBF58476D1CE4E5B9L; h ^= h >>> 29;
                if ((h & 0xffffff) < userFrac * 0x1000000) keep.set(i);
            }
            r.retain(keep);
        }
        SplitPlan plan = SplitPlan.of(r, mode, fin);
        FittedData f = FittedData.of(r, plan.fitted());
        HeldOut ho = HeldOut.of(r, plan.scored());
        ChronologicalHistory hist = ChronologicalHistory.of(f);
        PopularityModel pop = PopularityModel.fit(f, 20);
        Evaluator ev = new Evaluator(f, ho, new long[f.itemCount()], 10, 2);
        int[] users = Evaluator.selectUsers(ho.users(), 0, 0);
        System.out.printf("data %s final=%s users %d items %d nnz %d scored %d%n", o.get("data"), fin, f.userCount(),
                f.itemCount(), f.nnz(), ho.users());
        AlsParams ap = AlsParams.defaults().withThreads(2).withComputeLoss(false)
                .withSeed(Long.parseLong(o.getOrDefault("alsseed", String.valueOf(AlsParams.DEFAULT_SEED))));
        Interactions csr = Interactions.fromTriples(f.userCount(), f.itemCount(), f.userOfEntries(), f.itemOfEntries(),
                f.preferenceOfEntries());
        AlsModel als = ImplicitAls.fit(csr, ap, io.reelstream.core.als.AlsListener.NONE);
        PreferenceWeights w = PreferenceWeights.of(-0.25f);
        RecencyWeights rw = RecencyWeights.bySwipes(5, 0.1);
        ItemItemParams ip = new ItemItemParams(300, ItemItemParams.LambdaMode.ABSOLUTE, 200, w, 20000, true, 128);
        ItemNeighbours nb = ItemItemFit.fit(f, ip, 2).model().serving();
        System.out.printf("als %.4f itemitem %.4f%n", ev.evaluate(new AlsRecommender(als), users).ndcg(),
                ev.evaluate(new ItemItemRecommender("ii", nb, hist, w, rw, pop.ranking()), users).ndcg());
        for (String vectors : o.getOrDefault("vectors", "trained").split(",")) {
            for (String norm : o.getOrDefault("norms", "max,z,minmax").split(",")) {
                StringBuilder sb = new StringBuilder();
                for (double beta : parse(o.getOrDefault("beta", "0,0.1,0.2,0.3,0.5"))) {
                    ModelEvaluation e = ev.evaluate(new Variant(als, ap, nb, hist, w, rw, pop.ranking(), norm, (float) beta,
                            vectors.equals("recency")), users);
                    sb.append(String.format(" b%.2f %.4f", beta, e.ndcg()));
                }
                System.out.printf("vectors %-8s norm %-7s |%s%n", vectors, norm, sb);
            }
        }
    }

    record Variant(AlsModel als, AlsParams ap, ItemNeighbours nb, ChronologicalHistory hist, PreferenceWeights w,
                   RecencyWeights rw, int[] fallback, String norm, float beta, boolean recencyVectors) implements RecommenderModel {
        @Override public String name() { return norm + beta; }

        @Override public Recommender newRecommender() {
            int n = als.items(), k = als.k();
            float[] sa = new float[n], si = new float[n], xu = new float[k];
            boolean[] reached = new boolean[n];
            HistoryWeights h = new HistoryWeights(hist, w, rw);
            double[] YtY = UserSolve.gramian(als.itemFactors(), n, k);
            FoldInSolver solver = FoldInSolver.of(als.itemFactors(), n, k, YtY);
            TopK top = new TopK(64);
            return (user, seen, kk, out) -> {
                Arrays.fill(si, 0f);
                Arrays.fill(reached, false);
                int count = h.fill(user);
                for (int t = 0; t < count; t++) {
                    int j = h.rows[t]; float v = h.value[t];
                    for (int e = nb.start(j); e < nb.end(j); e++) { si[nb.neighbour(e)] += v * nb.weight(e); reached[nb.neighbour(e)] = true; }
                }
                float[] x;
                if (recencyVectors && count > 0) {
                    float[] cu = new float[count], pu = new float[count];
                    for (int t = 0; t < count; t++) {
                        cu[t] = Preference.confidence(h.preference[t], ap.alpha(), h.decay[t]);
                        pu[t] = Preference.target(h.preference[t]);
                    }
                    x = solver.solve(h.rows, cu, pu, count, ap.lambdaFor(count, YtY));
                } else {
                    if (user >= 0) System.arraycopy(als.userFactors(), als.userOffset(user), xu, 0, k); else Arrays.fill(xu, 0f);
                    x = xu;
                }
                Scoring.scoreAll(als.itemFactors(), n, k, x, sa);
                normalise(si, reached, seen, n, true);
                normalise(sa, null, seen, n, false);
                top.reset(kk);
                for (int i = 0; i < n; i++) {
                    if (seen.test(i)) continue;
                    top.offer(i, (1 - beta) * si[i] + beta * sa[i]);
                }
                int got = top.drainBestFirst(kk, out, null);
                return ItemItemRecommender.topUp(fallback, seen, kk, out, got);
            };
        }

        void normalise(float[] s, boolean[] reached, java.util.function.IntPredicate seen, int n, boolean sparse) {
            switch (norm) {
                case "max" -> {
                    float m = 0;
                    for (int i = 0; i < n; i++) if (!seen.test(i)) m = Math.max(m, Math.abs(s[i]));
                    if (m > 0) for (int i = 0; i < n; i++) s[i] /= m;
                }
                case "z" -> {
                    double sum = 0, sq = 0; int c = 0;
                    for (int i = 0; i < n; i++) if (!seen.test(i)) { sum += s[i]; sq += s[i] * s[i]; c++; }
                    double mean = sum / c, sd = Math.sqrt(Math.max(1e-30, sq / c - mean * mean));
                    for (int i = 0; i < n; i++) s[i] = (float) ((s[i] - mean) / sd);
                }
                case "minmax" -> {
                    float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
                    for (int i = 0; i < n; i++) if (!seen.test(i)) { lo = Math.min(lo, s[i]); hi = Math.max(hi, s[i]); }
                    float range = hi - lo;
                    for (int i = 0; i < n; i++) s[i] = range > 0 ? (s[i] - lo) / range : 0;
                }
                default -> throw new IllegalArgumentException(norm);
            }
        }
    }
}
