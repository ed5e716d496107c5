package io.reelstream.topology.rank;

import java.util.function.IntPredicate;

/**
 * Exact top-N of xu · yi over one model version's item rows, best first, ties to the lower row.
 * Built once per model version and shared by every stream thread and REST request, so an
 * implementation must be safe for concurrent calls. The same contract as core's ItemRanker, kept
 * behind this small interface so the topology can switch rankers without touching processors.
 */
@FunctionalInterface
public interface CandidateRanker {
    /**
     * @param excludedRow rows not to return (the user's seen filter); may be null
     * @return the count written into outRows/outScores (≤ n)
     */
    int topN(float[] xu, int n, IntPredicate excludedRow, int[] outRows, float[] outScores);
}
