package io.reelstream.bench.als;

import io.reelstream.core.als.AlsModel;
import io.reelstream.core.als.AlsParams;
import io.reelstream.core.als.ImplicitAls;
import io.reelstream.core.als.Interactions;
import io.reelstream.trainer.io.Dataset;
import io.reelstream.trainer.io.MovieLensLoader;
import io.reelstream.trainer.split.FittedData;
import io.reelstream.trainer.split.SplitMode;
import io.reelstream.trainer.split.SplitPlan;
import io.reelstream.trainer.synth.SynthCommand;
import io.reelstream.trainer.synth.SyntheticRatings;
import io.reelstream.trainer.synth.SyntheticShapeOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntPredicate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench train-scale}: the trainer's data path and ALS fit at ML-32M scale (200 000 users ×
 * 87 000 movies × 32 M ratings by default), stage by stage, as {@code train} runs them: parse
 * ratings.csv (the loader, with its SHA-256 fingerprint and duplicate check), build the user × item
 * CSR (dense ids, per-user sort, core {@code Interactions}), fit implicit ALS. Prints wall and CPU
 * seconds per stage, each iteration, the heap after each stage and the peaks, with the machine and
 * the load average. The synthetic ratings.csv is written once into {@code --work} and reused (its
 * writing is not part of any figure).
 */
@Command(name = "train-scale", mixinStandardHelpOptions = true,
        description = "Time load, CSR and implicit-ALS iterations on an ML-32M-shaped ratings.csv (written once, then reused).")
public final class TrainScaleBench implements Callable<Integer> {
    @Mixin
    SyntheticShapeOptions shapeOptions = new SyntheticShapeOptions();

    @Option(names = "--data", paramLabel = "DIR",
            description = "Load this MovieLens directory instead of the synthetic set (the size flags are then ignored).")
    Path data;

    @Option(names = "--work", paramLabel = "DIR",
            description = "Where the synthetic ratings.csv is written and found again. Default: <java.io.tmpdir>/reelstream-train-scale.")
    Path work;

    @Option(names = "--fit", defaultValue = "all",
            description = "all: fit every loaded rating. train: the PROTOCOL train slice, as 'train' fits (adds the split stage). Default: ${DEFAULT-VALUE}.")
    String fit;

    @Option(names = {"-k", "--factors"}, defaultValue = "" + AlsParams.DEFAULT_FACTORS, description = "Latent factors. Default: ${DEFAULT-VALUE}.")
    int factors;

    @Option(names = "--iterations", defaultValue = "" + AlsParams.DEFAULT_ITERATIONS, description = "ALS iterations. Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--threads", defaultValue = "2", description = "ALS worker threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--cg-steps", defaultValue = "" + AlsParams.DEFAULT_CG_STEPS, description = "CG steps per row solve. Default: ${DEFAULT-VALUE}.")
    int cgSteps;

    PrintStream out = System.out;

    /** One timed stage of the table. */
    record Stage(String name, double wallSecs, double cpuSecs, long heapAfterBytes) {}

    @Override
    public Integer call() throws IOException {
        if (!fit.equals("all") && !fit.equals("train")) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--fit must be all or train, got '" + fit + "'");
        }
        Path dir = data != null ? data : syntheticSet();
        AlsParams params = AlsParams.defaults().withFactors(factors).withIterations(iterations).withThreads(threads)
                .withCgSteps(cgSteps).withSeed(shapeOptions.seed());
        out.println("hardware: " + Hardware.describe());
        double loadAtStart = CpuClock.loadAverage();
        out.printf("load average at start: %.1f (other processes on these cores slow every figure below)%n", loadAtStart);
        HeapWatch heap = HeapWatch.start();
        List<Stage> stages = new ArrayList<>();

        Timer t = Timer.start();
        Dataset loaded = MovieLensLoader.load(dir, false);
        stages.add(t.stop("load: parse " + loaded.layout().ratingsFile() + " (+ movies, SHA-256, duplicate check)"));
        int ratings = loaded.ratings().size();

        IntPredicate fitted = row -> true;
        if (fit.equals("train")) {
            t = Timer.start();
            SplitPlan plan = SplitPlan.of(loaded.ratings(), SplitMode.TEMPORAL, false);
            fitted = plan.fitted();
            stages.add(t.stop("PROTOCOL split (per-user sort by time)"));
        }
        t = Timer.start();
        FittedData f = FittedData.of(loaded.ratings(), fitted);
        Interactions csr = Interactions.fromTriples(f.userCount(), f.itemCount(), f.userOfEntries(), f.itemOfEntries(),
                f.preferenceOfEntries());
        stages.add(t.stop("CSR: dense ids, per-user item sort, user x item matrix"));
        out.printf("data: %s: %,d ratings loaded; fitting %,d users x %,d items, %,d interactions%n", dir, ratings,
                csr.rows(), csr.cols(), csr.nnz());
        out.printf("params: %s%n", params);

        List<Double> iterationSecs = new ArrayList<>();
        long[] cpuMark = {CpuClock.processNanos()};
        t = Timer.start();
        AlsModel model = ImplicitAls.fit(csr, params, (it, loss, nanos) -> {
            long cpu = CpuClock.processNanos();
            iterationSecs.add(nanos / 1e9);
            out.printf("iteration %2d: %6.2f s wall, %6.2f s cpu, heap now %,d MB%n", it, nanos / 1e9,
                    (cpu - cpuMark[0]) / 1e9, HeapWatch.usedNow() / 1_000_000);
            cpuMark[0] = cpu;
        });
        Stage fitStage = t.stop("fit");
        double sweeps = iterationSecs.stream().mapToDouble(Double::doubleValue).sum();
        stages.add(new Stage("fit setup: item x user transpose, initial factors, buffers", fitStage.wallSecs() - sweeps,
                Double.NaN, fitStage.heapAfterBytes()));
        stages.add(new Stage(String.format("ALS %d iterations (k %d, cg %d, %d threads)", iterations, factors, cgSteps, threads),
                sweeps, Double.NaN, fitStage.heapAfterBytes()));
        out.println();
        out.println(table(stages, iterationSecs, fitStage.cpuSecs(), heap));
        out.printf("load average: %.1f at start, %.1f at the end; factors %,d + %,d rows (checksum %.6f)%n", loadAtStart,
                CpuClock.loadAverage(), model.users(), model.items(), checksum(model));
        return 0;
    }

    /** The markdown table the README quotes. */
    private String table(List<Stage> stages, List<Double> iterationSecs, double fitCpuSecs, HeapWatch heap) {
        StringBuilder sb = new StringBuilder();
        sb.append("| stage | wall s | CPU s | heap after, MB |\n|---|---:|---:|---:|\n");
        for (Stage s : stages) {
            sb.append(String.format("| %s | %.1f | %s | %,d |%n", s.name(), s.wallSecs(),
                    Double.isNaN(s.cpuSecs()) ? "" : String.format("%.1f", s.cpuSecs()), s.heapAfterBytes() / 1_000_000));
        }
        double min = iterationSecs.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = iterationSecs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double mean = iterationSecs.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        sb.append(String.format("| per iteration: mean / min / max | %.2f / %.2f / %.2f | %.1f (whole fit) | |%n",
                mean, min, max, fitCpuSecs));
        sb.append(String.format("| peak heap: used (sum of pool peaks) / live after a GC | | | %,d / %,d |%n",
                heap.peakUsedBytes() / 1_000_000, heap.peakLiveBytes() / 1_000_000));
        return sb.toString();
    }

    /** The synthetic set in --work, written on first use (not timed in the table). */
    private Path syntheticSet() throws IOException {
        SyntheticRatings.Shape shape = shapeOptions.shape("ml32m");
        Path base = work != null ? work : Path.of(System.getProperty("java.io.tmpdir"), "reelstream-train-scale");
        Path dir = base.resolve(shape.users() + "x" + shape.movies() + "x" + shape.ratings() + "-seed" + shape.seed());
        Path ratingsFile = dir.resolve(SynthCommand.RATINGS_FILE);
        Path done = dir.resolve(".complete");
        if (Files.isRegularFile(done) && Files.isRegularFile(ratingsFile)) {
            out.printf("synthetic set: reusing %s (%,d MB)%n", dir, Files.size(ratingsFile) / 1_000_000);
            return dir;
        }
        out.printf("synthetic set: writing %,d ratings of %,d users x %,d movies to %s (once; not timed below)%n",
                shape.ratings(), shape.users(), shape.movies(), dir);
        long t0 = System.nanoTime();
        SynthCommand.write(new SyntheticRatings(shape), dir, SyntheticRatings.Progress.NONE);
        Files.writeString(done, shape.toString());
        out.printf("synthetic set: %,d MB written in %.1f s%n", Files.size(ratingsFile) / 1_000_000, (System.nanoTime() - t0) / 1e9);
        return dir;
    }

    private static double checksum(AlsModel model) {
        double s = 0;
        for (float v : model.itemFactors()) s += v;
        return s;
    }

    /** Wall and process-CPU clock of one stage. */
    private record Timer(long wall0, long cpu0) {
        static Timer start() {
            return new Timer(System.nanoTime(), CpuClock.processNanos());
        }

        Stage stop(String name) {
            return new Stage(name, (System.nanoTime() - wall0) / 1e9, (CpuClock.processNanos() - cpu0) / 1e9,
                    HeapWatch.usedNow());
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainScaleBench()).execute(args));
    }
}
