package io.reelstream.bench.ranking;

import io.reelstream.core.als.AlsModel;
import io.reelstream.core.als.AlsParams;
import io.reelstream.core.als.ImplicitAls;
import io.reelstream.core.als.Interactions;
import io.reelstream.core.model.FactorFile;
import io.reelstream.core.model.FactorMatrix;
import io.reelstream.core.model.ModelRunLayout;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

/**
 * What the ranking benchmark ranks: an item catalogue, user vectors and each user's seen rows.
 * Either a trained run (models/run_<ts>/: item_factors.bin, user_factors.bin, interactions.tsv)
 * or a synthetic one with the shape of learned factors: implicit ALS fitted on Zipf-popular,
 * cluster-correlated random histories, so the factors carry the popularity direction and the
 * long tail of small norms that real ALS factors have (random normal factors would not).
 */
public final class RankingWorkload {
    final String source;
    public final FactorMatrix items;
    final float[][] users;
    final BitSet[] seen;

    private RankingWorkload(String source, FactorMatrix items, float[][] users, BitSet[] seen) {
        this.source = source;
        this.items = items;
        this.users = users;
        this.seen = seen;
    }

    /**
     * Loads a trained run. Users are its fitted user rows when user_factors.bin exists, otherwise
     * a fold-in of the first {@code maxUsers} users' histories in interactions.tsv (core
     * UserSolve, default λ and α: the topology's own update); seen rows come from interactions.tsv.
     */
    static RankingWorkload fromRun(Path runDir, int maxUsers) throws IOException {
        Path itemFile = runDir.resolve(ModelRunLayout.ITEM_FACTORS);
        if (!Files.isRegularFile(itemFile)) {
            throw new IOException("--run " + runDir + ": no " + ModelRunLayout.ITEM_FACTORS
                    + "; point --run at a models/run_<ts> directory written by the trainer");
        }
        FactorMatrix items = FactorFile.read(itemFile);
        Path interactions = runDir.resolve(ModelRunLayout.INTERACTIONS);
        Path userFile = runDir.resolve(ModelRunLayout.USER_FACTORS);
        if (!Files.isRegularFile(interactions) && !Files.isRegularFile(userFile)) {
            throw new IOException("--run " + runDir + ": neither " + ModelRunLayout.USER_FACTORS + " nor "
                    + ModelRunLayout.INTERACTIONS + " to take users from");
        }
        java.util.LinkedHashMap<Integer, List<int[]>> histories = new java.util.LinkedHashMap<>();
        if (Files.isRegularFile(interactions)) readHistories(interactions, items, maxUsers, histories);
        if (Files.isRegularFile(userFile)) {
            FactorMatrix userMatrix = FactorFile.read(userFile);
            if (userMatrix.k() != items.k()) {
                throw new IOException(userFile + " has k = " + userMatrix.k() + " but " + itemFile + " has k = " + items.k());
            }
            int count = Math.min(maxUsers, userMatrix.rows());
            float[][] users = new float[count][];
            BitSet[] seen = new BitSet[count];
            for (int u = 0; u < count; u++) {
                users[u] = userMatrix.row(u);
                seen[u] = seenRows(histories.get(userMatrix.ids()[u]), items.rows());
            }
            return new RankingWorkload("run " + runDir + " (fitted users)", items, users, seen);
        }
        int k = items.k();
        double[] YtY = io.reelstream.core.als.UserSolve.gramian(items.values(), items.rows(), k);
        AlsParams params = AlsParams.defaults();
        float[][] users = new float[histories.size()][];
        BitSet[] seen = new BitSet[histories.size()];
        int u = 0;
        for (List<int[]> history : histories.values()) {
            int count = history.size();
            int[] rows = new int[count];
            float[] cu = new float[count], pu = new float[count];
            for (int j = 0; j < count; j++) {
                rows[j] = history.get(j)[0];
                cu[j] = io.reelstream.core.preference.Preference.confidence(history.get(j)[1], params.alpha());
                pu[j] = io.reelstream.core.preference.Preference.target(history.get(j)[1]);
            }
            users[u] = io.reelstream.core.als.UserSolve.solveCholesky(items.values(), k, YtY, rows, cu, pu, count,
                    params.lambdaFor(count, YtY));
            seen[u] = seenRows(history, items.rows());
            u++;
        }
        return new RankingWorkload("run " + runDir + " (users folded in from " + ModelRunLayout.INTERACTIONS + ")",
                items, users, seen);
    }

    /** userId \t movieId \t preference \t timestamp, header first: (row, preference) per user, first maxUsers users. */
    private static void readHistories(Path file, FactorMatrix items, int maxUsers,
                                      java.util.Map<Integer, List<int[]>> histories) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine(); // header
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String[] f = line.split("\t");
                if (f.length < 3) throw new IOException(file + ":" + lineNo + ": expected userId\\tmovieId\\tpreference..., got '" + line + "'");
                int userId = Integer.parseInt(f[0].trim());
                List<int[]> history = histories.get(userId);
                if (history == null) {
                    if (histories.size() >= maxUsers) continue;
                    history = new ArrayList<>();
                    histories.put(userId, history);
                }
                int row = items.rowOf(Integer.parseInt(f[1].trim()));
                if (row >= 0) history.add(new int[] {row, Integer.parseInt(f[2].trim())});
            }
        }
    }

    private static BitSet seenRows(List<int[]> history, int rows) {
        BitSet seen = new BitSet(rows);
        if (history != null) for (int[] entry : history) seen.set(entry[0]);
        return seen;
    }

    /**
     * Synthetic histories: item popularity Zipf(1) over a random permutation; each item in one of
     * {@code clusters} taste clusters; each user likes 1–3 clusters and draws a log-normal number
     * of items (median 30), half from global popularity, half from popularity within a liked
     * cluster; 20% of draws are dislikes. Then implicit ALS (core ImplicitAls) fits X and Y.
     */
    public static RankingWorkload synthetic(int itemCount, int userCount, int k, int iterations, long seed) {
        Random rnd = new Random(seed);
        int clusters = 40;
        int[] cluster = new int[itemCount];
        int[] byPopularity = permutation(itemCount, rnd); // byPopularity[rank] = item
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < clusters; c++) members.add(new ArrayList<>());
        for (int rank = 0; rank < itemCount; rank++) {
            int item = byPopularity[rank];
            cluster[item] = rnd.nextInt(clusters);
            members.get(cluster[item]).add(item); // in popularity order within the cluster
        }
        double[] globalCdf = zipfCdf(itemCount);
        List<int[]> triples = new ArrayList<>();
        BitSet[] seen = new BitSet[userCount];
        for (int u = 0; u < userCount; u++) {
            seen[u] = new BitSet(itemCount);
            int[] liked = new int[1 + rnd.nextInt(3)];
            for (int j = 0; j < liked.length; j++) liked[j] = rnd.nextInt(clusters);
            int length = (int) Math.min(itemCount / 4, Math.max(5, Math.round(30 * Math.exp(rnd.nextGaussian() * 0.9))));
            for (int t = 0; t < length; t++) {
                int item;
                if (rnd.nextBoolean()) {
                    item = byPopularity[sample(globalCdf, rnd)];
                } else {
                    List<Integer> pool = members.get(liked[rnd.nextInt(liked.length)]);
                    if (pool.isEmpty()) continue;
                    item = pool.get(Math.min(pool.size() - 1, sample(globalCdf, rnd) * pool.size() / itemCount));
                }
                if (seen[u].get(item)) continue;
                seen[u].set(item);
                boolean inTaste = false;
                for (int c : liked) inTaste |= cluster[item] == c;
                int pref = rnd.nextDouble() < (inTaste ? 0.1 : 0.35) ? -1 - rnd.nextInt(2) : 1 + rnd.nextInt(2);
                triples.add(new int[] {u, item, pref});
            }
        }
        int[] userIdx = new int[triples.size()], itemIdx = new int[triples.size()];
        byte[] pref = new byte[triples.size()];
        for (int t = 0; t < triples.size(); t++) {
            userIdx[t] = triples.get(t)[0];
            itemIdx[t] = triples.get(t)[1];
            pref[t] = (byte) triples.get(t)[2];
        }
        Interactions ui = Interactions.fromTriples(userCount, itemCount, userIdx, itemIdx, pref);
        AlsParams params = AlsParams.defaults().withFactors(k).withIterations(iterations).withSeed(seed);
        AlsModel model = ImplicitAls.fit(ui, params, (it, loss, nanos) -> { });
        int[] ids = new int[itemCount];
        for (int i = 0; i < itemCount; i++) ids[i] = i + 1;
        FactorMatrix items = new FactorMatrix(ids, k, model.itemFactors());
        float[][] users = new float[userCount][k];
        for (int u = 0; u < userCount; u++) System.arraycopy(model.userFactors(), model.userOffset(u), users[u], 0, k);
        return new RankingWorkload("synthetic ALS: " + itemCount + " items, " + userCount + " users, "
                + ui.nnz() + " interactions, " + iterations + " iterations, seed " + seed, items, users, seen);
    }

    /**
     * Users to fit a synthetic catalogue of {@code items} with: 3000 per 13 000 items, at least 3000
     * (3000 at 13 000 items, the README's reference; 20 076 at 87 000). With a fixed 3000 (~100 000
     * draws from Zipf(1)), most of an 87 000-item catalogue is never drawn and fits to zero factors,
     * which no real model has.
     */
    public static int syntheticUsers(int items) {
        return (int) Math.max(3_000, (long) items * 3_000 / 13_000);
    }

    /**
     * Rows by ‖yi‖ descending, ties to the lower row: the popularity order of ALS factors (popular
     * movies get the longer vectors), which StreamingBench's movie ids follow. O(n·k + n·log n).
     */
    public static int[] rowsByNormDescending(FactorMatrix items) {
        int n = items.rows(), k = items.k();
        float[] Y = items.values();
        double[] norm = new double[n];
        Integer[] order = new Integer[n];
        for (int r = 0; r < n; r++) {
            order[r] = r;
            for (int a = 0; a < k; a++) norm[r] += (double) Y[r * k + a] * Y[r * k + a];
        }
        java.util.Arrays.sort(order, (x, y) -> norm[x] != norm[y] ? Double.compare(norm[y], norm[x]) : Integer.compare(x, y));
        int[] out = new int[n];
        for (int r = 0; r < n; r++) out[r] = order[r];
        return out;
    }

    /**
     * The users StreamingBench sends: each makes {@code swipesPerUser} swipes on movies drawn as
     * StreamingBench draws them (|N(0,1)|·n/4 into the catalogue by popularity, i.e. by ‖yi‖
     * descending as in SyntheticCatalogue.alsRows) with preferences from {−2, −1, +1, +2, +2},
     * folded in exactly (core FoldInSolver, default λ and α: the topology's update). Unlike fitted
     * users they have no coherent taste, so their top-N scores sit far below ‖xu‖·‖yi‖ — the hard
     * case for bound-based pruning. Items stay those of {@code base}.
     */
    static RankingWorkload randomSwipers(RankingWorkload base, int userCount, int swipesPerUser, long seed) {
        FactorMatrix items = base.items;
        int n = items.rows(), k = items.k();
        float[] Y = items.values();
        int[] order = rowsByNormDescending(items);
        AlsParams params = AlsParams.defaults();
        double[] YtY = io.reelstream.core.als.UserSolve.gramian(Y, n, k);
        io.reelstream.core.als.FoldInSolver solver = io.reelstream.core.als.FoldInSolver.of(Y, n, k, YtY);
        int[] prefs = {-2, -1, 1, 2, 2};
        Random rnd = new Random(seed);
        float[][] users = new float[userCount][];
        BitSet[] seen = new BitSet[userCount];
        for (int u = 0; u < userCount; u++) {
            seen[u] = new BitSet(n);
            int[] rows = new int[swipesPerUser];
            float[] cu = new float[swipesPerUser], pu = new float[swipesPerUser];
            int count = 0;
            for (int t = 0; t < swipesPerUser; t++) {
                int row = order[(int) Math.min(n - 1, Math.abs(rnd.nextGaussian()) * n / 4)];
                int pref = prefs[rnd.nextInt(prefs.length)];
                if (seen[u].get(row)) continue; // a repeat swipe replaces the earlier one; keep it simple
                seen[u].set(row);
                rows[count] = row;
                cu[count] = io.reelstream.core.preference.Preference.confidence(pref, params.alpha());
                pu[count] = io.reelstream.core.preference.Preference.target(pref);
                count++;
            }
            users[u] = solver.solve(rows, cu, pu, count, params.lambdaFor(count, YtY));
        }
        return new RankingWorkload(base.source + "; users: " + userCount + " random swipers × " + swipesPerUser
                + " swipes (StreamingBench's draw, exact fold-in)", items, users, seen);
    }

    /**
     * Fits implicit ALS (core defaults, k factors) on a MovieLens ratings.csv
     * (userId,movieId,rating,timestamp with a header), mapping ratings by Preference.fromRating;
     * users are the fitted user rows and their rated movies the seen rows: real learned factors
     * when no trained run exists yet.
     */
    static RankingWorkload fromRatings(Path ratingsCsv, int k, int iterations, long seed) throws IOException {
        java.util.Map<Integer, Integer> userRow = new java.util.HashMap<>(), itemRow = new java.util.HashMap<>();
        List<Integer> itemIds = new ArrayList<>();
        List<int[]> triples = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(ratingsCsv, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String[] f = line.split(",");
                if (f.length < 3) throw new IOException(ratingsCsv + ":" + lineNo + ": expected userId,movieId,rating,..., got '" + line + "'");
                int u = userRow.computeIfAbsent(Integer.parseInt(f[0]), id -> userRow.size());
                int movieId = Integer.parseInt(f[1]);
                int i = itemRow.computeIfAbsent(movieId, id -> {
                    itemIds.add(id);
                    return itemRow.size();
                });
                triples.add(new int[] {u, i, io.reelstream.core.preference.Preference.fromRating(Double.parseDouble(f[2]))});
            }
        }
        int users = userRow.size(), itemCount = itemRow.size();
        int[] userIdx = new int[triples.size()], itemIdx = new int[triples.size()];
        byte[] pref = new byte[triples.size()];
        BitSet[] seen = new BitSet[users];
        for (int u = 0; u < users; u++) seen[u] = new BitSet(itemCount);
        for (int t = 0; t < triples.size(); t++) {
            userIdx[t] = triples.get(t)[0];
            itemIdx[t] = triples.get(t)[1];
            pref[t] = (byte) triples.get(t)[2];
            seen[userIdx[t]].set(itemIdx[t]);
        }
        Interactions ui = Interactions.fromTriples(users, itemCount, userIdx, itemIdx, pref);
        AlsModel model = ImplicitAls.fit(ui, AlsParams.defaults().withFactors(k).withIterations(iterations).withSeed(seed),
                (it, loss, nanos) -> { });
        int[] ids = itemIds.stream().mapToInt(Integer::intValue).toArray();
        float[][] userVectors = new float[users][k];
        for (int u = 0; u < users; u++) System.arraycopy(model.userFactors(), model.userOffset(u), userVectors[u], 0, k);
        return new RankingWorkload("ALS on " + ratingsCsv + ": " + ui.nnz() + " ratings, " + iterations + " iterations",
                new FactorMatrix(ids, k, model.itemFactors()), userVectors, seen);
    }

    double meanSeen() {
        long total = 0;
        for (BitSet s : seen) total += s.cardinality();
        return users.length == 0 ? 0 : (double) total / users.length;
    }

    private static int[] permutation(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static double[] zipfCdf(int n) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int r = 0; r < n; r++) {
            sum += 1.0 / (r + 1);
            cdf[r] = sum;
        }
        for (int r = 0; r < n; r++) cdf[r] /= sum;
        return cdf;
    }

    private static int sample(double[] cdf, Random rnd) {
        int i = java.util.Arrays.binarySearch(cdf, rnd.nextDouble());
        return Math.min(cdf.length - 1, i >= 0 ? i : -i - 1);
    }
}
