package io.reelstream.core.split;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProtocolSplitTest {
    @Test
    void boundariesAreExactFloors() {
        // n = 10: 8 train, 1 validation, 1 test; n = 5: floor(4.0) = 4 train, floor(4.5) = 4 → no validation
        assertEquals(8, ProtocolSplit.trainEnd(10));
        assertEquals(9, ProtocolSplit.validationEnd(10));
        assertEquals(4, ProtocolSplit.trainEnd(5));
        assertEquals(4, ProtocolSplit.validationEnd(5));
        assertEquals(0, ProtocolSplit.trainEnd(1));
        assertEquals(0, ProtocolSplit.validationEnd(1));
        for (int n = 0; n < 1000; n++) {
            assertEquals((int) Math.floor(n * 8 / 10.0), ProtocolSplit.trainEnd(n), "n=" + n);
            assertEquals((int) Math.floor(n * 9 / 10.0), ProtocolSplit.validationEnd(n), "n=" + n);
        }
    }
}
