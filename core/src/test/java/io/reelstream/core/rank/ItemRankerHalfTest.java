package io.reelstream.core.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        // N = 20 per call must be scored exactly; the binary16 error (~2⁻¹² relative) lets only near-ties through
        double perCall = rescoredPerCall(ItemRanker.Scan.FP16);
        assertTrue(perCall >= 20 && perCall < 40, "expected about N = 20 exact rescorings per call, got " + perCall);
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
