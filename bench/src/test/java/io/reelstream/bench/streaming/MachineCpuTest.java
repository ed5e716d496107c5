package io.reelstream.bench.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The machine-wide CPU reading: busy counts user, nice, system, irq, softirq and steal; idle and iowait are not busy. */
class MachineCpuTest {

    @Test
    void busyAndTotalFromTheCpuLine() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        StreamingBench.MachineCpu cpu = StreamingBench.MachineCpu.parse("cpu  100 2 30 500 7 1 9 4 50 0");
        assertEquals(100 + 2 + 30 + 1 + 9 + 4, cpu.busyTicks());
        assertEquals(146 + 500 + 7, cpu.totalTicks());
    }

    @Test
    void differenceOfTwoReadings() {
        StreamingBench.MachineCpu before = StreamingBench.MachineCpu.parse("cpu 10 0 5 100 0 0 0 0 0 0");
        StreamingBench.MachineCpu after = StreamingBench.MachineCpu.parse("cpu 40 0 15 110 0 0 5 0 0 0");
        StreamingBench.MachineCpu used = after.minus(before);
        assertEquals(45, used.busyTicks());
        assertEquals(55, used.totalTicks());
    }

    @Test
    void anotherLineIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> StreamingBench.MachineCpu.parse("cpu0 1 2 3 4 5 6 7 8"));
    }

    @Test
    void thisMachineCanBeReadOnLinux() {
        StreamingBench.MachineCpu now = StreamingBench.MachineCpu.read();
        if (System.getProperty("os.name").startsWith("Linux")) {
            assertTrue(now != null && now.totalTicks() >= now.busyTicks() && now.busyTicks() > 0, String.valueOf(now));
        }
    }
}
