package io.reelstream.core.rank;

/** Dot-product scoring of one user vector against row-major item factors Y (n × k). O(n·k). */
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
}
