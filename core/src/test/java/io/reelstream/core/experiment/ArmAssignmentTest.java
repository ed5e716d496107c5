package io.reelstream.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ArmAssignmentTest {
    @Test
    void stableAndNearTheShare() {
        int treated = 0;
        for (int u = 1; u <= 20_000; u++) {
            String arm = ArmAssignment.arm(u, "exp-1", 0.3);
            assertEquals(arm, ArmAssignment.arm(u, "exp-1", 0.3));
            if (arm.equals(ArmAssignment.TREATMENT)) treated++;
        }
        assertEquals(0.3, treated / 20_000.0, 0.015);
    }

    @Test
    void armsOfTwoExperimentsAreIndependent() {
        int both = 0;
        int n = 20_000;
        for (int u = 1; u <= n; u++) {
            boolean a = ArmAssignment.arm(u, "exp-a", 0.5).equals(ArmAssignment.TREATMENT);
            boolean b = ArmAssignment.arm(u, "exp-b", 0.5).equals(ArmAssignment.TREATMENT);
            if (a && b) both++;
        }
        assertEquals(0.25, both / (double) n, 0.015);
    }

    @Test
    void unitValuesFillTheInterval() {
        double min = 1, max = 0;
        for (int u = 0; u < 10_000; u++) {
            double x = ArmAssignment.unit(u, "e");
            assertTrue(x >= 0 && x < 1);
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        assertTrue(min < 0.001 && max > 0.999, min + " .. " + max);
        assertThrows(IllegalArgumentException.class, () -> ArmAssignment.arm(1, "e", 1.0));
        assertThrows(IllegalArgumentException.class, () -> ArmAssignment.arm(1, "e", 0));
    }
}
