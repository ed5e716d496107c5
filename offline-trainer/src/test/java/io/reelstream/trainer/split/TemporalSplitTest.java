package io.reelstream.trainer.split;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelstream.trainer.TestData;
import io.reelstream.trainer.io.MovieLensLoader;
import io.reelstream.trainer.io.RatingsTable;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemporalSplitTest {

    @Test
    void sliceSizesFollowTheFloorFormulas() {
        // n = 10: 8 / 1 / 1; n = 7: floor(5.6) = 5, floor(6.3) − 5 = 1, rest 1; n = 3: 2 / 0 / 1; n = 1: 0 / 0 / 1
        assertEquals(8, TemporalSplit.trainSize(10, SplitMode.TEMPORAL));
        assertEquals(1, TemporalSplit.validationSize(10, SplitMode.TEMPORAL));
        assertEquals(5, TemporalSplit.trainSize(7, SplitMode.TEMPORAL));
        assertEquals(1, TemporalSplit.validationSize(7, SplitMode.TEMPORAL));
        assertEquals(2, TemporalSplit.trainSize(3, SplitMode.TEMPORAL));
        assertEquals(0, TemporalSplit.validationSize(3, SplitMode.TEMPORAL));
        assertEquals(0, TemporalSplit.trainSize(1, SplitMode.TEMPORAL));
        assertEquals(8, TemporalSplit.trainSize(10, SplitMode.TEMPORAL), "8·10/10 exactly, no 0.8 rounding");
        assertEquals(9, TemporalSplit.trainSize(10, SplitMode.LAST1));
        assertEquals(1, TemporalSplit.validationSize(10, SplitMode.LAST1));
    }

    @Test
    void sortsByTimestampThenMovieId() {
        RatingsTable t = new RatingsTable();
        // user 1, five ratings in scrambled file order; two share timestamp 300 (movie 7 before movie 9)
        t.add(1, 9, 4f, 300, 2);
        t.add(1, 5, 4f, 100, 3);
        t.add(1, 7, 4f, 300, 4);
        t.add(1, 3, 4f, 200, 5);
        t.add(1, 1, 4f, 400, 6);
        byte[] slice = TemporalSplit.assign(t, SplitMode.TEMPORAL);
        // order: 5(100) 3(200) 7(300) 9(300) 1(400) → train 4 (floor 4.0), validation floor(4.5) − 4 = 0, test 1
        assertArrayEquals(new byte[] {Slice.TRAIN, Slice.TRAIN, Slice.TRAIN, Slice.TRAIN, Slice.TEST}, slice);
        byte[] last1 = TemporalSplit.assign(t, SplitMode.LAST1);
        assertArrayEquals(new byte[] {Slice.TRAIN, Slice.TRAIN, Slice.TRAIN, Slice.TRAIN, Slice.VALIDATION}, last1);
    }

    @Test
    void mlLatestSmallCountsMatchTheProtocolPerUser() {
        RatingsTable t = MovieLensLoader.load(TestData.mlLatestSmall(), false).ratings();
        SplitPlan plan = SplitPlan.of(t, SplitMode.TEMPORAL, false);
        Map<Integer, Integer> perUser = new HashMap<>();
        for (int r = 0; r < t.size(); r++) perUser.merge(t.user(r), 1, Integer::sum);
        long train = 0, validation = 0;
        for (int n : perUser.values()) {
            train += (long) Math.floor(0.8 * n + 1e-9);
            validation += (long) Math.floor(0.9 * n + 1e-9) - (long) Math.floor(0.8 * n + 1e-9);
        }
        assertEquals(train, plan.train());
        assertEquals(validation, plan.validation());
        assertEquals(t.size() - train - validation, plan.test());
        assertEquals(80_419, plan.train());
        assertEquals(10_059, plan.validation());
        assertEquals(10_358, plan.test());

        // no future rating of a user in that user's train slice
        Map<Integer, Long> lastTrain = new HashMap<>();
        Map<Integer, Long> firstHeldOut = new HashMap<>();
        for (int r = 0; r < t.size(); r++) {
            if (plan.sliceOfRow()[r] == Slice.TRAIN) lastTrain.merge(t.user(r), t.timestamp(r), Math::max);
            else firstHeldOut.merge(t.user(r), t.timestamp(r), Math::min);
        }
        firstHeldOut.forEach((user, first) -> assertTrue(lastTrain.getOrDefault(user, Long.MIN_VALUE) <= first, "user " + user));

        FittedData fitted = FittedData.of(t, plan.fitted());
        assertEquals(610, fitted.userCount());
        assertEquals(80_419, fitted.nnz());
        HeldOut heldOut = HeldOut.of(t, plan.scored());
        assertEquals(595, heldOut.users());
        assertEquals(10_059, heldOut.scoredRows());
        SplitPlan finalPlan = SplitPlan.of(t, SplitMode.TEMPORAL, true);
        assertEquals(80_419 + 10_059, FittedData.of(t, finalPlan.fitted()).nnz());
        assertEquals(10_358, HeldOut.of(t, finalPlan.scored()).scoredRows());
    }
}
