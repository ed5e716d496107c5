package io.reelstream.bench.ranking;

import io.reelstream.core.model.FactorMatrix;
import io.reelstream.core.rank.Scoring;
import io.reelstream.core.rank.TopK;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * The quantise-then-rescore design, kept in the benchmark to measure it against ItemRanker:
 * int8 codes per item with a per-item scale (13 000 × 64 bytes = 832 KB, fits L2), an upper
 * bound on each item's exact score, and an exact {@link Scoring#dot} rescore only for items whose
 * bound reaches the current N-th best exact score. Exact, like ItemRanker.
 *
 * <pre>
 *   yi = s_i·c_i + e_i,  c_i ∈ [−127, 127]^k,  s_i = max_a |y_ia| / 127
 *   x·yi = s_i·(x·c_i) + x·e_i ≤ s_i·(x·c_i) + ‖x‖·‖e_i‖                     (Cauchy–Schwarz)
 *   fl(x·yi) ≤ that + 2γ_k·‖x‖·‖yi‖ + 1e-9·‖x‖·‖yi‖ + 1e-38                 (float dot rounding, double slack)
 * </pre>
 * x·c_i is summed in double (each product exact: 24 + 8 bits), items are visited by descending
 * norm so ‖x‖·‖yi‖ ends the scan once it falls below the threshold. Cost per call: O(n·k) scalar
 * multiply-adds — HotSpot 17 does not vectorise byte→float conversion, which is why this loses to
 * ItemRanker's fp32 SIMD scan on this JVM (with the Vector API it would not). Not thread-safe.
 */
final class QuantisedRanker {
    private final int rows;
    private final int k;
    private final float[] Y;
    private final byte[] codes;     // row-major by sorted position
    private final double[] scale;   // by sorted position
    private final double[] errNorm; // ‖e_i‖ by sorted position
    private final double[] norm;    // ‖y_i‖ by sorted position
    private final int[] rowAt;
    private final double relativeSlack;
    private TopK top = new TopK(100);

    QuantisedRanker(FactorMatrix items) {
        this.rows = items.rows();
        this.k = items.k();
        this.Y = items.values();
        this.codes = new byte[rows * k];
        this.scale = new double[rows];
        this.errNorm = new double[rows];
        this.norm = new double[rows];
        double[] rawNorm = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int a = 0; a < k; a++) s += (double) Y[r * k + a] * Y[r * k + a];
            rawNorm[r] = Math.sqrt(s);
        }
        Integer[] order = new Integer[rows];
        for (int r = 0; r < rows; r++) order[r] = r;
        Arrays.sort(order, (i, j) -> rawNorm[i] != rawNorm[j] ? Double.compare(rawNorm[j], rawNorm[i]) : Integer.compare(i, j));
        this.rowAt = new int[rows];
        for (int p = 0; p < rows; p++) {
            int r = order[p];
            rowAt[p] = r;
            norm[p] = rawNorm[r];
            double max = 0;
            for (int a = 0; a < k; a++) max = Math.max(max, Math.abs(Y[r * k + a]));
            double s = max > 0 ? max / 127 : 1;
            double e2 = 0;
            for (int a = 0; a < k; a++) {
                double y = Y[r * k + a];
                long c = Math.round(y / s);
                codes[p * k + a] = (byte) Math.max(-127, Math.min(127, c));
                double e = y - s * codes[p * k + a];
                e2 += e * e;
            }
            scale[p] = s;
            errNorm[p] = Math.sqrt(e2);
        }
        double ku = k * 0x1p-24;
        this.relativeSlack = 2 * ku / (1 - ku) + 1e-9;
    }

    /** Same contract as ItemRanker.topN (n > 0 assumed, finite xu). */
    int topN(float[] xu, int n, IntPredicate excludedRow, int[] outRows, float[] outScores) {
        int count = Math.min(n, rows);
        if (count == 0) return 0;
        if (top.capacity() < count) top = new TopK(count);
        top.reset(count);
        double xNorm = 0;
        for (int a = 0; a < k; a++) xNorm += (double) xu[a] * xu[a];
        xNorm = Math.sqrt(xNorm);
        double threshold = Double.NEGATIVE_INFINITY;
        for (int p = 0; p < rows; p++) {
            double slack = relativeSlack * xNorm * norm[p] + 1e-38;
            if (xNorm * norm[p] + slack < threshold) break; // every later item has a smaller norm
            double approx = 0;
            int off = p * k;
            for (int a = 0; a < k; a++) approx += xu[a] * (double) codes[off + a];
            double bound = scale[p] * approx + xNorm * errNorm[p] + slack;
            if (bound < threshold) continue;
            int row = rowAt[p];
            if (excludedRow != null && excludedRow.test(row)) continue;
            top.offer(row, Scoring.dot(Y, row * k, xu, k));
            threshold = top.threshold();
        }
        return top.drainBestFirst(count, outRows, outScores);
    }
}
