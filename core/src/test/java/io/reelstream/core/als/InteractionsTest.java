package io.reelstream.core.als;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InteractionsTest {
    @Test
    void rowsAreSortedByColumnAndARepeatedPairKeepsTheLastTriple() {
        Interactions R = Interactions.fromTriples(3, 4,
                new int[]{2, 0, 0, 2, 0},
                new int[]{1, 3, 1, 1, 0},
                new byte[]{-1, 2, 1, 2, -2});
        assertEquals(4, R.nnz(), "(2, 1) appears twice");
        assertEquals(0, R.start(0));
        assertEquals(3, R.end(0));
        assertEquals(0, R.col(0));
        assertEquals(-2, R.preference(0));
        assertEquals(1, R.col(1));
        assertEquals(3, R.col(2));
        assertEquals(0, R.count(1), "user 1 has no swipes");
        assertEquals(1, R.count(2));
        assertEquals(2, R.preference(R.start(2)), "the later swipe (+2) replaced the earlier (-1)");
    }

    @Test
    void transposeSwapsRowsAndColumnsAndKeepsPreferences() {
        Interactions R = Interactions.fromTriples(3, 4,
                new int[]{0, 0, 1, 2, 2},
                new int[]{0, 3, 3, 1, 3},
                new byte[]{1, -1, 2, -2, 1});
        Interactions T = R.transpose();
        assertEquals(4, T.rows());
        assertEquals(3, T.cols());
        assertEquals(R.nnz(), T.nnz());
        assertEquals(3, T.count(3));
        int[] expectUsers = {0, 1, 2};
        byte[] expectPrefs = {-1, 2, 1};
        for (int j = 0; j < 3; j++) {
            assertEquals(expectUsers[j], T.col(T.start(3) + j));
            assertEquals(expectPrefs[j], T.preference(T.start(3) + j));
        }
        Interactions back = T.transpose();
        for (int j = 0; j < R.nnz(); j++) {
            assertEquals(R.col(j), back.col(j));
            assertEquals(R.preference(j), back.preference(j));
        }
    }

    @Test
    void badTriplesAreRejectedWithTheirPosition() {
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> Interactions.fromTriples(2, 2, new int[]{0, 5}, new int[]{0, 0}, new byte[]{1, 1}));
        assertTrue(range.getMessage().contains("triple 1"), range.getMessage());
        IllegalArgumentException pref = assertThrows(IllegalArgumentException.class,
                () -> Interactions.fromTriples(2, 2, new int[]{0}, new int[]{0}, new byte[]{0}));
        assertTrue(pref.getMessage().contains("preference 0"), pref.getMessage());
    }
}
