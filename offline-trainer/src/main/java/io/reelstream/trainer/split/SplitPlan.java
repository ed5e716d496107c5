package io.reelstream.trainer.split;

import io.reelstream.trainer.io.RatingsTable;
import java.util.function.IntPredicate;

/**
 * Which slices are fitted and which is scored: by default fit on train, score on validation;
 * final fits on train + validation and scores test (PROTOCOL.md). In last1 mode the single
 * held-out rating is the scored slice either way.
 */
public record SplitPlan(SplitMode mode, boolean finalEvaluation, byte[] sliceOfRow, int train, int validation, int test) {

    public static SplitPlan of(RatingsTable ratings, SplitMode mode, boolean finalEvaluation) {
        byte[] slice = TemporalSplit.assign(ratings, mode);
        int[] counts = new int[3];
        for (byte s : slice) counts[s]++;
        return new SplitPlan(mode, finalEvaluation, slice, counts[Slice.TRAIN], counts[Slice.VALIDATION], counts[Slice.TEST]);
    }

    /** The slice that is scored: validation, or test with final (last1: always the held-out rating). */
    public byte scoredSlice() {
        return finalEvaluation && mode == SplitMode.TEMPORAL ? Slice.TEST : Slice.VALIDATION;
    }

    public IntPredicate fitted() {
        byte scored = scoredSlice();
        return row -> sliceOfRow[row] < scored;
    }

    public IntPredicate scored() {
        byte scored = scoredSlice();
        return row -> sliceOfRow[row] == scored;
    }

    public String describe() {
        return mode.name().toLowerCase() + " split, fit on " + (scoredSlice() == Slice.TEST ? "train+validation" : "train")
                + ", score on " + Slice.name(scoredSlice());
    }
}
