package io.reelstream.trainer.eval;

import io.reelstream.core.als.AlsModel;
import io.reelstream.core.als.AlsParams;
import io.reelstream.core.als.FoldInSolver;
import io.reelstream.core.als.ImplicitAls;
import io.reelstream.core.als.Interactions;
import io.reelstream.core.als.UserSolve;
import io.reelstream.core.preference.Preference;
import io.reelstream.core.rank.Scoring;
import io.reelstream.core.rank.TopK;
import io.reelstream.core.recency.RecencyWeights;
import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.io.Dataset;
import io.reelstream.trainer.io.MovieLensLoader;
import io.reelstream.trainer.split.ChronologicalHistory;
import io.reelstream.trainer.split.FittedData;
import io.reelstream.trainer.split.HeldOut;
import io.reelstream.trainer.split.SplitMode;
import io.reelstream.trainer.split.SplitPlan;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * How the decayed fold-in's confidence was chosen (offline-trainer/README.md): fits the shipped ALS,
 * then re-solves every user against the trained items with the history's recency weights w in two
 * forms — a: c = 1 + α·w·|p|, b: c = w·(1 + α|p|) (core Preference.confidence(p, α, w), shipped) —
 * for each half-life h and floor. Not a test; run by hand like ItemItemGrid:
 * <pre>
 *   java -cp ... io.reelstream.trainer.eval.AlsRecencyGrid data=data/ml-latest-small [final=true] h=3,5,10,20 floor=0,0.1,0.3
 * </pre>
 */
public class AlsRecencyGrid {
    public static void main(String[] a) throws Exception {
        Map<String,String> o = new HashMap<>();
        for (String s : a) { String[] kv = s.split("=",2); o.put(kv[0], kv[1]); }
        Dataset data = MovieLensLoader.load(Path.of(o.get("data")), false);
        boolean fin = Boolean.parseBoolean(o.getOrDefault("final","false"));
        SplitPlan plan = SplitPlan.of(data.ratings(), SplitMode.TEMPORAL, fin);
        FittedData f = FittedData.of(data.ratings(), plan.fitted());
        HeldOut ho = HeldOut.of(data.ratings(), plan.scored());
        ChronologicalHistory hist = ChronologicalHistory.of(f);
        AlsParams params = TrainerConfig.defaults().als().withComputeLoss(false);
        Interactions csr = Interactions.fromTriples(f.userCount(), f.itemCount(), f.userOfEntries(), f.itemOfEntries(), f.preferenceOfEntries());
        AlsModel m = ImplicitAls.fit(csr, params, (i, l, n) -> {});
        Evaluator ev = new Evaluator(f, ho, new long[f.itemCount()], 10, 2);
        int[] users = Evaluator.selectUsers(ho.users(), 0, 0);
        System.out.printf("%s final=%s als %.4f%n", o.get("data"), fin, ev.evaluate(new AlsRecommender(m), users).ndcg());
        System.out.printf("exact fold-in, no decay %.4f%n", ev.evaluate(new AlsRecencyRecommender(m, params, hist, RecencyWeights.NONE), users).ndcg());
        double[] hs = Arrays.stream(o.getOrDefault("h","3,5,10,20").split(",")).mapToDouble(Double::parseDouble).toArray();
        double[] fl = Arrays.stream(o.getOrDefault("floor","0,0.3").split(",")).mapToDouble(Double::parseDouble).toArray();
        double[] YtY = UserSolve.gramian(m.itemFactors(), m.items(), m.k());
        FoldInSolver solver = FoldInSolver.of(m.itemFactors(), m.items(), m.k(), YtY);
        for (double h : hs) for (double fo : fl) {
            RecencyWeights rw = RecencyWeights.bySwipes(h, fo);
            double B = ev.evaluate(new AlsRecencyRecommender(m, params, hist, rw), users).ndcg(); // shipped: core's form b
            // variant a: c = 1 + α·w·|p| (an old swipe sinks toward an unobserved item's confidence 1)
            RecommenderModel va = new RecommenderModel() {
                public String name() { return "b"; }
                public Recommender newRecommender() {
                    float[] scores = new float[m.items()]; float[] w = new float[hist.maxSize()]; long[] t = new long[hist.maxSize()];
                    int[] rows = new int[hist.maxSize()]; float[] cu = new float[hist.maxSize()], pu = new float[hist.maxSize()];
                    return (user, seen, n, out) -> {
                        int c = hist.size(user), from = hist.start(user);
                        for (int i = 0; i < c; i++) t[i] = hist.timeMs(from + i);
                        rw.weigh(t, c, w);
                        double wsum = 0;
                        for (int i = 0; i < c; i++) { int p = hist.preference(from+i); rows[i] = hist.item(from+i);
                            cu[i] = 1f + params.alpha() * w[i] * Math.abs(p); pu[i] = Preference.target(p); wsum += w[i]; }
                        float[] xu = solver.solve(rows, cu, pu, c, params.lambdaFor(c, YtY));
                        Scoring.scoreAll(m.itemFactors(), m.items(), m.k(), xu, scores);
                        TopK top = new TopK(n); top.reset();
                        for (int i = 0; i < scores.length; i++) if (!seen.test(i)) top.offer(i, scores[i]);
                        return top.drainBestFirst(n, out, null);
                    };
                }
            };
            double A = ev.evaluate(va, users).ndcg();
            System.out.printf("h %.0f floor %.1f  a:1+αw|p| %.4f   b:w(1+α|p|) %.4f%n", h, fo, A, B);
        }
    }
}
