package io.reelstream.topology.state;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class UserStateTest {
    /** The history is kept oldest first by (time, movieId), whatever order the swipes arrive in. */
    @Test
    void historyStaysInTimeOrderThroughLateSwipesAndChangedMinds() {
        UserState s = new UserState(1);
        s.recordSwipe(10, 1, 300);
        s.recordSwipe(11, 2, 100); // late arrival: older than 10
        s.recordSwipe(12, -1, 300); // same time as 10: the lower movieId first
        s.recordSwipe(9, 1, 300);
        assertArrayEquals(new int[] {11, 9, 10, 12}, movies(s));
        s.recordSwipe(11, -2, 400); // changed mind: moves to the end with its new time
        assertArrayEquals(new int[] {9, 10, 12, 11}, movies(s));
        assertEquals(-2, s.preferenceOf(11));
        assertFalse(s.recordSwipe(10, -2, 50), "an older swipe on a known movie changes nothing");
        s.recordSwipe(10, 2, 300); // same time: the later arrival wins in place
        assertArrayEquals(new int[] {9, 10, 12, 11}, movies(s));
        assertEquals(2, s.preferenceOf(10));
        assertArrayEquals(new int[] {0, 1, 2, 3}, s.chronologicalOrder());
    }

    private static int[] movies(UserState s) {
        int[] out = new int[s.historySize()];
        for (int i = 0; i < out.length; i++) out[i] = s.movieAt(i);
        return out;
    }
}
