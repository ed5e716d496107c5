package io.reelstream.demo.replay;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The scoring rule by hand: which list is current before each swipe, hits, NDCG and coverage. */
class HitTrackerTest {
    private static final double EPS = 1e-12;

    @Test
    void scoresEachPositiveSwipeAgainstTheListBeforeIt() {
        HitTracker t = new HitTracker(3, new int[] {900, 901, 902});
        t.initialList(1, new int[] {10, 11, 12, 13}); // cut to top 3: 10, 11, 12

        t.swipe(1, "a", 11, 2);      // initial list: hit at rank 1 → 1/log2(3)
        t.list(1, "a", new int[] {20, 21, 22});
        t.swipe(1, "b", 12, 1);      // current is [20,21,22]: miss (12 was only in the initial list)
        t.list(1, "b", new int[] {30, 31, 32});
        t.swipe(1, "c", 30, -2);     // negative: not scored
        t.list(1, "c", new int[] {40, 41, 42});
        t.swipe(1, "d", 40, 1);      // hit at rank 0 → 1

        HitTracker.Snapshot s = t.snapshot();
        assertEquals(4, s.swipes());
        assertEquals(3, s.answered()); // "d" has no list yet
        assertEquals(1, s.pending());
        assertEquals(3, s.positives());
        assertEquals(2, s.hits());
        assertEquals(2.0 / 3, s.hitRate(), EPS);
        assertEquals((1 / (Math.log(3) / Math.log(2)) + 1.0) / 3, s.ndcg(), EPS);
        // listed: 10,11,12 + 20,21,22 + 30,31,32 + 40,41,42
        assertEquals(12, s.distinctListed());
        assertEquals(12 / 24.0, s.coverage(24), EPS);
    }

    @Test
    void aListReadBeforeItsSwipeIsKeptUntilTheSwipeArrives() {
        HitTracker t = new HitTracker(2, new int[0]);
        t.initialList(7, new int[] {1, 2});
        t.list(7, "x", new int[] {5, 6});  // list of swipe x read before x itself
        t.swipe(7, "x", 1, 2);              // scored against the initial list: hit
        t.swipe(7, "y", 5, 2);              // scored against x's list: hit
        HitTracker.Snapshot s = t.snapshot();
        assertEquals(2, s.hits());
        assertEquals(1, s.answered());
    }

    @Test
    void aDeadLetteredSwipeLeavesTheCurrentListInPlace() {
        HitTracker t = new HitTracker(2, new int[0]);
        t.initialList(3, new int[] {1, 2});
        t.swipe(3, "bad", 999, 2);   // unknown movie: miss, then dead-lettered
        t.deadLetter(3, "bad");
        t.swipe(3, "next", 2, 1);    // still the initial list: hit at rank 1
        HitTracker.Snapshot s = t.snapshot();
        assertEquals(2, s.positives());
        assertEquals(1, s.hits());
        assertEquals(1, s.deadLetters());
        assertEquals(0, s.lists());
    }

    @Test
    void aUserWithoutAnInitialListStartsFromTheFallback() {
        HitTracker t = new HitTracker(2, new int[] {50, 51});
        t.swipe(9, "first", 51, 2);
        HitTracker.Snapshot s = t.snapshot();
        assertEquals(1, s.hits());
        assertEquals(1 / (Math.log(3) / Math.log(2)), s.ndcg(), EPS);
    }

    @Test
    void usersAreIndependentHoweverTheirEventsInterleave() {
        HitTracker t = new HitTracker(1, new int[0]);
        t.initialList(1, new int[] {100});
        t.initialList(2, new int[] {200});
        t.swipe(1, "1a", 100, 2);
        t.swipe(2, "2a", 100, 2);  // user 2's list is [200]: miss
        t.list(2, "2a", new int[] {201});
        t.list(1, "1a", new int[] {101});
        t.swipe(2, "2b", 201, 2);  // hit
        t.swipe(1, "1b", 201, 2);  // user 1's list is [101]: miss
        HitTracker.Snapshot s = t.snapshot();
        assertEquals(4, s.positives());
        assertEquals(2, s.hits());
        assertEquals(2, s.pending());
    }

    @Test
    void ratiosAreZeroWithoutPositives() {
        HitTracker.Snapshot s = new HitTracker(10, new int[0]).snapshot();
        assertEquals(0, s.hitRate());
        assertEquals(0, s.ndcg());
        assertEquals(0, s.coverage(0));
    }
}
