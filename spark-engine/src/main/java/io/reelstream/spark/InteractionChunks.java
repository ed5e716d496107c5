package io.reelstream.spark;

import io.reelstream.core.als.Interactions;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The user × item swipes cut into slices of whole user rows, each a few primitive arrays (5 bytes an
 * entry), so the driver ships them to Spark without an object per rating; executors expand a slice
 * into rows (user, item, rating = preference) only as Spark reads them.
 */
final class InteractionChunks {
    static final String USER_COLUMN = "user";
    static final String ITEM_COLUMN = "item";
    static final String RATING_COLUMN = "rating";
    static final StructType SCHEMA = new StructType()
            .add(USER_COLUMN, DataTypes.IntegerType, false)
            .add(ITEM_COLUMN, DataTypes.IntegerType, false)
            .add(RATING_COLUMN, DataTypes.FloatType, false);
    /** Entries per slice: ~5 MB serialized, far below Spark's 128 MB RPC message limit. */
    static final int MAX_ENTRIES = 1 << 20;

    private InteractionChunks() {}

    /** Rows [firstUser, firstUser + rows) of the matrix: entry j of local row r is in [start[r], start[r + 1]). */
    record Chunk(int firstUser, int[] start, int[] items, byte[] preferences) implements Serializable {
        int entries() {
            return items.length;
        }
    }

    /** Slices of whole rows holding at most maxEntries each (a longer single row gets a slice of its own). */
    static List<Chunk> of(Interactions R, int maxEntries) {
        List<Chunk> chunks = new ArrayList<>();
        int u = 0;
        while (u < R.rows()) {
            int first = u;
            int from = R.start(u);
            do {
                u++;
            } while (u < R.rows() && R.end(u) - from <= maxEntries);
            int to = R.start(u);
            int[] start = new int[u - first + 1];
            for (int r = first; r <= u; r++) start[r - first] = R.start(r) - from;
            int[] items = new int[to - from];
            byte[] prefs = new byte[to - from];
            for (int j = from; j < to; j++) {
                items[j - from] = R.col(j);
                prefs[j - from] = R.preference(j);
            }
            chunks.add(new Chunk(first, start, items, prefs));
        }
        return chunks;
    }

    /** The slice's entries as Spark rows (user, item, rating = preference as a float). */
    static Iterator<Row> rows(Chunk c) {
        return new Iterator<>() {
            private int row = 0;
            private int j = 0;

            @Override
            public boolean hasNext() {
                return j < c.entries();
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                while (j >= c.start()[row + 1]) row++;
                Row r = RowFactory.create(c.firstUser() + row, c.items()[j], (float) c.preferences()[j]);
                j++;
                return r;
            }
        };
    }
}
