package io.reelstream.core.rank;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
        // int8 rounds each factor to ~1/254 of the row's largest: more near-ties than binary16, still a few times N
        double perCall = rescoredPerCall(ItemRanker.Scan.INT8);
        assertTrue(perCall >= 20 && perCall < 100, "expected a few times N = 20 exact rescorings per call, got " + perCall);
    }
}
