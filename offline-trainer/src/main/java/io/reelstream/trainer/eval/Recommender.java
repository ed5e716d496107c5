package io.reelstream.trainer.eval;

import java.util.function.IntPredicate;

/**
 * One thread's view of a model: the top-k of the fitted items for a user, best first, skipping the
 * items seen in the fitted data. Implementations keep their scratch buffers, so one instance must
 * not be shared between threads.
 */
@FunctionalInterface
public interface Recommender {
    /**
     * @param user dense user index in the fitted data, or -1 for a user without fitted ratings
     * @param seen the user's fitted items (dense item indices)
     * @param out  receives up to k dense item indices, best first
     * @return how many items were written
     */
    int recommend(int user, IntPredicate seen, int k, int[] out);
}
