package io.reelstream.core.rank;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelstream.core.model.FactorMatrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every {@link ItemRankerTest} case again with the int8 scan (one scale per item, exact
 * rescoring): the lists must still be ExactRanker's, bit for bit, ties and tiny or huge
 * magnitudes included.
 */
class ItemRankerInt8Test extends ItemRankerTest {

    @Override
    ItemRanker.Scan scan() {
        return ItemRanker.Scan.INT8;
    }

    @Test
    void rescoresAFewTimesNItemsExactly() {
        Random rnd = new Random(44);
        FactorMatrix items = skewedCatalogue(rnd, 13_000, 64);
        ItemRanker fast = ItemRanker.build(items, ItemRanker.DEFAULT_BLOCK_SIZE, true, ItemRanker.Scan.INT8);
        ItemRanker.Session session = fast.newSession();
        int[] out = new int[20];
        long rescored = 0;
        int users = 50;
        for (int u = 0; u < users; u++) {
            session.topN(userLikeItems(rnd, items), 20, null, out, null);
            rescored += session.lastRescored();
        }
        // int8 rounds each factor to ~1/254 of the row's largest: more near-ties than binary16, still a few times N
        assertTrue(rescored >= 20L * users, "rescored " + rescored);
        assertTrue(rescored < 100L * users, "expected a few times N exact rescorings per call, got " + rescored + " for " + users + " calls");
    }
}
