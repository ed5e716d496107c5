package io.reelstream.core.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelstream.core.model.FactorMatrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every {@link ItemRankerTest} case again with the binary16 scan (on Java 17 through the exact
 * software conversions of {@link HalfFloats}, on 20+ through the JDK's): the lists must still be
 * ExactRanker's, bit for bit. Plus what only the half scan has: few exact rescorings.
 */
class ItemRankerHalfTest extends ItemRankerTest {

    @Override
    ItemRanker.Scan scan() {
        return ItemRanker.Scan.FP16;
    }

    @Test
    void rescoresFewItemsExactly() {
        Random rnd = new Random(44);
        FactorMatrix items = skewedCatalogue(rnd, 13_000, 64);
        ItemRanker fast = ItemRanker.build(items, ItemRanker.DEFAULT_BLOCK_SIZE, true, ItemRanker.Scan.FP16);
        ItemRanker.Session session = fast.newSession();
        int[] out = new int[20];
        long rescored = 0;
        int users = 50;
        for (int u = 0; u < users; u++) {
            session.topN(userLikeItems(rnd, items), 20, null, out, null);
            rescored += session.lastRescored();
        }
        // N = 20 per call must be scored exactly; the binary16 error (~2⁻¹² relative) lets only near-ties through
        assertTrue(rescored >= 20L * users, "rescored " + rescored);
        assertTrue(rescored < 40L * users, "expected about N exact rescorings per call, got " + rescored + " for " + users + " calls");
    }

    @Test
    void softwareConversionRoundTripsEveryBinary16Value() {
        for (int bits = 0; bits < 0x10000; bits++) {
            short h = (short) bits;
            float f = HalfFloats.toFloatSoftware(h);
            if (Float.isNaN(f)) continue;
            assertEquals(h, HalfFloats.fromFloatSoftware(f), "binary16 0x" + Integer.toHexString(bits) + " = " + f);
            if (HalfFloats.intrinsic()) {
                assertEquals(Float.floatToIntBits(HalfFloats.toFloat(h)), Float.floatToIntBits(f), "0x" + Integer.toHexString(bits));
            }
        }
    }
}
