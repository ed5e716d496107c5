package io.reelstream.core.model;

/**
 * Row-major float32 factors with the external id of each row (movieId or userId):
 * row r is values[r·k .. r·k + k), and ids[r] names it. Rows are the dense indices of the
 * model's contiguous id mapping.
 */
public final class FactorMatrix {
    private final int[] ids;
    private final int k;
    private final float[] values;
    /** Built on the first lookup: most matrices are only ever scanned. */
    private volatile IdIndex rowById;

    public FactorMatrix(int[] ids, int k, float[] values) {
        if (k <= 0) throw new IllegalArgumentException("factor count k must be > 0, got " + k);
        if (values.length != (long) ids.length * k) {
            throw new IllegalArgumentException("expected " + ids.length + " x " + k + " values, got " + values.length);
        }
        this.ids = ids;
        this.k = k;
        this.values = values;
    }

    public int rows() { return ids.length; }
    public int k() { return k; }
    public int[] ids() { return ids; }
    public float[] values() { return values; }

    /** A copy of one row's factors. */
    public float[] row(int r) {
        float[] out = new float[k];
        System.arraycopy(values, r * k, out, 0, k);
        return out;
    }

    /** Row index of an external id, or -1 if the model does not know it. */
    public int rowOf(int id) {
        IdIndex index = rowById;
        if (index == null) {
            index = new IdIndex(ids);
            rowById = index;
        }
        return index.rowOf(id);
    }
}
