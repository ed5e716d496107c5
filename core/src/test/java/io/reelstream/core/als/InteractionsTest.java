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
    void triplesAlreadyInRowOrderGiveTheSameMatrixAsShuffledOnes() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        int users = 40, items = 30;
        java.util.List<int[]> triples = new java.util.ArrayList<>();
        byte[] prefs = {-2, -1, 1, 2};
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < items; i++) if (u != 7 && rnd.nextInt(4) == 0) triples.add(new int[] {u, i, prefs[rnd.nextInt(4)]});
        }
        Interactions sorted = build(users, items, triples);
        java.util.Collections.shuffle(triples, new java.util.Random(9));
        Interactions shuffled = build(users, items, triples);
        assertEquals(shuffled.nnz(), sorted.nnz());
        assertEquals(0, sorted.count(7), "an empty row keeps its place");
        for (int u = 0; u <= users - 1; u++) {
            assertEquals(shuffled.start(u), sorted.start(u));
            assertEquals(shuffled.end(u), sorted.end(u));
        }
        for (int j = 0; j < sorted.nnz(); j++) {
            assertEquals(shuffled.col(j), sorted.col(j));
            assertEquals(shuffled.preference(j), sorted.preference(j));
        }
        assertThrows(IllegalArgumentException.class, () -> Interactions.fromTriples(2, 2, new int[] {0, 1}, new int[] {0, 2},
                new byte[] {1, 1}), "triples in row order are still checked");
    }

    private static Interactions build(int users, int items, java.util.List<int[]> triples) {
        int n = triples.size();
        int[] u = new int[n], i = new int[n];
        byte[] p = new byte[n];
        for (int t = 0; t < n; t++) {
            u[t] = triples.get(t)[0];
            i[t] = triples.get(t)[1];
            p[t] = (byte) triples.get(t)[2];
        }
        return Interactions.fromTriples(users, items, u, i, p);
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
