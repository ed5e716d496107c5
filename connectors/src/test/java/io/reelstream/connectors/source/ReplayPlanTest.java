package io.reelstream.connectors.source;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayPlanTest {
    private static RatingsTable table(long[][] rows) {
        RatingsTable t = new RatingsTable(rows.length);
        for (long[] r : rows) t.add((int) r[0], (int) r[1], r[2], r[3]);
        return t;
    }

    @Test
    void ordersByTimestampThenUserThenMovie() {
        // user, movie, rating, timestamp — in file order that is not the replay order
        RatingsTable t = table(new long[][] {
                {2, 10, 4, 200}, {1, 30, 3, 100}, {1, 20, 5, 200}, {2, 5, 1, 200}, {1, 7, 2, 50}});
        ReplayPlan plan = ReplayPlan.of(t, ProtocolSlice.ALL);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) ids.add(plan.eventId(i));
        assertEquals(List.of("ml:1:7:50", "ml:1:30:100", "ml:1:20:200", "ml:2:5:200", "ml:2:10:200"), ids);
        assertEquals(50_000L, plan.eventTimeMillis(0));
    }

    @Test
    void theOrderDoesNotDependOnTheFileOrder() {
        Random random = new Random(3);
        List<long[]> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) rows.add(new long[] {1 + random.nextInt(20), 1 + random.nextInt(200), 3, random.nextInt(40)});
        ReplayPlan a = ReplayPlan.of(table(rows.toArray(new long[0][])), ProtocolSlice.ALL);
        Collections.shuffle(rows, random);
        ReplayPlan b = ReplayPlan.of(table(rows.toArray(new long[0][])), ProtocolSlice.ALL);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.userId(i), b.userId(i));
            assertEquals(a.movieId(i), b.movieId(i));
            assertEquals(a.timestampSeconds(i), b.timestampSeconds(i));
        }
    }

    @Test
    void slicesFollowProtocolFloorsPerUser() {
        // user 1: 10 ratings -> 8 / 1 / 1; user 2: 5 -> 4 / 0 / 1; user 3: 1 -> 0 / 0 / 1; user 4: 19 -> 15 / 2 / 2
        List<long[]> rows = new ArrayList<>();
        int[][] users = {{1, 10}, {2, 5}, {3, 1}, {4, 19}};
        for (int[] u : users) for (int k = 0; k < u[1]; k++) rows.add(new long[] {u[0], 100 + k, 4, 1000 - k});
        RatingsTable t = table(rows.toArray(new long[0][]));
        assertEquals(8 + 4 + 0 + 15, ReplayPlan.of(t, ProtocolSlice.TRAIN).size());
        assertEquals(1 + 0 + 0 + 2, ReplayPlan.of(t, ProtocolSlice.VALIDATION).size());
        assertEquals(1 + 1 + 1 + 2, ReplayPlan.of(t, ProtocolSlice.TEST).size());

        // the test slice of user 1 is its newest rating: timestamp 1000 - 9 is the oldest, 1000 the newest
        ReplayPlan test = ReplayPlan.of(t, ProtocolSlice.TEST);
        Set<String> testIds = new HashSet<>();
        for (int i = 0; i < test.size(); i++) testIds.add(test.eventId(i));
        assertTrue(testIds.contains("ml:1:100:1000"), testIds.toString());
        // no user's train rating is newer than any of that user's test ratings
        ReplayPlan train = ReplayPlan.of(t, ProtocolSlice.TRAIN);
        for (int i = 0; i < train.size(); i++) {
            for (int j = 0; j < test.size(); j++) {
                if (train.userId(i) == test.userId(j)) assertTrue(train.timestampSeconds(i) <= test.timestampSeconds(j));
            }
        }
    }

    @Test
    void sameTimestampSplitsByMovieIdAsProtocolSays() {
        // 10 ratings of one user in the same second: the two largest movieIds are validation and test
        List<long[]> rows = new ArrayList<>();
        for (int m = 10; m >= 1; m--) rows.add(new long[] {1, m, 4, 500});
        RatingsTable t = table(rows.toArray(new long[0][]));
        assertEquals("ml:1:9:500", ReplayPlan.of(t, ProtocolSlice.VALIDATION).eventId(0));
        assertEquals("ml:1:10:500", ReplayPlan.of(t, ProtocolSlice.TEST).eventId(0));
    }

    @Test
    void sliceOfRankUsesIntegerFloors() {
        assertEquals(ProtocolSlice.TRAIN, ProtocolSlice.ofRank(3, 5));   // floor(4.0) = 4
        assertEquals(ProtocolSlice.TEST, ProtocolSlice.ofRank(4, 5));    // floor(4.5) = 4
        assertEquals(ProtocolSlice.VALIDATION, ProtocolSlice.ofRank(8, 10));
        assertEquals(ProtocolSlice.TEST, ProtocolSlice.ofRank(0, 1));
    }
}
