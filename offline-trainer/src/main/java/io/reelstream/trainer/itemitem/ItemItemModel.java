package io.reelstream.trainer.itemitem;

import io.reelstream.core.itemitem.ItemNeighbours;

/**
 * A fitted item-to-item model over the fitted items (rows = dense item indices).
 * <ul>
 *   <li>{@link #serving()}: B cut to each item's top-M neighbours — what the run writes, the stream
 *       scores with and the evaluation's {@code itemitem} row uses;</li>
 *   <li>the dense form, kept until {@link #releaseDense()} to measure what the cut costs: B over the
 *       head columns (n_h × n_h, row-major; column c is item {@link #headItem(int)}) plus, when the
 *       catalogue exceeded the dense cap, the tail columns of the sparse ridges, uncut.</li>
 * </ul>
 */
public final class ItemItemModel {
    private final ItemNeighbours serving;
    private final int[] headItems; // null: every item is dense, column c = item c
    private final int headCount;
    private final ItemNeighbours tailColumns; // null without a tail
    private final double lambda;
    private final double meanDiagonal;
    private float[] denseHead;

    ItemItemModel(ItemNeighbours serving, float[] denseHead, int[] headItems, int headCount, ItemNeighbours tailColumns,
                  double lambda, double meanDiagonal) {
        this.serving = serving;
        this.denseHead = denseHead;
        this.headItems = headItems;
        this.headCount = headCount;
        this.tailColumns = tailColumns;
        this.lambda = lambda;
        this.meanDiagonal = meanDiagonal;
    }

    public ItemNeighbours serving() { return serving; }
    public int items() { return serving.rows(); }
    /** Items solved densely (all of them unless the catalogue exceeded the cap). */
    public int headCount() { return headCount; }
    public int tailCount() { return serving.rows() - headCount; }
    /** The λ the solve used (absolute). */
    public double lambda() { return lambda; }
    /** mean_i diag(XᵀX)_i over the fitted items (what a relative λ multiplies). */
    public double meanDiagonal() { return meanDiagonal; }

    /** Dense B over the head, or null once released. */
    public float[] denseHead() { return denseHead; }
    /** Fitted item index of head column c. */
    public int headItem(int c) { return headItems == null ? c : headItems[c]; }
    /** Head column of each fitted item (−1 for a tail item), or null when the head is every item in order. */
    public int[] headColumnOfItem() {
        if (headItems == null) return null;
        int[] col = new int[items()];
        java.util.Arrays.fill(col, -1);
        for (int c = 0; c < headItems.length; c++) col[headItems[c]] = c;
        return col;
    }
    /** The tail columns uncut, as rows of source items, or null. */
    public ItemNeighbours tailColumns() { return tailColumns; }

    /** Drops the dense matrix (4·n_h² bytes) once the cut has been measured. */
    public void releaseDense() { denseHead = null; }
}
