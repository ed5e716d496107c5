package io.reelstream.bench.ranking;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelstream.core.rank.ExactRanker;
import io.reelstream.topology.rank.IvfRanker;
import io.reelstream.topology.rank.IvfRecall;
import io.reelstream.topology.config.TopologyConfig;
import io.reelstream.topology.rank.Rankers;
import io.reelstream.topology.rank.Retrieval;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * recall@10 of rank.retrieval=ivf at its defaults against exact ranking, on factors fitted by
 * implicit ALS (RankingWorkload.synthetic: Zipf-popular, cluster-correlated histories, the
 * catalogue of {@code bin/bench ranking}), minus each user's seen items: for the fitted users and
 * for users folded in from random swipes (the streaming bench's, whose lists lean on popularity).
 * Deterministic (fixed seeds): the figure is the README's, not a sample.
 */
class IvfRecallTest {
    private static final int ITEMS = 13_000;
    private static final int K = 64;
    private static final int N = 10;
    private static final double REQUIRED_RECALL = 0.99;

    @Test
    void recallAt10AgainstExactIsAtLeast099AtTheDefaults() {
        RankingWorkload fitted = RankingWorkload.synthetic(ITEMS, RankingWorkload.syntheticUsers(ITEMS), K, 8, 42);
        // the topology's defaults, read at run time (a static final int would be inlined at compile time)
        Retrieval defaults = TopologyConfig.defaultConfig().with(TopologyConfig.RANK_RETRIEVAL_CONFIG, "ivf").retrieval();
        IvfRanker ivf = assertInstanceOf(IvfRanker.class, Rankers.forModel(fitted.items, defaults));
        ExactRanker exact = new ExactRanker(fitted.items);

        double fittedRecall = meanRecall(exact, ivf, fitted);
        RankingWorkload swipers = RankingWorkload.randomSwipers(fitted, 1000, 10, 7);
        double swiperRecall = meanRecall(exact, ivf, swipers);
        System.out.printf("IVF %d lists, probe %d over %d x %d ALS factors: recall@%d %.4f (%d fitted users), %.4f (%d random swipers)%n",
                ivf.lists(), ivf.probe(), ITEMS, K, N, fittedRecall, fitted.users.length, swiperRecall, swipers.users.length);
        assertTrue(fittedRecall >= REQUIRED_RECALL, "recall@10 for fitted users " + fittedRecall);
        assertTrue(swiperRecall >= REQUIRED_RECALL, "recall@10 for random swipers " + swiperRecall);
    }

    private static double meanRecall(ExactRanker exact, IvfRanker ivf, RankingWorkload w) {
        int[] want = new int[N], got = new int[N];
        double sum = 0;
        for (int u = 0; u < w.users.length; u++) {
            IntPredicate seen = w.seen[u]::get;
            int a = exact.topN(w.users[u], N, seen, want, null);
            int b = ivf.topN(w.users[u], N, seen, got, null);
            sum += IvfRecall.recall(want, a, got, b);
        }
        return sum / w.users.length;
    }
}
