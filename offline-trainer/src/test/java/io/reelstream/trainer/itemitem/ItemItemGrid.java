package io.reelstream.trainer.itemitem;

import io.reelstream.core.itemitem.ItemNeighbours;
import io.reelstream.core.itemitem.PreferenceWeights;
import io.reelstream.core.recency.RecencyWeights;
import io.reelstream.trainer.eval.DenseItemItemRecommender;
import io.reelstream.trainer.eval.Evaluator;
import io.reelstream.trainer.eval.ItemItemRecommender;
import io.reelstream.trainer.eval.ModelEvaluation;
import io.reelstream.trainer.io.Dataset;
import io.reelstream.trainer.io.MovieLensLoader;
import io.reelstream.trainer.io.RatingsTable;
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
 * The grid the item-to-item defaults were chosen with (offline-trainer/README.md, "How the defaults
 * were judged"): fits the model for each (superlike, dislike, λ) and scores its serving form for each
 * recency (h, floor) and M, on a split of a MovieLens directory, optionally a user subsample. Not a
 * test; run by hand:
 * <pre>
 *   mvn -B -ntp -q -pl offline-trainer -am test-compile
 *   mvn -B -ntp -q -pl offline-trainer dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 *   java -cp offline-trainer/target/test-classes:offline-trainer/target/classes:core/target/classes:$(cat /tmp/cp.txt) \
 *     io.reelstream.trainer.itemitem.ItemItemGrid data=data/ml-latest-small final=false lambda=200,300 dislike=-0.25,-0.5 \
 *     h=0,5,8 floor=0.1,0.2 M=200 [mode=rel] [split=last1] [userfrac=0.5 seed=1] [cap=2000 K=128] [dense=true]
 * </pre>
 * h=0 means no recency. userfrac keeps each user with that probability (a hash of the id and seed).
 */
public class ItemItemGrid {
    static double[] parse(String s) { return Arrays.stream(s.split(",")).mapToDouble(Double::parseDouble).toArray(); }
    static ItemNeighbours absCut(float[] B, int n, int M) {
        int[] start = new int[n+1]; int[] nb = new int[n*M]; float[] wt = new float[n*M]; int w = 0;
        io.reelstream.core.rank.TopK top = new io.reelstream.core.rank.TopK(M); int[] ro = new int[M]; float[] so = new float[M];
        for (int j = 0; j < n; j++) { top.reset(); for (int i = 0; i < n; i++) if (i != j && B[j*n+i] != 0) top.offer(i, Math.abs(B[j*n+i]));
            int c = top.drainBestFirst(M, ro, so); for (int t = 0; t < c; t++) { nb[w] = ro[t]; wt[w] = B[j*n+ro[t]]; w++; } start[j+1] = w; }
        return new ItemNeighbours(n, start, Arrays.copyOf(nb, w), Arrays.copyOf(wt, w));
    }
    public static void main(String[] a) throws Exception {
        Map<String,String> o = new HashMap<>();
        for (String s : a) { String[] kv = s.split("=",2); o.put(kv[0], kv[1]); }
        Dataset data = MovieLensLoader.load(Path.of(o.getOrDefault("data","data/ml-latest-small")), false);
        boolean fin = Boolean.parseBoolean(o.getOrDefault("final","false"));
        SplitMode mode = SplitMode.parse(o.getOrDefault("split","temporal"));
        RatingsTable r = data.ratings();
        double userFrac = Double.parseDouble(o.getOrDefault("userfrac","1"));
        if (userFrac < 1) {
            long seed = Long.parseLong(o.getOrDefault("seed","1"));
            BitSet keep = new BitSet(r.size());
            for (int i = 0; i < r.size(); i++) {
                long h = (r.user(i) * 0x9E3779B97F4A7C15L) ^ seed; h ^= h>>>31; h *= 0xBF58476D1CE4E5B9L; h ^= h >>> 29;
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
        System.out.printf("data %s final=%s users %d items %d nnz %d scored %d%n", o.get("data"), fin, f.userCount(), f.itemCount(), f.nnz(), ho.users());
        double[] lams = parse(o.getOrDefault("lambda","400"));
        boolean rel = o.getOrDefault("mode","abs").equals("rel");
        double[] dis = parse(o.getOrDefault("dislike","-0.5"));
        double[] sup = parse(o.getOrDefault("superlike","1"));
        double[] hs = parse(o.getOrDefault("h","5"));
        double[] fl = parse(o.getOrDefault("floor","0.3"));
        double[] Ms = parse(o.getOrDefault("M","200"));
        int cap = Integer.parseInt(o.getOrDefault("cap","40000"));
        int K = Integer.parseInt(o.getOrDefault("K","128"));
        boolean dense = Boolean.parseBoolean(o.getOrDefault("dense","false"));
        for (double s : sup) for (double d : dis) for (double lam : lams) {
            PreferenceWeights w = new PreferenceWeights((float) s, 1f, (float) d, (float) d);
            long t0 = System.nanoTime();
            ItemItemParams p = new ItemItemParams(lam, rel ? ItemItemParams.LambdaMode.RELATIVE : ItemItemParams.LambdaMode.ABSOLUTE,
                    (int) Arrays.stream(Ms).max().getAsDouble(), w, cap, true, K);
            ItemItemModel m = ItemItemFit.fit(f, p, 2).model();
            double fitS = (System.nanoTime()-t0)/1e9;
            for (double h : hs) for (double fo : fl) {
                RecencyWeights rw = h <= 0 ? RecencyWeights.NONE : RecencyWeights.bySwipes(h, fo);
                StringBuilder sb = new StringBuilder();
                if (dense) {
                    ModelEvaluation e = ev.evaluate(new DenseItemItemRecommender("d", m, hist, w, rw, pop.ranking()), users);
                    sb.append(String.format(" dense %.4f", e.ndcg()));
                }
                for (double M : Ms) {
                    if (o.containsKey("abs")) {
                        ItemNeighbours nb = absCut(m.denseHead(), m.headCount(), (int) M);
                        ModelEvaluation e = ev.evaluate(new ItemItemRecommender("s", nb, hist, w, rw, pop.ranking()), users);
                        sb.append(String.format(" absM%d %.4f", (int) M, e.ndcg()));
                    }
                    ItemNeighbours nb = m.tailCount() > 0 ? m.serving() : ItemNeighbours.topOfDenseByMagnitude(m.denseHead(), m.headCount(), (int) M);
                    ModelEvaluation e = ev.evaluate(new ItemItemRecommender("s", nb, hist, w, rw, pop.ranking()), users);
                    sb.append(String.format(" M%d %.4f", (int) M, e.ndcg()));
                }
                System.out.printf("sup %.2f dis %.2f lam %.3g(eff %.1f) h %.1f floor %.2f fit %.1fs |%s%n", s, d, lam, m.lambda(), h, fo, fitS, sb);
            }
        }
    }
}
