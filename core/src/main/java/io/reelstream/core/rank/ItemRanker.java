package io.reelstream.core.rank;

import io.reelstream.core.als.UserSolve;
import io.reelstream.core.model.FactorMatrix;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Exact top-N of score_i = xu · yi over a catalogue, fast enough to run on every swipe.
 * Built once per model version; returns exactly the list of {@link ExactRanker} (same rows, same
 * order, same float scores, ties to the lower row).
 *
 * <h2>How</h2>
 * <ol>
 *   <li><b>Factor-major layout.</b> {@code Yt[a][p]} holds factor a of the item at position p, so
 *       one pass per dimension is {@code acc[p] = acc[p] + x_a·Yt[a][p]} over a block of
 *       positions: the same arrays are indexed by the same p, which HotSpot C2 (JDK 17, no Vector
 *       API) turns into AVX/AVX-512 code. Dimensions go in order a = 0..k−1, with no fused
 *       multiply-add (Java never contracts), so each lane performs exactly the operations of
 *       {@link Scoring#dot}: the scores are bit-identical to the reference, not approximations.</li>
 *   <li><b>Block bounds.</b> Items are sorted by ‖yi‖ descending and cut into blocks of
 *       {@code blockSize} positions. Let μ be the unit top eigenvector of YᵀY (the popularity
 *       direction of ALS factors), yp = y·μ, y⊥ = y − yp·μ. For real numbers
 *       <pre>  x·y = xp·yp + x⊥·y⊥ ≤ max(xp·pMax_b, xp·pMin_b) + ‖x⊥‖·perpMax_b   (Cauchy–Schwarz on y⊥)
 *  x·y ≤ ‖x‖·normMax_b</pre>
 *       and the float32 dot of {@link Scoring#dot} (recursive summation, Higham §3.1) is within
 *       γ_k·Σ|x_a·y_a| + k·2⁻¹⁵⁰ ≤ γ_k·‖x‖·‖y‖ + k·2⁻¹⁵⁰ of x·y, γ_k = k·u/(1 − k·u), u = 2⁻²⁴.
 *       So fl(x·y) ≤ min(both bounds) + 2γ_k·‖x‖·normMax_b + 10⁻⁹·‖x‖·normMax_b + 10⁻³⁸, the
 *       last two terms covering the double arithmetic of the bound itself with orders of
 *       magnitude to spare. A block whose bound is strictly below the current N-th best exact
 *       score cannot hold a winner (not even on a tie) and is skipped without touching its
 *       factors. Blocks are visited best bound first, so the threshold rises early and the first
 *       block whose bound falls below it ends the scan (the list is the same in any order: the
 *       top-N is a function of the scores, ties to the lower row). The bound assumes no overflow: when ‖x‖·max‖y‖ could overflow float, pruning is
 *       off for that call (the scan stays exact, only slower).</li>
 *   <li><b>Selection.</b> Exact scores that reach the current threshold go to a {@link TopK}
 *       keyed by the original row; the exclusion predicate is asked only for those candidates.</li>
 *   <li><b>Low-precision scans</b> ({@link Scan#INT8}, the default on Java 21+, whose C2 vectorises
 *       byte → float: ŷ_i = s_i·q_i with q_i in int8 and one scale per item, a quarter of the
 *       bytes; {@link Scan#FP16}: binary16 copies, half the bytes, see {@link HalfFloats}). Blocks
 *       are scored from the copies ŷ and every survivor is rescored exactly. With
 *       d_i = ‖yi − ŷi‖ measured per item at build time, the float32 sum s̃_i of x·ŷi satisfies
 *       <pre>  |fl(x·yi) − s̃_i| ≤ γ_k‖x‖‖yi‖ + ‖x‖d_i + γ_k‖x‖(‖yi‖ + d_i) = ‖x‖·(2γ_k‖yi‖ + (1 + γ_k)d_i)</pre>
 *       (the exact dot's rounding, the factors' rounding, the low-precision dot's rounding; INT8 adds
 *       u(1 + γ_k)‖x‖(‖yi‖ + d_i) for the product with s_i), so with the
 *       block's largest such slack m_b, s̃_i ± ‖x‖·m_b bound the exact score. The N-th best lower
 *       bound so far replaces the threshold: an item whose upper bound is below it is beaten by N
 *       others and dropped; blocks are pruned against it as above. At the end only candidates
 *       whose upper bound still reaches the final threshold (typically N plus a few) are scored
 *       exactly, row-major, in the order of {@link Scoring#dot} — the same float as the fp32 scan.</li>
 * </ol>
 *
 * <p>Costs: build O(n·k² + n·log n) once per model; a call O(k + blocks²) for the bounds and their order (blocks ≈ 13) plus
 * O(scanned·k) for the kernel and O(candidates·log N) for the heap, with scanned ≤ n (FP16 adds
 * O(rescored·k) for the exact rescoring, rescored ≈ N). Memory: a factor-major copy of Y (n·k
 * floats, or n·k binary16 values with FP16, which also keeps a reference to Y itself) shared by
 * all threads, plus n floats per {@link Session}.
 *
 * <p>Thread-safety: an ItemRanker is immutable after {@link #build} and can be shared. Scratch
 * space lives in a {@link Session}, which is not thread-safe: hold one per thread (a Kafka
 * Streams processor per task), or call {@link #topN} here, which uses a per-thread session
 * (a ThreadLocal; allocation-free once the thread has ranked with its largest n; a thread that
 * switches to another ranker, e.g. a new model version, gets a new session and drops the old).
 */
public final class ItemRanker {
    /** Positions per block: measured best on 13 000 × 64 ALS factors (README, Figures, Ranking: 64–1024 scan within 3% of the same items; longer SIMD loops win). */
    public static final int DEFAULT_BLOCK_SIZE = 1024;
    /** Initial top-N capacity of a session; larger n grows it once. */
    public static final int DEFAULT_MAX_N = 100;

    private static final double UNIT_ROUNDOFF = 0x1p-24;
    /** Covers the double-precision evaluation of the bound (errors ~1e-15 relative). */
    private static final double BOUND_ARITHMETIC_SLACK = 1e-9;
    /** ≥ k·2⁻¹⁵⁰, the absolute error from products that underflow into subnormals. */
    private static final double ABSOLUTE_SLACK = 1e-38;
    /** Scores bounded by this cannot overflow float on the way, so the error bound holds. */
    private static final double OVERFLOW_SAFE = Float.MAX_VALUE / 4.0;
    private static final int POWER_ITERATIONS = 60;

    /**
     * How blocks are scored: float32 factors; binary16 copies; or int8 copies with one scale per
     * item (ŷ_i = s_i·q_i, |q| ≤ 127). The last two rescore their survivors exactly.
     */
    public enum Scan { FP32, FP16, INT8 }

    private final int rows;
    private final int k;
    private final Scan scan;
    private final float[] Y;
    /** Factor-major binary16 copy (FP16), else null. */
    private final short[][] Yh;
    /** Factor-major int8 copy and each position's scale s (INT8), else null. */
    private final byte[][] Yq;
    private final float[] qScale;
    /** Per block (FP16, INT8): the largest slack of its items (class comment), times (1 + slack). */
    private final double[] blockApproxSlack;
    /** Per block (INT8): max(1, largest scale), the factor on the underflow slack. */
    private final double[] blockScaleMax;
    private final int blockSize;
    private final int blocks;
    private final boolean pruning;
    private final float[][] Yt;
    private final int[] rowAt;
    private final double[] mu;
    private final double[] blockNormMax;
    private final double[] blockProjMax;
    private final double[] blockProjMin;
    private final double[] blockPerpMax;
    private final double maxNorm;
    private final double relativeSlack;
    /**
     * One session per thread for {@link #topN}, replaced when the thread ranks with another
     * ItemRanker. Static on purpose: a per-instance ThreadLocal whose value (the session) points
     * back at its ranker is never cleared while the thread lives, so every model version would
     * leak its factors into each long-lived stream thread.
     */
    private static final ThreadLocal<Session> SESSIONS = new ThreadLocal<>();

    private ItemRanker(FactorMatrix items, int blockSize, boolean pruning, Scan requested) {
        RankArgs.checkItems(items);
        if (blockSize <= 0) throw new IllegalArgumentException("blockSize must be > 0, got " + blockSize);
        this.rows = items.rows();
        this.k = items.k();
        this.blockSize = blockSize;
        this.blocks = (rows + blockSize - 1) / blockSize;
        this.pruning = pruning;
        this.relativeSlack = 2 * gamma(k) + BOUND_ARITHMETIC_SLACK;
        float[] Y = items.values();
        this.Y = Y;

        double[] norm = new double[rows];
        for (int r = 0; r < rows; r++) norm[r] = Math.sqrt(dotDouble(Y, r * k, Y, r * k, k));
        this.rowAt = sortedByNormDescending(norm);
        this.mu = popularityDirection(Y, rows, k);

        short[][] half = requested == Scan.FP16 ? halfCopy(Y, rows, k, rowAt) : null;
        float[] scales = requested == Scan.INT8 ? new float[rows] : null;
        byte[][] bytes = requested == Scan.INT8 ? byteCopy(Y, rows, k, rowAt, scales) : null;
        this.scan = half != null ? Scan.FP16 : bytes != null ? Scan.INT8 : Scan.FP32;
        this.Yh = half;
        this.Yq = bytes;
        this.qScale = bytes != null ? scales : null;
        if (scan == Scan.FP32) {
            this.Yt = new float[k][rows];
            for (int p = 0; p < rows; p++) {
                int off = rowAt[p] * k;
                for (int a = 0; a < k; a++) Yt[a][p] = Y[off + a];
            }
        } else {
            this.Yt = null;
        }
        this.blockApproxSlack = scan == Scan.FP32 ? null : new double[blocks];
        this.blockScaleMax = scan == Scan.INT8 ? new double[blocks] : null;

        this.blockNormMax = new double[blocks];
        this.blockProjMax = new double[blocks];
        this.blockProjMin = new double[blocks];
        this.blockPerpMax = new double[blocks];
        double[] yPerp = new double[k];
        double overall = 0;
        for (int b = 0; b < blocks; b++) {
            double nMax = 0, pMax = Double.NEGATIVE_INFINITY, pMin = Double.POSITIVE_INFINITY, perpMax = 0;
            for (int p = b * blockSize, e = Math.min(rows, p + blockSize); p < e; p++) {
                int off = rowAt[p] * k;
                double yp = projectOut(Y, off, mu, k, yPerp);
                nMax = Math.max(nMax, norm[rowAt[p]]);
                pMax = Math.max(pMax, yp);
                pMin = Math.min(pMin, yp);
                perpMax = Math.max(perpMax, Math.sqrt(dotDouble(yPerp, yPerp, k)));
            }
            blockNormMax[b] = nMax;
            blockProjMax[b] = pMax;
            blockProjMin[b] = pMin;
            blockPerpMax[b] = perpMax;
            overall = Math.max(overall, nMax);
            if (scan != Scan.FP32) blockApproxSlack[b] = approxSlack(Y, b, norm);
        }
        this.maxNorm = overall;
    }

    /** The production ranker: factor-major scan with block bounds, {@link #DEFAULT_BLOCK_SIZE}, {@link #defaultScan()}. */
    public static ItemRanker build(FactorMatrix items) {
        return new ItemRanker(items, DEFAULT_BLOCK_SIZE, true, defaultScan());
    }

    /** A ranker with a chosen block size; pruning = false scans every block (to measure what the pruning saves). */
    public static ItemRanker build(FactorMatrix items, int blockSize, boolean pruning) {
        return new ItemRanker(items, blockSize, pruning, defaultScan());
    }

    /**
     * A ranker with a chosen scan. FP16 falls back to FP32 when a factor does not fit binary16
     * (|y| ≥ 65 520); {@link #scan()} says which one was built. Both return the same lists.
     */
    public static ItemRanker build(FactorMatrix items, int blockSize, boolean pruning, Scan scan) {
        return new ItemRanker(items, blockSize, pruning, scan);
    }

    /**
     * INT8 where this JVM's C2 vectorises byte → float (Java 21+; measured on 25: a cold full scan in
     * half the time of float32), else FP32 (Java 17 converts one byte at a time).
     */
    public static Scan defaultScan() {
        return Runtime.version().feature() >= 21 ? Scan.INT8 : Scan.FP32;
    }

    public Scan scan() {
        return scan;
    }

    public int rows() {
        return rows;
    }

    public int k() {
        return k;
    }

    public int blocks() {
        return blocks;
    }

    public int blockSize() {
        return blockSize;
    }

    /** Scratch for one thread. */
    public Session newSession() {
        return new Session();
    }

    /**
     * The best min(n, rows) rows for xu, best first, into outRows (scores into outScores unless
     * null); returns how many were written (fewer when rows are excluded). Uses this thread's
     * session. {@code excludedRow} (null = none) must be side-effect free: it is asked only about
     * rows that could enter the list.
     *
     * @throws IllegalArgumentException n ≤ 0, xu of the wrong length or not finite, outputs too short
     */
    public int topN(float[] xu, int n, IntPredicate excludedRow, int[] outRows, float[] outScores) {
        Session session = SESSIONS.get();
        if (session == null || session.owner() != this) {
            session = newSession();
            SESSIONS.set(session);
        }
        return session.topN(xu, n, excludedRow, outRows, outScores);
    }

    /** Per-thread scratch: the block's score buffer and the top-N heap. Not thread-safe. */
    public final class Session {
        private final float[] acc = new float[rows];
        private final double[] blockBound = new double[blocks];
        private final int[] blockOrder = new int[blocks];
        private TopK top = new TopK(Math.max(1, Math.min(DEFAULT_MAX_N, rows)));
        /** FP16: the N best lower bounds so far; its threshold bounds the N-th best exact score from below. */
        private TopK lower = new TopK(Math.max(1, Math.min(DEFAULT_MAX_N, rows)));
        private int[] candidateRow = new int[256];
        private float[] candidateApprox = new float[256];
        private double[] candidateMargin = new double[256];
        private int candidates;
        private int lastBlocksScored;
        private int lastRescored;

        private Session() {}

        private ItemRanker owner() {
            return ItemRanker.this;
        }

        /** Same contract as {@link ItemRanker#topN}. */
        public int topN(float[] xu, int n, IntPredicate excludedRow, int[] outRows, float[] outScores) {
            int count = RankArgs.check(xu, k, rows, n, outRows, outScores);
            lastBlocksScored = 0;
            lastRescored = 0;
            if (count == 0) return 0;
            if (Scoring.isZero(xu)) return Scoring.lowestRows(rows, count, excludedRow, outRows, outScores);
            if (top.capacity() < count) {
                top = new TopK(count);
                lower = new TopK(count);
            }
            top.reset(count);

            // ‖x‖, xp = x·μ and ‖x⊥‖ in double: the inputs of every block bound. O(k).
            double xNorm = Math.sqrt(dotDouble(xu, xu, k));
            double xp = 0, perp2 = 0;
            for (int a = 0; a < k; a++) xp += xu[a] * mu[a];
            for (int a = 0; a < k; a++) {
                double d = xu[a] - xp * mu[a];
                perp2 += d * d;
            }
            double xPerp = Math.sqrt(perp2);
            // INT8 also needs Σ x_a·q_a (|q| ≤ 127, before the scale) to stay finite
            boolean prune = pruning && xNorm * maxNorm * (1 + relativeSlack) < OVERFLOW_SAFE
                    && (scan != Scan.INT8 || xNorm * 127 * Math.sqrt(k) < OVERFLOW_SAFE);

            if (!prune) {
                if (scan != Scan.FP32) {
                    // beyond the bounds' range: score every row exactly, row-major (never seen with real factors)
                    for (int row = 0; row < rows; row++) {
                        if (excludedRow == null || !excludedRow.test(row)) top.offer(row, Scoring.dot(Y, row * k, xu, k));
                    }
                    lastBlocksScored = blocks;
                    return top.drainBestFirst(count, outRows, outScores);
                }
                for (int b = 0; b < blocks; b++) scanBlock(xu, b, excludedRow);
                return top.drainBestFirst(count, outRows, outScores);
            }
            // Best bound first: the blocks likeliest to hold winners raise the threshold early, so
            // later blocks are pruned and fewer scores enter the heap. A user whose vector points
            // away from the popularity direction has its winners among the short (late) vectors.
            for (int b = 0; b < blocks; b++) blockBound[b] = upperBound(b, xNorm, xp, xPerp);
            sortByBoundDescending();
            if (scan != Scan.FP32) return topNApprox(xu, count, excludedRow, outRows, outScores, xNorm);
            for (int i = 0; i < blocks; i++) {
                int b = blockOrder[i];
                // bounds only fall from here on: once one is below the N-th best score, all are
                if (top.size() == count && blockBound[b] < top.threshold()) break;
                scanBlock(xu, b, excludedRow);
            }
            return top.drainBestFirst(count, outRows, outScores);
        }

        /**
         * The FP16 scan (class comment, item 4): blocks best bound first, pruned against the N-th
         * best lower bound; the candidates whose upper bound reaches the final one scored exactly.
         */
        private int topNApprox(float[] xu, int count, IntPredicate excludedRow, int[] outRows, float[] outScores,
                             double xNorm) {
            lower.reset(count);
            candidates = 0;
            for (int i = 0; i < blocks; i++) {
                int b = blockOrder[i];
                if (lower.size() == count && blockBound[b] < lower.threshold()) break;
                int start = b * blockSize, end = Math.min(rows, start + blockSize);
                double margin = xNorm * blockApproxSlack[b];
                if (scan == Scan.FP16) {
                    Scoring.scoreHalfColumns(Yh, k, xu, acc, start, end);
                    margin += ABSOLUTE_SLACK;
                } else {
                    Scoring.scoreByteColumns(Yq, k, xu, acc, start, end);
                    for (int p = start; p < end; p++) acc[p] *= qScale[p];
                    margin += ABSOLUTE_SLACK * blockScaleMax[b]; // products' underflow, times the scale
                }
                float cut = lower.size() == count ? floatBelow(lower.threshold() - margin) : Float.NEGATIVE_INFINITY;
                // 64 scores at a time: a chunk whose best approximation is below the cut holds no
                // candidate (most chunks, once N are kept). Measured: the FP16 scan 44 → 35 µs a call
                // with it; the FP32 scan's lighter loop gained nothing from it, so it has none.
                for (int chunk = start; chunk < end; chunk += CHUNK) {
                    int chunkEnd = Math.min(end, chunk + CHUNK);
                    if (cut != Float.NEGATIVE_INFINITY && maxOf(acc, chunk, chunkEnd) < cut) continue;
                    for (int p = chunk; p < chunkEnd; p++) {
                        float approx = acc[p];
                        if (approx >= cut) {
                            int row = rowAt[p];
                            if (excludedRow != null && excludedRow.test(row)) continue;
                            addCandidate(row, approx, margin);
                            lower.offer(row, floatBelow(approx - margin));
                            if (lower.size() == count) cut = floatBelow(lower.threshold() - margin);
                        }
                    }
                }
                lastBlocksScored++;
            }
            float threshold = lower.threshold();
            for (int c = 0; c < candidates; c++) {
                if (candidateApprox[c] + candidateMargin[c] < threshold) continue; // beaten by N lower bounds
                int row = candidateRow[c];
                top.offer(row, Scoring.dot(Y, row * k, xu, k));
                lastRescored++;
            }
            return top.drainBestFirst(count, outRows, outScores);
        }

        private void addCandidate(int row, float approx, double margin) {
            if (candidates == candidateRow.length) {
                candidateRow = Arrays.copyOf(candidateRow, 2 * candidates);
                candidateApprox = Arrays.copyOf(candidateApprox, 2 * candidates);
                candidateMargin = Arrays.copyOf(candidateMargin, 2 * candidates);
            }
            candidateRow[candidates] = row;
            candidateApprox[candidates] = approx;
            candidateMargin[candidates] = margin;
            candidates++;
        }

        private void scanBlock(float[] xu, int b, IntPredicate excludedRow) {
            int start = b * blockSize, end = Math.min(rows, start + blockSize);
            Scoring.scoreColumns(Yt, k, xu, acc, start, end);
            Scoring.offerColumns(acc, rowAt, start, end, excludedRow, top);
            lastBlocksScored++;
        }

        /** blockOrder = 0..blocks−1 by blockBound descending, ties by lower block. Insertion sort: O(blocks²), blocks ≈ 13. */
        private void sortByBoundDescending() {
            for (int i = 0; i < blocks; i++) {
                int b = i;
                int j = i - 1;
                while (j >= 0 && blockBound[blockOrder[j]] < blockBound[b]) {
                    blockOrder[j + 1] = blockOrder[j];
                    j--;
                }
                blockOrder[j + 1] = b;
            }
        }

        /** Blocks whose factors the last call scanned (the rest were pruned by their bound). */
        public int lastBlocksScored() {
            return lastBlocksScored;
        }

        /** FP16: items the last call kept as candidates from the half-precision scan (0 for FP32). */
        public int lastCandidates() {
            return candidates;
        }

        /** FP16: items the last call scored exactly after the half-precision scan (0 for FP32). */
        public int lastRescored() {
            return lastRescored;
        }
    }

    /** An upper bound on fl(x·y) over block b; see the class comment. O(1). */
    private double upperBound(int b, double xNorm, double xp, double xPerp) {
        double directional = Math.max(xp * blockProjMax[b], xp * blockProjMin[b]) + xPerp * blockPerpMax[b];
        double cauchySchwarz = xNorm * blockNormMax[b];
        return Math.min(directional, cauchySchwarz) + relativeSlack * xNorm * blockNormMax[b] + ABSOLUTE_SLACK;
    }

    /** Approximate scores per chunk of the FP16 scan's candidate pass. */
    private static final int CHUNK = 64;

    /** max of the non-NaN values in acc[start, end), −∞ if none: compare-and-select, cheaper than Math.max's NaN rules. */
    private static float maxOf(float[] acc, int start, int end) {
        float m = Float.NEGATIVE_INFINITY;
        for (int p = start; p < end; p++) {
            float v = acc[p];
            m = v > m ? v : m;
        }
        return m;
    }

    /** The largest float ≤ v (v in double; −infinity stays). */
    private static float floatBelow(double v) {
        float f = (float) v;
        return f > v ? Math.nextDown(f) : f;
    }

    /**
     * Factor-major binary16 copy of Y in position order, or null when a factor does not fit
     * binary16 (the ranker then scans float32). O(n·k).
     */
    private static short[][] halfCopy(float[] Y, int rows, int k, int[] rowAt) {
        short[][] half = new short[k][rows];
        for (int p = 0; p < rows; p++) {
            int off = rowAt[p] * k;
            for (int a = 0; a < k; a++) {
                short h = HalfFloats.fromFloat(Y[off + a]);
                if (!Float.isFinite(HalfFloats.toFloat(h))) return null;
                half[a][p] = h;
            }
        }
        return half;
    }

    /**
     * max over block b of (2γ_k + ε)‖yi‖ + (1 + γ_k + ε)·‖yi − ŷi‖, inflated for the double
     * arithmetic; ε = u(1 + γ_k) covers INT8's rounding of acc·s_i, 0 for FP16. O(blockSize·k).
     */
    private double approxSlack(float[] Y, int b, double[] norm) {
        double gamma = gamma(k), epsilon = scan == Scan.INT8 ? UNIT_ROUNDOFF * (1 + gamma) : 0, worst = 0, scaleMax = 1;
        for (int p = b * blockSize, e = Math.min(rows, p + blockSize); p < e; p++) {
            int row = rowAt[p], off = row * k;
            double d2 = 0;
            for (int a = 0; a < k; a++) {
                double approx = scan == Scan.FP16 ? HalfFloats.toFloat(Yh[a][p]) : (double) qScale[p] * Yq[a][p]; // exact in double
                double d = (double) Y[off + a] - approx;
                d2 += d * d;
            }
            double yNorm = norm[row];
            worst = Math.max(worst, (2 * gamma + epsilon + BOUND_ARITHMETIC_SLACK) * yNorm + (1 + gamma + epsilon) * Math.sqrt(d2));
            if (scan == Scan.INT8) scaleMax = Math.max(scaleMax, qScale[p]);
        }
        if (scan == Scan.INT8) blockScaleMax[b] = scaleMax;
        return worst * (1 + BOUND_ARITHMETIC_SLACK);
    }

    /**
     * Factor-major int8 copy of Y in position order, scale[p] = max_a |y_a| / 127 of the item at
     * position p (0 for a zero row), q = round(y / scale). O(n·k).
     */
    private static byte[][] byteCopy(float[] Y, int rows, int k, int[] rowAt, float[] scale) {
        byte[][] q = new byte[k][rows];
        for (int p = 0; p < rows; p++) {
            int off = rowAt[p] * k;
            float max = 0;
            for (int a = 0; a < k; a++) max = Math.max(max, Math.abs(Y[off + a]));
            float s = max / 127f;
            if (s == 0f || !Float.isFinite(s)) continue; // q stays 0; the measured error covers the row
            scale[p] = s;
            for (int a = 0; a < k; a++) q[a][p] = (byte) Math.max(-127, Math.min(127, Math.round(Y[off + a] / s)));
        }
        return q;
    }

    /** γ_k = k·u / (1 − k·u): the relative error bound of a k-term float32 dot product. */
    static double gamma(int k) {
        double ku = k * UNIT_ROUNDOFF;
        if (ku >= 0.5) throw new IllegalArgumentException("k = " + k + " is too large for a float32 error bound");
        return ku / (1 - ku);
    }

    /** Row indices by descending norm, ties by lower row (deterministic). O(n·log n). */
    private static int[] sortedByNormDescending(double[] norm) {
        Integer[] order = new Integer[norm.length];
        for (int r = 0; r < order.length; r++) order[r] = r;
        Arrays.sort(order, (i, j) -> norm[i] != norm[j] ? Double.compare(norm[j], norm[i]) : Integer.compare(i, j));
        int[] out = new int[order.length];
        for (int p = 0; p < out.length; p++) out[p] = order[p];
        return out;
    }

    /**
     * μ = unit top eigenvector of YᵀY by power iteration from the mean item (ALS factors share a
     * popularity direction, so this converges in a few steps); any unit vector keeps the bound
     * valid, a good one only makes it tighter. O(n·k² + iterations·k²).
     */
    private static double[] popularityDirection(float[] Y, int rows, int k) {
        double[] v = new double[k];
        for (int r = 0; r < rows; r++) for (int a = 0; a < k; a++) v[a] += Y[r * k + a];
        if (normalize(v) == 0) v[0] = 1;
        if (rows == 0) return v;
        double[] YtY = UserSolve.gramian(Y, rows, k);
        double[] next = new double[k];
        for (int it = 0; it < POWER_ITERATIONS; it++) {
            for (int a = 0; a < k; a++) {
                double s = 0;
                for (int c = 0; c < k; c++) s += YtY[a * k + c] * v[c];
                next[a] = s;
            }
            if (normalize(next) == 0) break;
            System.arraycopy(next, 0, v, 0, k);
        }
        return v;
    }

    private static double normalize(double[] v) {
        double n = Math.sqrt(dotDouble(v, v, v.length));
        if (n > 0) for (int a = 0; a < v.length; a++) v[a] /= n;
        return n;
    }

    /** Writes y⊥ = y − (y·μ)·μ into perp and returns y·μ. */
    private static double projectOut(float[] Y, int off, double[] mu, int k, double[] perp) {
        double yp = 0;
        for (int a = 0; a < k; a++) yp += Y[off + a] * mu[a];
        for (int a = 0; a < k; a++) perp[a] = Y[off + a] - yp * mu[a];
        return yp;
    }

    private static double dotDouble(float[] u, int uOff, float[] v, int vOff, int k) {
        double s = 0;
        for (int a = 0; a < k; a++) s += (double) u[uOff + a] * v[vOff + a];
        return s;
    }

    private static double dotDouble(float[] u, float[] v, int k) {
        return dotDouble(u, 0, v, 0, k);
    }

    private static double dotDouble(double[] u, double[] v, int k) {
        double s = 0;
        for (int a = 0; a < k; a++) s += u[a] * v[a];
        return s;
    }
}
