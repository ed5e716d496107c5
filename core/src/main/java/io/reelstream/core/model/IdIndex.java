package io.reelstream.core.model;

/**
 * External id → row, for ids that are ints: open addressing with linear probing over a
 * power-of-two table at most half full, keys and rows in one int[] (no boxing, one cache line per
 * lookup in the common case). Immutable once built. A lookup is O(1) expected; the build O(n).
 * A duplicate id maps to its last row, as the {@code HashMap} this replaces did.
 */
final class IdIndex {
    private static final int EMPTY = -1;
    /** Fibonacci hashing: spreads sequential MovieLens ids over the table. */
    private static final int GOLDEN = 0x9E37_79B9;

    private final int[] slots; // [2·i] = id, [2·i + 1] = row, or EMPTY
    private final int mask;
    private final int shift;

    IdIndex(int[] ids) {
        int capacity = Integer.highestOneBit(Math.max(4, ids.length * 2 - 1)) << 1;
        this.mask = capacity - 1;
        this.shift = 32 - Integer.numberOfTrailingZeros(capacity);
        this.slots = new int[2 * capacity];
        for (int i = 1; i < slots.length; i += 2) slots[i] = EMPTY;
        for (int row = 0; row < ids.length; row++) {
            int slot = slotOf(ids[row]);
            while (slots[2 * slot + 1] != EMPTY && slots[2 * slot] != ids[row]) slot = (slot + 1) & mask;
            slots[2 * slot] = ids[row];
            slots[2 * slot + 1] = row;
        }
    }

    /** The row of id, or -1. */
    int rowOf(int id) {
        for (int slot = slotOf(id); ; slot = (slot + 1) & mask) {
            int row = slots[2 * slot + 1];
            if (row == EMPTY || slots[2 * slot] == id) return row;
        }
    }

    private int slotOf(int id) {
        return (id * GOLDEN) >>> shift;
    }
}
