package io.reelstream.trainer.eval;

/**
 * One model's figures over the scored users: PROTOCOL.md's means at K plus the mean intra-list
 * genre diversity, and the per-user rows (index i = scored user i of the evaluation).
 */
public record ModelEvaluation(String model, int k, long users, double recall, double precision, double ndcg,
                              double coverage, double diversity, PerUser perUser) {

    /** Per-user figures, parallel arrays indexed by scored user. */
    public record PerUser(int[] userId, int[] relevant, int[] hits, double[] recall, double[] precision,
                          double[] ndcg, double[] diversity) {
        static PerUser ofSize(int n) {
            return new PerUser(new int[n], new int[n], new int[n], new double[n], new double[n], new double[n], new double[n]);
        }
    }
}
