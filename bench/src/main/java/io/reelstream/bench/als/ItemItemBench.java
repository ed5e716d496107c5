package io.reelstream.bench.als;

import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.io.Dataset;
import io.reelstream.trainer.io.MovieLensLoader;
import io.reelstream.trainer.io.RatingsTable;
import io.reelstream.trainer.itemitem.ItemItemFit;
import io.reelstream.trainer.itemitem.ItemItemParams;
import io.reelstream.trainer.itemitem.NativeBlas;
import io.reelstream.trainer.split.FittedData;
import io.reelstream.trainer.split.SplitMode;
import io.reelstream.trainer.split.SplitPlan;
import io.reelstream.trainer.synth.SyntheticRatings;
import io.reelstream.trainer.synth.SyntheticShapeOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/bench als itemitem}: times the item-to-item model's fit — XᵀX, the dense EASE solve (LAPACK
 * through OpenBLAS), the scalable path's sparse ridges and the top-M cut — on the train slice of a
 * MovieLens directory ({@code --data}) or on an in-memory synthetic set ({@code --movies} etc.), and
 * prints seconds, peak heap and the process's peak resident memory (the solve's native copy lives
 * outside the heap) with the data size and the machine. Defaults are the trainer's shipped ones.
 */
@Command(name = "itemitem", mixinStandardHelpOptions = true,
        description = "Time the item-to-item (EASE) fit on a MovieLens train slice or a synthetic set.")
public final class ItemItemBench implements Callable<Integer> {
    @Mixin
    SyntheticShapeOptions shapeOptions = new SyntheticShapeOptions();

    @Option(names = "--data", paramLabel = "DIR", description = "Fit on this MovieLens directory's train slice instead of synthetic data.")
    Path data;

    @Option(names = "--threads", defaultValue = "2", description = "Threads (Java and OpenBLAS). Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--max-dense-items", defaultValue = "" + TrainerConfig.DEFAULT_ITEMITEM_MAX_DENSE_ITEMS,
            description = "Dense solve cap. Default: ${DEFAULT-VALUE}.")
    int maxDense;

    @Option(names = "--no-scalable", description = "Fail beyond the cap instead of taking the scalable path.")
    boolean noScalable;

    @Option(names = "--neighbours", defaultValue = "" + TrainerConfig.DEFAULT_ITEMITEM_NEIGHBOURS, description = "M. Default: ${DEFAULT-VALUE}.")
    int neighbours;

    @Option(names = "--candidates", defaultValue = "" + TrainerConfig.DEFAULT_ITEMITEM_SPARSE_CANDIDATES,
            description = "K of the tail's sparse ridges. Default: ${DEFAULT-VALUE}.")
    int candidates;

    PrintStream out = System.out;

    @Override
    public Integer call() throws IOException {
        TrainerConfig shipped = TrainerConfig.defaults();
        ItemItemParams p = new ItemItemParams(shipped.itemItem().lambda(), shipped.itemItem().lambdaMode(), neighbours,
                shipped.itemItem().weights(), maxDense, !noScalable, candidates);
        HeapWatch heap = HeapWatch.start();
        long t0 = System.nanoTime();
        FittedData fitted;
        String what;
        if (data != null) {
            Dataset d = MovieLensLoader.load(data, false);
            SplitPlan plan = SplitPlan.of(d.ratings(), SplitMode.TEMPORAL, false);
            fitted = FittedData.of(d.ratings(), plan.fitted());
            what = data + " train slice";
        } else {
            SyntheticRatings.Shape shape = shapeOptions.shape();
            RatingsTable t = new RatingsTable((int) Math.min(Integer.MAX_VALUE - 8, shape.ratings()));
            long[] line = {0};
            new SyntheticRatings(shape).generate((u, m, r, ts) -> t.add(u, m, r, ts, ++line[0]), SyntheticRatings.Progress.NONE);
            fitted = FittedData.of(t, r -> true);
            what = "synthetic " + shape;
        }
        out.printf("data: %s: %,d users x %,d items, %,d interactions (loaded in %.1f s)%n", what, fitted.userCount(),
                fitted.itemCount(), fitted.nnz(), (System.nanoTime() - t0) / 1e9);
        out.println("hardware: " + Hardware.describe());
        out.println("blas: " + NativeBlas.require());
        out.printf("load average before the fit: %.1f (other processes on these cores slow every figure below)%n", CpuClock.loadAverage());
        long cpu0 = CpuClock.processNanos();
        long fit0 = System.nanoTime();
        ItemItemFit.Result r = ItemItemFit.fit(fitted, p, threads);
        double fitSecs = (System.nanoTime() - fit0) / 1e9;
        double cpuSecs = (CpuClock.processNanos() - cpu0) / 1e9;
        var t = r.timings();
        int nh = r.model().headCount();
        out.printf("fit: %,d items (%,d dense, %,d by sparse ridges over K %d), λ %.1f, M %d, %d threads%n", r.model().items(), nh,
                r.model().tailCount(), candidates, r.model().lambda(), neighbours, threads);
        out.printf("  XᵀX %.1f s | tail ridges %.1f s | dense solve %.1f s (n %,d: %.2f GFLOP/s for n³ flops) | top-M cut %.1f s%n",
                t.gramianMs() / 1e3, t.tailMs() / 1e3, t.solveMs() / 1e3, nh, t.solveMs() == 0 ? 0 : Math.pow(nh, 3) / (t.solveMs() / 1e3) / 1e9,
                t.cutMs() / 1e3);
        out.printf("  total %.1f s wall, %.1f s process CPU; load average now %.1f%n", fitSecs, cpuSecs, CpuClock.loadAverage());
        out.printf("  dense matrix %.2f GB on the heap + %.2f GB native during the solve; serving form %,d entries (%.1f MB)%n",
                4.0 * nh * nh / 1e9, 4.0 * nh * nh / 1e9, r.model().serving().nnz(), 8.0 * r.model().serving().nnz() / 1e6);
        out.println("memory: " + heap.report() + "; peak resident " + peakResident());
        return 0;
    }

    /** VmHWM of /proc/self/status: the process's peak resident memory, heap and native alike. */
    static String peakResident() {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) return "unknown (no /proc/self/status)";
        try {
            return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM:"))
                    .map(l -> String.format("%.2f GB", Long.parseLong(l.replaceAll("[^0-9]", "")) / 1e6)).findFirst().orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ItemItemBench()).execute(args));
    }
}
