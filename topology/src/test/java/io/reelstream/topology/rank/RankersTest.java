package io.reelstream.topology.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelstream.core.model.FactorMatrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** rank.retrieval picks the ranker a model version is served with; both honour the seen filter and N. */
class RankersTest {

    @Test
    void exactIsTheScanListAndIvfIsAnIvfRankerWithTheConfiguredListsAndProbe() {
        Random rnd = new Random(12);
        FactorMatrix items = IvfRankerTest.skewedCatalogue(rnd, 2000, 8);
        float[] xu = IvfRankerTest.gaussian(rnd, 8);
        int[] want = new int[15], got = new int[15];
        new ScanRanker(items).topN(xu, 15, row -> row % 3 == 0, want, null);
        Rankers.forModel(items, Retrieval.exact()).topN(xu, 15, row -> row % 3 == 0, got, null);
        assertArrayEquals(want, got);

        CandidateRanker ivf = Rankers.forModel(items, Retrieval.ivf(30, 5));
        IvfRanker built = assertInstanceOf(IvfRanker.class, ivf);
        assertEquals(30, built.lists());
        assertEquals(5, built.probe());
        assertEquals(15, ivf.topN(xu, 15, row -> row % 3 == 0, got, null), "N items despite the seen filter");
        for (int row : got) assertFalse(row % 3 == 0, "row " + row + " is seen");
        assertTrue(Rankers.forModel(items, Retrieval.ivf(0, 5)) instanceof IvfRanker);
    }
}
