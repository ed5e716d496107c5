package io.reelstream.bench.als;

import io.reelstream.core.als.AlsModel;
import io.reelstream.core.als.AlsParams;
import io.reelstream.core.als.ImplicitAls;
import io.reelstream.core.als.Interactions;
import io.reelstream.core.preference.Preference;
import io.reelstream.trainer.synth.SyntheticShapeOptions;
import io.reelstream.trainer.synth.SyntheticRatings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code bin/bench als}: trains implicit ALS on an in-memory synthetic ML-20M-shaped set (138 000 users ×
 * 13 000 movies × 16 M ratings by default) and prints seconds per iteration, total time, peak heap,
 * GC, data size and the hardware, so speed figures can be compared across machines and commits.
 * {@code --backend nd4j} then times the two kernels (YᵀY and the per-row solve) on nd4j-native
 * against the plain-Java ones on the same data; the fit itself always runs the Java path, which
 * measured faster (see KernelComparison).
 */
@Command(name = "als", mixinStandardHelpOptions = true, subcommands = {ItemItemBench.class},
        description = "Time implicit-ALS training on a synthetic ML-20M-shaped set (generated in memory);"
                + " 'als itemitem' times the item-to-item model's fit.")
public final class AlsBench implements Callable<Integer> {
    @Mixin
    SyntheticShapeOptions shapeOptions = new SyntheticShapeOptions();

    @Option(names = {"-k", "--factors"}, defaultValue = "" + AlsParams.DEFAULT_FACTORS, description = "Latent factors. Default: ${DEFAULT-VALUE}.")
    int factors;

    @Option(names = "--iterations", defaultValue = "" + AlsParams.DEFAULT_ITERATIONS, description = "ALS iterations. Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--threads", defaultValue = "2", description = "Worker threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--cg-steps", defaultValue = "" + AlsParams.DEFAULT_CG_STEPS, description = "CG steps per row solve (0 = Cholesky). Default: ${DEFAULT-VALUE}.")
    int cgSteps;

    @Option(names = "--loss", description = "Also compute the loss each iteration (one extra pass, not counted in the iteration time).")
    boolean loss;

    @Option(names = "--backend", defaultValue = "java",
            description = "java: fit only. nd4j: fit (Java), then time YtY and the per-row solve on nd4j-native vs Java. Default: ${DEFAULT-VALUE}.")
    String backend;

    PrintStream out = System.out;

    @Override
    public Integer call() {
        if (!backend.equals("java") && !backend.equals("nd4j")) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--backend must be java or nd4j, got '" + backend + "'");
        }
        if (backend.equals("nd4j") && !nd4jPresent()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--backend nd4j needs nd4j-native on the "
                    + "classpath, and bin/bench runs without it (~120 MB of natives, a provided dependency of the bench module). "
                    + "Run from the module classpath instead: mvn -pl bench dependency:build-classpath -Dmdep.outputFile=cp.txt, then "
                    + "java -cp bench/target/classes:$(cat cp.txt) " + AlsBench.class.getName() + " --backend nd4j");
        }
        SyntheticRatings.Shape shape = shapeOptions.shape();
        if (shape.ratings() > Integer.MAX_VALUE - 8) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--ratings " + shape.ratings() + " exceeds 2^31 entries");
        }
        AlsParams params = AlsParams.defaults().withFactors(factors).withIterations(iterations).withThreads(threads)
                .withCgSteps(cgSteps).withSeed(shapeOptions.seed()).withComputeLoss(loss);
        HeapWatch heap = HeapWatch.start();

        long t0 = System.nanoTime();
        Interactions R = generate(shape);
        double genSecs = seconds(t0);
        out.printf("data: %,d users x %,d items, %,d ratings (generated + CSR in %.1f s)%n", R.rows(), R.cols(), R.nnz(), genSecs);
        out.printf("      CSR %.0f MB (+ transpose), factors %.0f MB%n", (4.0 * (R.rows() + 1) + 5.0 * R.nnz()) / 1e6,
                4.0 * factors * (R.rows() + R.cols()) / 1e6);
        out.println("hardware: " + Hardware.describe());
        out.printf("params: %s%n", params);

        List<Double> iterationSecs = new ArrayList<>();
        out.printf("load average before the fit: %.1f (other processes on these cores slow every figure below)%n",
                CpuClock.loadAverage());
        long fitStart = System.nanoTime();
        long fitCpuStart = CpuClock.processNanos();
        long[] cpuMark = {fitCpuStart};
        AlsModel model = ImplicitAls.fit(R, params, (it, l, nanos) -> {
            long cpu = CpuClock.processNanos();
            iterationSecs.add(nanos / 1e9);
            out.printf("iteration %2d: %6.2f s wall, %6.2f s cpu%s%n", it, nanos / 1e9, (cpu - cpuMark[0]) / 1e9,
                    Double.isNaN(l) ? "" : String.format("  loss %.6e", l));
            cpuMark[0] = cpu;
        });
        double fitSecs = seconds(fitStart);
        double fitCpu = (CpuClock.processNanos() - fitCpuStart) / 1e9;
        double mean = iterationSecs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        out.printf("fit: %d iterations in %.1f s wall (%.2f s per iteration, mean of sweeps %.2f s), %d threads, k %d, cg %d%n",
                iterations, fitSecs, iterations == 0 ? 0 : fitSecs / iterations, mean, threads, factors, cgSteps);
        out.printf("     %.1f s of process CPU: %.1f s wall if the %d threads had their cores to themselves; load average now %.1f%n",
                fitCpu, fitCpu / threads, threads, CpuClock.loadAverage());
        out.println("memory: " + heap.report());
        checksum(model);
        if (backend.equals("nd4j")) {
            new KernelComparison(out).run(R, params); // after the fit: the Java kernels are JIT-compiled by now
        }
        return 0;
    }

    /** Streams the synthetic ratings straight into triple arrays, then CSR: no CSV, no objects per rating. */
    static Interactions generate(SyntheticRatings.Shape shape) {
        int n = (int) shape.ratings();
        int[] userIdx = new int[n];
        int[] itemIdx = new int[n];
        byte[] pref = new byte[n];
        int[] next = {0};
        new SyntheticRatings(shape).generate((userId, movieId, rating, timestamp) -> {
            int j = next[0]++;
            userIdx[j] = userId - 1; // synthetic ids are dense 1..users, 1..movies
            itemIdx[j] = movieId - 1;
            pref[j] = (byte) Preference.fromRating(rating);
        }, SyntheticRatings.Progress.NONE);
        return Interactions.fromTriples(shape.users(), shape.movies(), userIdx, itemIdx, pref);
    }

    private static boolean nd4jPresent() {
        try {
            Class.forName("org.nd4j.linalg.factory.Nd4j", false, AlsBench.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Prints a factor checksum so runs with the same seed can be compared for determinism. */
    private void checksum(AlsModel model) {
        double s = 0;
        for (float v : model.itemFactors()) s += v;
        out.printf("item-factor checksum: %.6f%n", s);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new AlsBench()).execute(args));
    }
}
