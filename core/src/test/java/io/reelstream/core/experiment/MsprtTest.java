package io.reelstream.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MsprtTest {
    @Test
    void likelihoodRatioByHand() {
        // 1000/10 000 vs 1150/10 000: θ̂ = 0.015, p̄ = 0.1075, V = 0.1075·0.8925·2/10 000 = 1.918875e-5,
        // τ² = (0.10·0.1075)² = 1.155625e-4
        // Λ = √(V/(V+τ²)) · exp(τ²θ̂²/(2V(V+τ²))) = 0.376998 · exp(4.031…) = 57.592101, 1/Λ = 0.0173635
        ArmStats a = new ArmStats(10_000, 1000), b = new ArmStats(10_000, 1150);
        assertEquals(Math.log(57.59210086360682),
                Msprt.logLikelihoodRatio(0.015, 1.918875e-5, Msprt.tauSquared(0.1075, 0.10)), 1e-9);
        assertEquals(0.01736349230197839, Msprt.instantP(a, b, 0.10), 1e-12);
        // the same data at half the size: Λ = 2.0785, p = 0.481114 (the fixed-horizon p there is 0.0513)
        assertEquals(0.4811139479604411, Msprt.instantP(new ArmStats(5000, 500), new ArmStats(5000, 560), 0.10), 1e-12);
    }

    @Test
    void alwaysValidPIsMoreConservativeThanTheFixedHorizonPAtOneLook() {
        ArmStats a = new ArmStats(10_000, 1000), b = new ArmStats(10_000, 1150);
        double fixed = TwoProportionZTest.test(a, b, 0.05).pValue();
        assertTrue(Msprt.instantP(a, b, 0.10) > 20 * fixed); // 0.0174 against 0.00062: the price of peeking freely
    }

    @Test
    void identicalArmsOrNoTrialsGiveNoEvidence() {
        assertEquals(1.0, Msprt.instantP(new ArmStats(10_000, 1000), new ArmStats(10_000, 1000), 0.10), 0); // Λ = 0.39
        assertEquals(1.0, Msprt.instantP(new ArmStats(0, 0), new ArmStats(10, 5), 0.10), 0);
        assertEquals(1.0, Msprt.instantP(new ArmStats(50, 0), new ArmStats(50, 0), 0.10), 0);   // V = 0
        assertEquals(0.0, Msprt.logLikelihoodRatio(0.1, 0, 0.01), 0);
        assertEquals(0.0, Msprt.logLikelihoodRatio(0.1, 0.01, 0), 0);
    }

    @Test
    void theRunningPNeverRisesAndMatchesTheStatelessStep() {
        SplittableRandom rnd = new SplittableRandom(7);
        Msprt.Running running = new Msprt.Running();
        double stateless = 1.0;
        long xA = 0, xB = 0;
        for (int n = 100; n <= 20_000; n += 100) {
            for (int i = 0; i < 100; i++) {
                if (rnd.nextDouble() < 0.10) xA++;
                if (rnd.nextDouble() < 0.12) xB++;
            }
            ArmStats a = new ArmStats(n, xA), b = new ArmStats(n, xB);
            double before = running.p();
            double p = running.update(a, b);
            stateless = Msprt.alwaysValidP(a, b, stateless, Msprt.DEFAULT_TAU_RELATIVE);
            assertEquals(stateless, p, 0);
            assertTrue(p <= before);
            assertEquals(Math.min(before, Msprt.instantP(a, b, Msprt.DEFAULT_TAU_RELATIVE)), p, 0);
        }
        assertTrue(running.p() < 0.05, "a +20% effect on 20 000 trials per arm is found: " + running);
    }

    @Test
    void anOverwhelmingEffectUnderflowsToZeroAndZeroIsAValidPreviousP() {
        ArmStats a = new ArmStats(1_000_000, 100_000), b = new ArmStats(1_000_000, 200_000); // z ≈ 196
        assertEquals(0.0, Msprt.instantP(a, b, 0.10), 0);
        assertEquals(0.0, Msprt.alwaysValidP(a, a, 0.0, 0.10), 0);
    }

    @Test
    void aResumedSequenceKeepsItsStoredP() {
        Msprt.Running resumed = new Msprt.Running(0.10, 0.03);
        assertEquals(0.03, resumed.update(new ArmStats(1000, 100), new ArmStats(1000, 100)), 0);
    }

    @Test
    void rejectsAPreviousPOutsideZeroOneAndATauAtOrBelowZero() {
        ArmStats a = new ArmStats(10, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> Msprt.alwaysValidP(a, a, -0.1, 0.1));
        assertTrue(e.getMessage().contains("previous always-valid p-value"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Msprt.alwaysValidP(a, a, 1.5, 0.1));
        assertThrows(IllegalArgumentException.class, () -> Msprt.alwaysValidP(a, a, Double.NaN, 0.1));
        var t = assertThrows(IllegalArgumentException.class, () -> Msprt.instantP(a, a, 0));
        assertTrue(t.getMessage().contains("tau"), t.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Msprt.Running(0.1, -1e-9));
    }
}
