package io.reelstream.trainer.content;

import io.reelstream.core.rank.TopK;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The top-K most similar items of every item, never a dense N × N matrix: O(N·K) memory, a reused
 * core {@link TopK} per thread (ties to the lower index = lower movieId). Rather than scanning all N
 * items per row, items are grouped by genre set ({@link GenreGroups}: ~1,000 groups for ML-32M's
 * 87k movies) and each group offers only its best members, so a row costs O(groups + offered)
 * instead of O(N); the plain scan is kept as the tested reference.
 */
public final class ContentNeighbours {
    public static final int DEFAULT_K = 50;

    private final Similarity similarity;
    private final int k;
    private final int[] neighbour; // items × k, -1 = none
    private final float[] score;

    private ContentNeighbours(Similarity similarity, int k, int[] neighbour, float[] score) {
        this.similarity = similarity;
        this.k = k;
        this.neighbour = neighbour;
        this.score = score;
    }

    public static ContentNeighbours compute(ContentFeatures features, Similarity similarity, int k, int threads) {
        if (k <= 0) throw new IllegalArgumentException("content neighbours K must be > 0, got " + k);
        int n = features.items();
        int[] neighbour = new int[Math.multiplyExact(n, k)];
        float[] score = new float[neighbour.length];
        Arrays.fill(neighbour, -1);
        GenreGroups groups = GenreGroups.of(features, similarity);
        int chunks = Math.max(1, Math.min(threads, n));
        ExecutorService pool = Executors.newFixedThreadPool(chunks);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < chunks; c++) {
                int chunk = c;
                futures.add(pool.submit(() -> {
                    TopK top = new TopK(k);
                    int[] idx = new int[k];
                    float[] sim = new float[k];
                    for (int i = chunk; i < n; i += chunks) { // interleaved rows balance the threads
                        top.reset();
                        for (int g = 0; g < groups.count(); g++) groups.offerBest(features, similarity, i, g, top);
                        int got = top.drainBestFirst(k, idx, sim);
                        System.arraycopy(idx, 0, neighbour, i * k, got);
                        System.arraycopy(sim, 0, score, i * k, got);
                    }
                }));
            }
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("content neighbours interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("content neighbours failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new ContentNeighbours(similarity, k, neighbour, score);
    }

    /** The plain O(N²) scan for one item: the reference the grouped search is tested against. */
    static int bruteForce(ContentFeatures features, Similarity similarity, int item, int k, int[] outIndex, float[] outScore) {
        TopK top = new TopK(k);
        for (int j = 0; j < features.items(); j++) if (j != item) top.offer(j, features.similarity(similarity, item, j));
        return top.drainBestFirst(k, outIndex, outScore);
    }

    public Similarity similarity() { return similarity; }
    public int k() { return k; }
    public int items() { return neighbour.length / k; }

    /** j-th neighbour (best first) of item, or -1. */
    public int neighbour(int item, int j) { return neighbour[item * k + j]; }

    public float score(int item, int j) { return score[item * k + j]; }
}
