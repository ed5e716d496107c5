package io.reelstream.bench.ranking;

import io.reelstream.bench.als.Hardware;
import io.reelstream.core.itemitem.ItemItemScorer;
import io.reelstream.core.itemitem.ItemNeighbours;
import io.reelstream.core.itemitem.PreferenceWeights;
import io.reelstream.core.itemitem.PrefixMemo;
import io.reelstream.core.model.ItemNeighboursFile;
import io.reelstream.core.recency.RecencyWeights;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code bin/bench itemitem-lists}: µs per item-to-item list as users with long histories swipe on,
 * summing the whole history on each swipe against resuming from a prefix memo (core itemitem.PrefixMemo);
 * the lists are checked equal on every swipe. The cost the reliability suite's seeded users pay.
 */
@Command(name = "itemitem-lists", mixinStandardHelpOptions = true,
        description = {"µs per item-to-item list of users with long histories, with and without prefix memos (the",
                "lists are compared on every swipe). Neighbour lists from --run's item_neighbours.bin, else random."})
public final class ItemItemListsBench implements Callable<Integer> {
    @Option(names = "--run", paramLabel = "DIR", description = "A trained run with item_neighbours.bin (default: random lists).")
    Path run;

    @Option(names = "--items", defaultValue = "8230", description = "Random model: catalogue size. Default: ${DEFAULT-VALUE}.")
    int items;

    @Option(names = "--neighbours", defaultValue = "200", description = "Random model: M per row. Default: ${DEFAULT-VALUE}.")
    int neighbours;

    @Option(names = "--histories", split = ",", defaultValue = "100,300,1000,2000",
            description = "History lengths before the measured swipes. Default: ${DEFAULT-VALUE}.")
    List<Integer> histories;

    @Option(names = "--users", defaultValue = "64", description = "Users per history length. Default: ${DEFAULT-VALUE}.")
    int users;

    @Option(names = "--swipes", defaultValue = "4000", description = "Measured swipes per history length. Default: ${DEFAULT-VALUE}.")
    int swipes;

    @Option(names = "--n", defaultValue = "20", description = "List length. Default: ${DEFAULT-VALUE}.")
    int n;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        String problem = problem();
        if (problem != null) {
            System.err.println("error: " + problem);
            return 2;
        }
        ItemNeighbours model = run != null ? load(run) : random(items, neighbours, new Random(1));
        RecencyWeights recency = RecencyWeights.bySwipes(5, 0.1); // the trainer's shipped item-to-item defaults
        PreferenceWeights prefs = PreferenceWeights.of(-0.25f);
        out.println("ItemItemListsBench — item-to-item lists of long histories, whole sum vs prefix memo");
        out.println("model: " + (run != null ? run.resolve("item_neighbours.bin") : "random") + ", " + model.rows()
                + " items, " + model.nnz() + " neighbour entries; recency half-life 5 swipes, floor 0.1 (settled age "
                + recency.settledAge() + "); " + users + " users per history length, " + swipes + " measured swipes, n "
                + n);
        out.println("hardware: " + Hardware.describe());
        out.println();
        out.println("| history before | µs per list, whole sum | µs per list, prefix memo | × | memo hits | memo MB |");
        out.println("|---:|---:|---:|---:|---:|---:|");
        for (int h : histories) {
            double[] whole = measure(model, recency, prefs, h, null);
            PrefixMemo memo = new PrefixMemo(1L << 30);
            double[] memoised = measure(model, recency, prefs, h, memo);
            if (whole[1] != memoised[1]) throw new IllegalStateException("lists differ at history " + h);
            out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %.2f | %.1f %% | %.1f |%n", h, whole[0], memoised[0],
                    whole[0] / memoised[0], 100.0 * memo.hits() / Math.max(1, memo.hits() + memo.misses()),
                    memo.usedBytes() / 1e6);
        }
        return 0;
    }

    /**
     * Warm-up pass then a measured pass of the same swipe sequence (seeded: both variants see the same);
     * returns {µs per list, a checksum of every list's rows and score bits}.
     */
    private double[] measure(ItemNeighbours model, RecencyWeights recency, PreferenceWeights prefs, int history,
                             PrefixMemo memo) {
        ItemItemScorer scorer = new ItemItemScorer();
        Random random = new Random(history);
        int capacity = history + 2 * swipes + 1;
        int[][] rows = new int[users][capacity];
        int[][] prefOf = new int[users][capacity];
        int[] size = new int[users];
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < history; i++) {
                rows[u][i] = random.nextInt(model.rows());
                prefOf[u][i] = random.nextInt(4) == 0 ? -1 : 1;
            }
            size[u] = history;
        }
        float[] values = new float[capacity];
        int[] outRows = new int[n];
        float[] outScores = new float[n];
        int[] outBecause = new int[n];
        double checksum = 0;
        long measuredNs = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int s = 0; s < swipes; s++) {
                int u = random.nextInt(users);
                int c = size[u];
                rows[u][c] = random.nextInt(model.rows());
                prefOf[u][c] = random.nextInt(4) == 0 ? -1 : 1;
                size[u] = ++c;
                long t0 = System.nanoTime();
                recency.weigh(null, c, values);
                for (int i = 0; i < c; i++) values[i] *= prefs.of(prefOf[u][i]);
                int settled = c - Math.min(c, recency.settledAge());
                int got = memo == null
                        ? scorer.recommend(model, rows[u], values, c, i -> false, n, outRows, outScores, outBecause)
                        : scorer.recommend(model, rows[u], values, c, memo, u, settled, i -> false, n, outRows, outScores,
                        outBecause);
                long t1 = System.nanoTime();
                if (pass == 1) {
                    measuredNs += t1 - t0;
                    for (int t = 0; t < got; t++) checksum += outRows[t] * 31.0 + Float.floatToIntBits(outScores[t]);
                }
            }
        }
        return new double[] {measuredNs / 1e3 / swipes, checksum};
    }

    /** What is wrong with the flags, or null. */
    String problem() {
        if (run != null && !Files.isRegularFile(run.resolve("item_neighbours.bin"))) {
            return "--run " + run + " has no item_neighbours.bin (an item-to-item or blend run has one)";
        }
        if (items < 2) return "--items must be >= 2, got " + items;
        if (neighbours < 1) return "--neighbours must be >= 1, got " + neighbours;
        if (users < 1 || swipes < 1 || n < 1) return "--users, --swipes and --n must be >= 1";
        if (histories.isEmpty() || histories.stream().anyMatch(h -> h < 0)) return "--histories must be lengths >= 0";
        return null;
    }

    private static ItemNeighbours load(Path run) throws Exception {
        return ItemNeighboursFile.read(run.resolve("item_neighbours.bin")).neighbours();
    }

    /** M distinct random neighbours per row with Gaussian weights. */
    static ItemNeighbours random(int items, int m, Random random) {
        int per = Math.min(m, items - 1);
        int[] start = new int[items + 1];
        int[] neighbour = new int[items * per];
        float[] weight = new float[items * per];
        boolean[] taken = new boolean[items];
        for (int j = 0; j < items; j++) {
            start[j + 1] = start[j] + per;
            Arrays.fill(taken, false);
            taken[j] = true;
            for (int e = 0; e < per; e++) {
                int i;
                do {
                    i = random.nextInt(items);
                } while (taken[i]);
                taken[i] = true;
                neighbour[j * per + e] = i;
                weight[j * per + e] = (float) Math.abs(random.nextGaussian()) * 0.1f;
            }
        }
        return new ItemNeighbours(items, start, neighbour, weight);
    }
}
