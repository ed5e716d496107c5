package io.reelstream.trainer.tune.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Every combination of the parameters' grid values (a range's {@code grid N} points, every choice),
 * conditional parameters only where their condition holds, visited in an order shuffled by the
 * seed (as Optuna's GridSampler), so a study cut short by its trial count or budget still covers
 * the grid evenly. Trial n takes combination n; a study stops when the grid is exhausted.
 */
public final class GridSampler implements Sampler {
    private final long seed;

    public GridSampler(long seed) {
        this.seed = seed;
    }

    @Override
    public Map<String, Object> sample(SearchSpace space, List<TrialRecord> history, int trialNumber) {
        List<Map<String, Object>> grid = combinations(space);
        if (trialNumber >= grid.size()) {
            throw new IllegalStateException("the grid has " + grid.size() + " points; trial " + trialNumber + " is past its end");
        }
        return grid.get(order(grid.size())[trialNumber]);
    }

    @Override
    public int maxTrials(SearchSpace space) {
        return combinations(space).size();
    }

    /** Every combination in space order (depth-first over the parameters). */
    public static List<Map<String, Object>> combinations(SearchSpace space) {
        List<Map<String, Object>> out = new ArrayList<>();
        expand(space.params(), 0, new LinkedHashMap<>(), out);
        return out;
    }

    private static void expand(List<Param> params, int index, LinkedHashMap<String, Object> partial,
                               List<Map<String, Object>> out) {
        if (index == params.size()) {
            out.add(new LinkedHashMap<>(partial));
            return;
        }
        Param p = params.get(index);
        if (!p.activeFor(partial)) {
            expand(params, index + 1, partial, out);
            return;
        }
        for (Object v : p.gridValues()) {
            partial.put(p.id(), v);
            expand(params, index + 1, partial, out);
            partial.remove(p.id());
        }
    }

    /** A seeded permutation of 0..n-1 (Fisher–Yates). */
    private int[] order(int n) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }
}
