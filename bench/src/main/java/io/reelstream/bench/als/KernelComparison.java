package io.reelstream.bench.als;

import io.reelstream.core.als.AlsParams;
import io.reelstream.core.als.ImplicitAls;
import io.reelstream.core.als.Interactions;
import io.reelstream.core.als.UserSolve;
import io.reelstream.core.preference.Preference;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.util.SplittableRandom;

/**
 * Times the two ALS kernels on nd4j-native (OpenBLAS) against the plain-Java ones, on the bench's
 * own data: the sweep's gramian YᵀY (items × k, and users × k), and the per-row CG solve
 * (the same equations as {@link UserSolve#solveCG}, written with nd4j ops over the gathered rows Yu).
 * Single-threaded Java vs nd4j with its own (OpenBLAS/OpenMP) threads, best of a few repeats.
 *
 * <p>Measured on the ML-20M-shaped set (2-core AMD EPYC, JDK 17, k = 64): XᵀX of 138 000 users,
 * Java 68 ms vs nd4j 9 ms (39 ms counting the copy into nd4j); YᵀY of 13 000 items, 6 vs 8 ms; the
 * per-row CG solve, Java 12 µs/row vs nd4j 4 083 µs/row (one JNI call per tiny op). The gramians
 * are ~1 % of an iteration, so nd4j could save at most that, at the price of ~120 MB of natives:
 * the fit keeps the Java kernels, and nd4j stays an optional dependency of this module only.
 */
final class KernelComparison {
    private static final int REPEATS = 5;
    private static final int SAMPLE_ROWS = 2_000;

    private final PrintStream out;

    KernelComparison(PrintStream out) {
        this.out = out;
    }

    void run(Interactions R, AlsParams params) {
        int k = params.factors();
        SplittableRandom rnd = new SplittableRandom(params.seed());
        float[] X = randomFactors(R.rows(), k, rnd);
        float[] Y = randomFactors(R.cols(), k, rnd);
        out.println("kernels: nd4j " + Nd4j.getBackend().getClass().getSimpleName() + " vs Java, best of " + REPEATS);
        compareGramian("YtY items", Y, R.cols(), k);
        compareGramian("XtX users", X, R.rows(), k);
        compareRowSolve(R, X, Y, params);
    }

    private void compareGramian(String name, float[] F, int n, int k) {
        double java = best(() -> ImplicitAls.gramian(F, n, k, 1));
        INDArray M = Nd4j.create(F, new long[]{n, k}, 'c');
        double nd4j = best(() -> M.transpose().mmul(M).getFloat(0));
        double nd4jWithCopy = best(() -> {
            INDArray C = Nd4j.create(F, new long[]{n, k}, 'c');
            return C.transpose().mmul(C).getFloat(0);
        });
        out.printf("  %s (%,d x %d): java %.1f ms, nd4j %.1f ms (%.1f ms with the copy into nd4j)%n",
                name, n, k, java * 1e3, nd4j * 1e3, nd4jWithCopy * 1e3);
    }

    /** Solves the first SAMPLE_ROWS users with ≥ 1 entry, both ways, warm from the same start. */
    private void compareRowSolve(Interactions R, float[] X, float[] Y, AlsParams params) {
        int k = params.factors();
        int steps = Math.max(1, params.cgSteps());
        double[] YtY = ImplicitAls.gramian(Y, R.cols(), k, 1);
        float[][] YtYf = UserSolve.toFloatRows(YtY, k);
        int rows = Math.min(SAMPLE_ROWS, R.rows());
        long entries = 0;
        for (int u = 0; u < rows; u++) entries += R.count(u);
        UserSolve.Scratch s = new UserSolve.Scratch(k, R.maxRowCount());
        float[] Xj = X.clone();
        double java = best(() -> {
            System.arraycopy(X, 0, Xj, 0, rows * k);
            for (int u = 0; u < rows; u++) {
                int count = fill(R, u, params.alpha(), s);
                UserSolve.solveCG(Y, k, YtYf, s.items(), s.cu(), s.pu(), count, params.lambda(), Xj, u * k, steps, s);
            }
            return Xj[0];
        });
        INDArray Ynd = Nd4j.create(Y, new long[]{R.cols(), k}, 'c');
        INDArray YtYnd = Nd4j.create(toFloat(YtY), new long[]{k, k}, 'c');
        float[] Xn = X.clone();
        double nd4j = best(() -> {
            for (int u = 0; u < rows; u++) {
                int count = fill(R, u, params.alpha(), s);
                float[] xu = solveCgNd4j(Ynd, YtYnd, s, count, (float) params.lambda(), X, u * k, k, steps);
                System.arraycopy(xu, 0, Xn, u * k, k);
            }
            return Xn[0];
        });
        double maxDiff = 0;
        for (int a = 0; a < rows * k; a++) maxDiff = Math.max(maxDiff, Math.abs(Xj[a] - Xn[a]));
        out.printf("  row solve, CG %d steps, %,d rows / %,d entries: java %.1f us/row, nd4j %.1f us/row"
                        + " (max |diff| %.2e); a full user sweep would take java %.1f s, nd4j %.1f s (1 thread)%n",
                steps, rows, entries, java / rows * 1e6, nd4j / rows * 1e6, maxDiff,
                java / entries * R.nnz(), nd4j / entries * R.nnz());
    }

    /** UserSolve's CG with nd4j ops: Ap = (YᵀY + λI)p + Yuᵀ((c − 1)∘(Yu·p)), on the gathered rows Yu. */
    private static float[] solveCgNd4j(INDArray Y, INDArray YtY, UserSolve.Scratch s, int count, float lambda,
                                       float[] X, int off, int k, int steps) {
        int[] idx = java.util.Arrays.copyOf(s.items(), count);
        INDArray Yu = Y.getRows(idx); // count × k
        float[] cm1 = new float[count];
        float[] cp = new float[count];
        for (int j = 0; j < count; j++) {
            cm1[j] = s.cu()[j] - 1f;
            cp[j] = s.cu()[j] * s.pu()[j];
        }
        INDArray Cm1 = Nd4j.create(cm1, new long[]{count, 1}, 'c');
        INDArray b = Yu.transpose().mmul(Nd4j.create(cp, new long[]{count, 1}, 'c')); // b = YᵀCu·pu
        INDArray x = Nd4j.create(java.util.Arrays.copyOfRange(X, off, off + k), new long[]{k, 1}, 'c');
        INDArray r = b.sub(multiply(YtY, Yu, Cm1, x, lambda)); // r = b − A·x
        INDArray p = r.dup();
        double rsold = r.mul(r).sumNumber().doubleValue();
        for (int step = 0; step < steps && rsold > 1e-20; step++) {
            INDArray Ap = multiply(YtY, Yu, Cm1, p, lambda);
            double alpha = rsold / p.mul(Ap).sumNumber().doubleValue();
            x.addi(p.mul(alpha));
            r.subi(Ap.mul(alpha));
            double rsnew = r.mul(r).sumNumber().doubleValue();
            p = r.add(p.mul(rsnew / rsold));
            rsold = rsnew;
        }
        return x.data().asFloat();
    }

    private static INDArray multiply(INDArray YtY, INDArray Yu, INDArray Cm1, INDArray v, float lambda) {
        INDArray Yv = Yu.mmul(v).muli(Cm1); // (c − 1)∘(Yu·v)
        return YtY.mmul(v).addi(v.mul(lambda)).addi(Yu.transpose().mmul(Yv));
    }

    private static int fill(Interactions R, int u, float alpha, UserSolve.Scratch s) {
        int start = R.start(u);
        int count = R.end(u) - start;
        for (int j = 0; j < count; j++) {
            int pref = R.preference(start + j);
            s.items()[j] = R.col(start + j);
            s.cu()[j] = Preference.confidence(pref, alpha);
            s.pu()[j] = Preference.target(pref);
        }
        return count;
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }

    private static float[] randomFactors(int rows, int k, SplittableRandom rnd) {
        float[] F = new float[rows * k];
        for (int i = 0; i < F.length; i++) F[i] = (float) (rnd.nextGaussian() * 0.1);
        return F;
    }

    @FunctionalInterface
    private interface Timed {
        Object run();
    }

    private static double best(Timed t) {
        double best = Double.MAX_VALUE;
        Object sink = null;
        for (int i = 0; i < REPEATS; i++) {
            long t0 = System.nanoTime();
            sink = t.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        if (sink == null) throw new IllegalStateException("kernel returned nothing");
        return best;
    }
}
