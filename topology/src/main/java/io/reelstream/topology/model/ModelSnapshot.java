package io.reelstream.topology.model;

import io.reelstream.core.als.FoldInSolver;
import io.reelstream.core.als.UserSolve;
import io.reelstream.core.itemitem.ItemNeighbours;
import io.reelstream.core.model.FactorMatrix;
import io.reelstream.core.model.ModelKind;
import io.reelstream.topology.rank.CandidateRanker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * One published model version, immutable, built once when its marker arrives and shared by every
 * stream thread and REST request: item factors Y (rows sorted by movieId), YᵀY cached for the
 * fold-in (O(n·k²) once instead of per swipe) with its eigendecomposition (the fold-in's fast
 * route for short histories, core FoldInSolver), the ranker, the popularity order and the content
 * neighbours as row indices; for an item-to-item or blend version also its neighbour lists (core
 * {@link ItemNeighbours} over this snapshot's rows) and how it weighs a history, and for a blend its weight β. A list is always
 * scored against exactly one snapshot, whose version and kind it carries, so two versions never mix.
 */
public final class ModelSnapshot {
    private final String version;
    private final long publishedAt;
    private final FactorMatrix factors;
    private final double[] YtY;
    /** YᵀY as k float rows, the form core's allocation-free CG solve reads; cached per version. */
    private final float[][] YtYRows;
    private final FoldInSolver foldInSolver;
    private final CandidateRanker ranker;
    private final CatalogItem[] items;
    private final int[] popularRows;
    private final int[][] neighbourRows;
    private final float[] norms;
    private final FoldInParams foldIn;
    private final ModelKind kind;
    private final ItemNeighbours neighbours;
    private final ItemItemSettings itemItem;
    private final float blendWeight;
    /** "because you liked <title>" per row, made on first use and kept (a stream names the same liked movies list after list). */
    private final java.util.concurrent.atomic.AtomicReferenceArray<String> likedReasons;

    /** Everything a version is built from; blendWeight is β of a blend version (NaN for other kinds, see {@link BlendWeight}). */
    public record Parts(String version, long publishedAt, ModelKind kind, List<CatalogItem> items,
                        List<NeighbourRow> neighbours, FoldInParams foldIn, ItemItemSettings itemItem, float blendWeight) {
        /** An ALS version without item-to-item rows. */
        public static Parts als(String version, long publishedAt, List<CatalogItem> items, FoldInParams foldIn) {
            return new Parts(version, publishedAt, ModelKind.ALS, items, List.of(), foldIn, ItemItemSettings.FALLBACK, Float.NaN);
        }
    }

    private ModelSnapshot(String version, long publishedAt, FactorMatrix factors, CatalogItem[] items,
                          FoldInParams foldIn, Function<FactorMatrix, CandidateRanker> rankerFactory, ModelKind kind,
                          List<NeighbourRow> neighbourRows, ItemItemSettings itemItem, float blendWeight) {
        this.version = version;
        this.publishedAt = publishedAt;
        this.kind = kind;
        this.itemItem = itemItem;
        this.blendWeight = blendWeight;
        this.factors = factors;
        this.items = items;
        this.foldIn = foldIn;
        this.YtY = UserSolve.gramian(factors.values(), factors.rows(), factors.k());
        this.YtYRows = UserSolve.toFloatRows(YtY, factors.k());
        this.foldInSolver = FoldInSolver.of(factors.values(), factors.rows(), factors.k(), YtY);
        this.ranker = rankerFactory.apply(factors);
        this.popularRows = popularityOrder(items);
        this.neighbourRows = neighbourRows(items, factors);
        this.norms = rowNorms(factors);
        this.likedReasons = new java.util.concurrent.atomic.AtomicReferenceArray<>(factors.rows());
        this.neighbours = neighbourRows.isEmpty() ? null : itemNeighbours(neighbourRows, factors);
        if (kind.usesNeighbours() && neighbours == null) {
            throw new IllegalArgumentException("model version " + version + " is of kind " + kind.wireName() + " but has no "
                    + "item-neighbours rows; republish it with its item_neighbours file");
        }
        if (kind == ModelKind.BLEND) io.reelstream.core.blend.BlendScorer.requireWeight(blendWeight);
    }

    /**
     * Builds a snapshot from the items of one version (any order; duplicates by movieId rejected).
     *
     * @throws IllegalArgumentException when items disagree on k or repeat a movieId
     */
    public static ModelSnapshot build(String version, long publishedAt, List<CatalogItem> items, FoldInParams foldIn,
                                      Function<FactorMatrix, CandidateRanker> rankerFactory) {
        return build(Parts.als(version, publishedAt, items, foldIn), rankerFactory);
    }

    /**
     * Builds a snapshot of any kind; neighbour rows may name movies the version does not have (dropped).
     *
     * @throws IllegalArgumentException when items disagree on k or repeat a movieId, or an itemitem
     *                                  version has no neighbour rows
     */
    public static ModelSnapshot build(Parts parts, Function<FactorMatrix, CandidateRanker> rankerFactory) {
        String version = parts.version();
        List<CatalogItem> items = parts.items();
        if (items.isEmpty()) throw new IllegalArgumentException("model version " + version + " has no items");
        List<CatalogItem> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingInt(CatalogItem::movieId));
        int k = sorted.get(0).factors().length;
        if (k == 0) throw new IllegalArgumentException("model version " + version + ": movie "
                + sorted.get(0).movieId() + " has no factors");
        int[] ids = new int[sorted.size()];
        float[] values = new float[sorted.size() * k];
        for (int r = 0; r < ids.length; r++) {
            CatalogItem item = sorted.get(r);
            if (item.factors().length != k) {
                throw new IllegalArgumentException("model version " + version + ": movie " + item.movieId() + " has "
                        + item.factors().length + " factors, movie " + ids[0] + " has " + k + "; republish the model");
            }
            if (r > 0 && ids[r - 1] == item.movieId()) {
                throw new IllegalArgumentException("model version " + version + ": movie " + item.movieId() + " twice");
            }
            ids[r] = item.movieId();
            System.arraycopy(item.factors(), 0, values, r * k, k);
        }
        return new ModelSnapshot(version, parts.publishedAt(), new FactorMatrix(ids, k, values),
                sorted.toArray(new CatalogItem[0]), parts.foldIn(), rankerFactory, parts.kind(), parts.neighbours(),
                parts.itemItem(), parts.blendWeight());
    }

    public String version() { return version; }
    /** Which model scores this version's lists. */
    public ModelKind kind() { return kind; }
    /** The item-to-item neighbour lists over this snapshot's rows, or null when the version has none. */
    public ItemNeighbours neighbours() { return neighbours; }
    /** How an item-to-item list weighs the history (recency, x(preference)). */
    public ItemItemSettings itemItem() { return itemItem; }
    /** β of a blend version (core BlendScorer); NaN for other kinds. */
    public float blendWeight() { return blendWeight; }
    public long publishedAt() { return publishedAt; }
    public FactorMatrix factors() { return factors; }
    public int k() { return factors.k(); }
    public int rows() { return factors.rows(); }
    /** YᵀY (k × k row-major) of this version's items, computed once. */
    public double[] YtY() { return YtY; }
    /** {@link #YtY()} as k float rows (core UserSolve.toFloatRows), computed once. */
    public float[][] YtYRows() { return YtYRows; }
    /** The exact fold-in xu = (YᵀY + Yᵀ(Cu − I)Y + λI)⁻¹YᵀCu·pu against this version's factors. */
    public FoldInSolver foldInSolver() { return foldInSolver; }
    public CandidateRanker ranker() { return ranker; }
    public FoldInParams foldIn() { return foldIn; }
    /** Rows by popularity rank, most popular first. */
    public int[] popularRows() { return popularRows; }
    /** Content neighbours of a row as rows, best first (unknown neighbours dropped). */
    public int[] neighbourRows(int row) { return neighbourRows[row]; }
    public CatalogItem item(int row) { return items[row]; }

    /** The movie's title, or "movie &lt;id&gt;" when the catalogue has none. */
    public String displayName(int row) {
        String title = items[row].title();
        return title == null || title.isEmpty() ? "movie " + movieId(row) : title;
    }

    /**
     * "because you liked &lt;title&gt;" for a liked movie's row: one string per row for the version's
     * life, not a new one in every list entry (twenty per swipe). Racing threads may both build it;
     * either copy is the same text.
     */
    public String becauseYouLiked(int row) {
        String reason = likedReasons.get(row);
        if (reason == null) {
            reason = "because you liked " + displayName(row);
            likedReasons.set(row, reason);
        }
        return reason;
    }
    public int movieId(int row) { return factors.ids()[row]; }
    /** ‖yi‖, for cosine similarity between movies. */
    public float norm(int row) { return norms[row]; }

    /** Row of a movie, or -1 when this version does not know it. */
    public int rowOf(int movieId) {
        return factors.rowOf(movieId);
    }

    private static int[] popularityOrder(CatalogItem[] items) {
        Integer[] rows = new Integer[items.length];
        for (int r = 0; r < rows.length; r++) rows[r] = r;
        // rank ascending (1 = best); unranked (≤ 0) last, by score; ties to the lower row.
        Arrays.sort(rows, (a, b) -> {
            int ra = items[a].popularityRank() > 0 ? items[a].popularityRank() : Integer.MAX_VALUE;
            int rb = items[b].popularityRank() > 0 ? items[b].popularityRank() : Integer.MAX_VALUE;
            if (ra != rb) return Integer.compare(ra, rb);
            int bySc = Double.compare(items[b].popularityScore(), items[a].popularityScore());
            return bySc != 0 ? bySc : Integer.compare(a, b);
        });
        int[] out = new int[rows.length];
        for (int i = 0; i < out.length; i++) out[i] = rows[i];
        return out;
    }

    private static int[][] neighbourRows(CatalogItem[] items, FactorMatrix factors) {
        int[][] out = new int[items.length][];
        for (int r = 0; r < items.length; r++) {
            int[] ids = items[r].contentNeighbours();
            if (ids == null) {
                out[r] = new int[0];
                continue;
            }
            int[] rows = new int[ids.length];
            int n = 0;
            for (int id : ids) {
                int row = factors.rowOf(id);
                if (row >= 0 && row != r) rows[n++] = row;
            }
            out[r] = Arrays.copyOf(rows, n);
        }
        return out;
    }

    /** Neighbour rows by movieId → core ItemNeighbours over rows; unknown movies and self-loops dropped. O(nnz). */
    private static ItemNeighbours itemNeighbours(List<NeighbourRow> rows, FactorMatrix factors) {
        int n = factors.rows();
        int[][] targets = new int[n][];
        float[][] weights = new float[n][];
        int total = 0;
        for (NeighbourRow r : rows) {
            int row = factors.rowOf(r.movieId());
            if (row < 0) continue;
            int[] t = new int[r.neighbours().length];
            float[] w = new float[t.length];
            int c = 0;
            for (int e = 0; e < t.length; e++) {
                int target = factors.rowOf(r.neighbours()[e]);
                if (target < 0 || target == row || !Float.isFinite(r.weights()[e])) continue;
                t[c] = target;
                w[c++] = r.weights()[e];
            }
            targets[row] = Arrays.copyOf(t, c); // a repeated movie keeps its last row, like the store
            weights[row] = Arrays.copyOf(w, c);
        }
        for (int[] t : targets) total += t == null ? 0 : t.length;
        int[] start = new int[n + 1];
        int[] neighbour = new int[total];
        float[] weight = new float[total];
        for (int row = 0; row < n; row++) {
            int c = targets[row] == null ? 0 : targets[row].length;
            if (c > 0) {
                System.arraycopy(targets[row], 0, neighbour, start[row], c);
                System.arraycopy(weights[row], 0, weight, start[row], c);
            }
            start[row + 1] = start[row] + c;
        }
        return new ItemNeighbours(n, start, neighbour, weight);
    }

    private static float[] rowNorms(FactorMatrix f) {
        float[] Y = f.values();
        int k = f.k();
        float[] out = new float[f.rows()];
        for (int r = 0; r < out.length; r++) {
            double s = 0;
            for (int a = 0; a < k; a++) s += (double) Y[r * k + a] * Y[r * k + a];
            out[r] = (float) Math.sqrt(s);
        }
        return out;
    }
}
