package io.reelstream.bench.ranking;

import io.reelstream.core.model.FactorMatrix;
import io.reelstream.core.rank.TopK;
import java.nio.FloatBuffer;
import java.util.function.IntPredicate;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * scores = Y·xu by nd4j's sgemv (OpenBLAS, native), then the same TopK selection. Buffers are
 * allocated once; xu is copied into a native vector per call through an NIO view. OpenBLAS sums in blocks with FMA, so
 * its scores are not bit-identical to {@code Scoring.dot}: near-ties can swap (the bench counts
 * how often). Bench only: nd4j is never a dependency of core. Not thread-safe.
 *
 * <p>On a virtualised "AMD EPYC" OpenBLAS's runtime CPU detection picks a slow generic kernel
 * (~300 µs for 13 000 × 64); run with {@code OPENBLAS_CORETYPE=SkylakeX} (AVX-512) or Haswell.
 */
final class Nd4jGemvRanker {
    private final int rows;
    private final int k;
    private final INDArray Y;
    private final INDArray x;
    private final INDArray scores;
    private final FloatBuffer scoreView;
    private final FloatBuffer xView;
    private TopK top = new TopK(100);

    Nd4jGemvRanker(FactorMatrix items) {
        this.rows = items.rows();
        this.k = items.k();
        // One BLAS thread: the stream runs one ranking per stream thread, like every other variant here.
        Nd4j.factory().blas().setMaxThreads(1);
        // Column-major Y: OpenBLAS's sgemv_n kernel (axpy per factor) is the fast one for n ≫ k.
        this.Y = Nd4j.create(items.values(), new long[] {rows, k}, 'c').dup('f');
        this.x = Nd4j.create(DataType.FLOAT, k, 1);
        this.scores = Nd4j.create(DataType.FLOAT, rows, 1);
        this.scoreView = scores.data().asNioFloat();
        this.xView = x.data().asNioFloat();
    }

    int topN(float[] xu, int n, IntPredicate excludedRow, int[] outRows, float[] outScores) {
        int count = Math.min(n, rows);
        if (count == 0) return 0;
        xView.put(0, xu, 0, k);
        Nd4j.factory().level2().gemv('f', 'N', 1.0, Y, x, 0.0, scores); // scores = Y·xu (sgemv)
        if (top.capacity() < count) top = new TopK(count);
        top.reset(count);
        FloatBuffer s = scoreView;
        float threshold = Float.NEGATIVE_INFINITY;
        for (int r = 0; r < rows; r++) {
            float v = s.get(r);
            if (v >= threshold && (excludedRow == null || !excludedRow.test(r))) {
                top.offer(r, v);
                threshold = top.threshold();
            }
        }
        return top.drainBestFirst(count, outRows, outScores);
    }
}
