package io.reelstream.demo.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelstream.core.als.AlsParams;
import io.reelstream.core.als.FoldInSolver;
import io.reelstream.core.als.UserSolve;
import io.reelstream.core.model.FactorFile;
import io.reelstream.core.model.FactorMatrix;
import io.reelstream.core.model.ModelRunLayout;
import io.reelstream.core.preference.Preference;
import io.reelstream.core.rank.Scoring;
import io.reelstream.core.rank.TopK;
import io.reelstream.demo.replay.ReplaySlice;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The replay of the static and fold-in rules computed without Kafka, from the run's files and core maths only: each user
 * starts from the trained vector (user_factors.bin) and the fitted history (interactions.tsv); before
 * a positive swipe, is the movie in the exact top-K of x_u over the movies outside the history? After
 * a swipe on a known movie, x_u = the core ALS user solve (FoldInSolver, as the topology) over the whole history
 * (x_u = (YᵀY + Yᵀ(C_u−I)Y + λ_u·I)⁻¹ YᵀC_u p_u, with λ_u = core AlsParams.lambdaFor(n_u, YᵀY) and
 * λ, α and the regularization mode from the run's manifest).
 * The static rule keeps the trained vector and only grows the seen filter. The topology must find
 * exactly these hits: same history, same equation, same exact ranking.
 */
public final class ReplayOracle {
    private ReplayOracle() {}

    /** Hits of the fold-in replay of {@code slice} against run {@code runDir}, at K = k. */
    public static long foldInHits(Path runDir, ReplaySlice slice, int k) throws IOException {
        return hits(runDir, slice, k, true);
    }

    /** Hits of the static replay (trained vectors throughout, the history only filters). */
    public static long staticHits(Path runDir, ReplaySlice slice, int k) throws IOException {
        return hits(runDir, slice, k, false);
    }

    private static long hits(Path runDir, ReplaySlice slice, int k, boolean foldIn) throws IOException {
        FactorMatrix Y = FactorFile.read(runDir.resolve(ModelRunLayout.ITEM_FACTORS));
        FactorMatrix X = FactorFile.read(runDir.resolve(ModelRunLayout.USER_FACTORS));
        JsonNode config = new ObjectMapper().readTree(runDir.resolve(ModelRunLayout.MANIFEST).toFile()).path("config");
        AlsParams als = AlsParams.defaults()
                .withLambda(Double.parseDouble(config.path("als.lambda").asText()))
                .withAlpha(Float.parseFloat(config.path("als.alpha").asText()))
                .withRegularization(AlsParams.Regularization.valueOf(
                        config.path("als.regularization").asText().toUpperCase(Locale.ROOT)));
        double[] YtY = UserSolve.gramian(Y.values(), Y.rows(), Y.k());
        FoldInSolver solver = FoldInSolver.of(Y.values(), Y.rows(), Y.k(), YtY);

        Map<Integer, List<int[]>> history = fittedHistory(runDir.resolve(ModelRunLayout.INTERACTIONS));
        Map<Integer, float[]> vectors = new HashMap<>();
        long hits = 0;
        for (int i = 0; i < slice.size(); i++) {
            int user = slice.userId(i);
            int movie = slice.movieId(i);
            int preference = slice.preference(i);
            List<int[]> h = history.computeIfAbsent(user, u -> new ArrayList<>());
            float[] xu = vectors.computeIfAbsent(user, u -> X.row(X.rowOf(u)));
            if (Preference.isPositive(preference) && inTopK(Y, xu, seenRows(Y, h), movie, k)) hits++;
            if (Y.rowOf(movie) < 0) continue; // dead-lettered by the topology: nothing changes
            h.add(new int[] {movie, preference});
            if (foldIn) vectors.put(user, solve(Y, YtY, solver, h, als));
        }
        return hits;
    }

    private static float[] solve(FactorMatrix Y, double[] YtY, FoldInSolver solver, List<int[]> h, AlsParams als) {
        int[] rows = new int[h.size()];
        float[] cu = new float[h.size()];
        float[] pu = new float[h.size()];
        int n = 0;
        for (int[] e : h) {
            int row = Y.rowOf(e[0]);
            if (row < 0) continue;
            rows[n] = row;
            cu[n] = Preference.confidence(e[1], als.alpha());
            pu[n] = Preference.target(e[1]);
            n++;
        }
        return solver.solve(rows, cu, pu, n, als.lambdaFor(Math.max(1, n), YtY));
    }

    private static BitSet seenRows(FactorMatrix Y, List<int[]> h) {
        BitSet seen = new BitSet(Y.rows());
        for (int[] e : h) {
            int row = Y.rowOf(e[0]);
            if (row >= 0) seen.set(row);
        }
        return seen;
    }

    /** Full scan with TopK (ties to the lower row), the reference the topology's ranker matches. */
    private static boolean inTopK(FactorMatrix Y, float[] xu, BitSet seen, int movie, int k) {
        TopK top = new TopK(k);
        for (int j = 0; j < Y.rows(); j++) {
            if (!seen.get(j)) top.offer(j, Scoring.dot(Y.values(), j * Y.k(), xu, Y.k()));
        }
        int[] rows = new int[k];
        float[] scores = new float[k];
        int count = top.drainBestFirst(k, rows, scores);
        for (int i = 0; i < count; i++) if (Y.ids()[rows[i]] == movie) return true;
        return false;
    }

    /** interactions.tsv: userId, movieId, preference, timestamp with a header. */
    private static Map<Integer, List<int[]>> fittedHistory(Path file) throws IOException {
        Map<Integer, List<int[]>> out = new HashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            out.computeIfAbsent(Integer.parseInt(f[0]), u -> new ArrayList<>())
                    .add(new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2])});
        }
        return out;
    }
}
