package io.reelstream.core.rank;

import java.util.function.IntPredicate;

/**
 * Dot-product scoring of one user vector against item factors: row-major Y (n × k), or factor-major
 * Yt (k arrays of one column per item, the exact rankers' layout: core ItemRanker, topology IvfRanker).
 */
public final class Scoring {
    private Scoring() {}

    /** score_i = xu · yi for i in [0, n), written into out. */
    public static void scoreAll(float[] Y, int n, int k, float[] xu, float[] out) {
        for (int i = 0; i < n; i++) out[i] = dot(Y, i * k, xu, k);
    }

    public static float dot(float[] Y, int off, float[] x, int k) {
        float s = 0;
        for (int a = 0; a < k; a++) s += Y[off + a] * x[a];
        return s;
    }

    /**
     * acc[p] = Σ_a x_a·Yt[a][p] for p in [start, end), summed in order a = 0..k−1 exactly as
     * {@link #dot} does; four dimensions per pass halve the loads and stores of acc without
     * changing the order of the additions. O((end − start)·k), SIMD by C2.
     */
    public static void scoreColumns(float[][] Yt, int k, float[] x, float[] acc, int start, int end) {
        for (int p = start; p < end; p++) acc[p] = 0f;
        int a = 0;
        for (; a + 4 <= k; a += 4) {
            final float w0 = x[a], w1 = x[a + 1], w2 = x[a + 2], w3 = x[a + 3];
            final float[] y0 = Yt[a], y1 = Yt[a + 1], y2 = Yt[a + 2], y3 = Yt[a + 3];
            for (int p = start; p < end; p++) {
                acc[p] = acc[p] + w0 * y0[p] + w1 * y1[p] + w2 * y2[p] + w3 * y3[p];
            }
        }
        for (; a < k; a++) {
            final float w = x[a];
            final float[] y = Yt[a];
            for (int p = start; p < end; p++) acc[p] = acc[p] + w * y[p];
        }
    }

    /**
     * acc[p] = Σ_a x_a·half(Yh[a][p]) for p in [start, end): {@link #scoreColumns} over binary16
     * factors, four dimensions per pass. Not the exact score (the factors are rounded to 11
     * significant bits): {@link ItemRanker} bounds the difference and rescores the survivors
     * exactly. O((end − start)·k); SIMD by C2 only with Java 20's conversions ({@link HalfFloats}).
     */
    public static void scoreHalfColumns(short[][] Yh, int k, float[] x, float[] acc, int start, int end) {
        for (int p = start; p < end; p++) acc[p] = 0f;
        int a = 0;
        for (; a + 4 <= k; a += 4) {
            final float w0 = x[a], w1 = x[a + 1], w2 = x[a + 2], w3 = x[a + 3];
            final short[] y0 = Yh[a], y1 = Yh[a + 1], y2 = Yh[a + 2], y3 = Yh[a + 3];
            for (int p = start; p < end; p++) {
                acc[p] = acc[p] + w0 * HalfFloats.toFloat(y0[p]) + w1 * HalfFloats.toFloat(y1[p])
                        + w2 * HalfFloats.toFloat(y2[p]) + w3 * HalfFloats.toFloat(y3[p]);
            }
        }
        for (; a < k; a++) {
            final float w = x[a];
            final short[] y = Yh[a];
            for (int p = start; p < end; p++) acc[p] = acc[p] + w * HalfFloats.toFloat(y[p]);
        }
    }

    /**
     * acc[p] = Σ_a x_a·Yq[a][p] for p in [start, end): {@link #scoreColumns} over int8 factors
     * (the caller multiplies by each item's scale). Vectorised by C2 on Java 21+ (byte → float
     * conversion in SIMD), not on 17. O((end − start)·k).
     */
    public static void scoreByteColumns(byte[][] Yq, int k, float[] x, float[] acc, int start, int end) {
        for (int p = start; p < end; p++) acc[p] = 0f;
        int a = 0;
        for (; a + 4 <= k; a += 4) {
            final float w0 = x[a], w1 = x[a + 1], w2 = x[a + 2], w3 = x[a + 3];
            final byte[] y0 = Yq[a], y1 = Yq[a + 1], y2 = Yq[a + 2], y3 = Yq[a + 3];
            for (int p = start; p < end; p++) acc[p] = acc[p] + w0 * y0[p] + w1 * y1[p] + w2 * y2[p] + w3 * y3[p];
        }
        for (; a < k; a++) {
            final float w = x[a];
            final byte[] y = Yq[a];
            for (int p = start; p < end; p++) acc[p] = acc[p] + w * y[p];
        }
    }

    /**
     * Offers acc[p], p in [start, end), as row rowAt[p] to {@code top} when it reaches the threshold
     * (NaN never does; equal scores may still win on a lower row), skipping excluded rows. O(end − start).
     */
    public static void offerColumns(float[] acc, int[] rowAt, int start, int end, IntPredicate excludedRow, TopK top) {
        float threshold = top.threshold();
        for (int p = start; p < end; p++) {
            float s = acc[p];
            if (s >= threshold) {
                int row = rowAt[p];
                if (excludedRow != null && excludedRow.test(row)) continue;
                top.offer(row, s);
                threshold = top.threshold();
            }
        }
    }

    /**
     * The exact answer for xu = 0: every score is +0.0f (x_a·y = ±0 and +0 + −0 = +0 in order), so
     * every row ties and the lowest non-excluded rows win — what a scan would return, without reading
     * the factors. O(count + excluded rows met).
     */
    public static int lowestRows(int rows, int count, IntPredicate excludedRow, int[] outRows, float[] outScores) {
        int written = 0;
        for (int row = 0; row < rows && written < count; row++) {
            if (excludedRow != null && excludedRow.test(row)) continue;
            outRows[written] = row;
            if (outScores != null) outScores[written] = 0f;
            written++;
        }
        return written;
    }

    /** True when every component is ±0. */
    public static boolean isZero(float[] x) {
        for (float v : x) if (v != 0f) return false;
        return true;
    }
}
