package io.reelstream.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TwoProportionZTestTest {
    static final double EPS = 1e-9;

    @Test
    void fiftyOfAHundredAgainstSixtyOfAHundred() {
        // p̄ = 110/200 = 0.55; SE₀ = √(0.55·0.45·(1/100 + 1/100)) = √0.00495 = 0.0703562
        // z = 0.10 / 0.0703562 = 1.4213381, p = erfc(1.4213381/√2) = 0.1552185
        // diff CI: 0.10 ± 1.959964·√(0.25/100 + 0.24/100) = 0.10 ± 0.1371975
        // lift: ln(1.2) = 0.1823216 ± 1.959964·√(1/60 − 1/100 + 1/50 − 1/100) → [−6.8267 %, +54.5507 %]
        TwoProportionZTest.Result r = TwoProportionZTest.test(new ArmStats(100, 50), new ArmStats(100, 60), 0.05);
        assertEquals(0.10, r.difference(), EPS);
        assertEquals(1.4213381090374024, r.z(), EPS);
        assertEquals(0.1552184896846841, r.pValue(), 0.1552184896846841 * 1e-12);
        assertEquals(-0.03719747891780378, r.differenceLow(), 1e-8);
        assertEquals(0.23719747891780374, r.differenceHigh(), 1e-8);
        assertEquals(0.20, r.lift(), EPS);
        assertEquals(-0.06826673870075939, r.liftLow(), 1e-8);
        assertEquals(0.5455067021993127, r.liftHigh(), 1e-8);
    }

    @Test
    void tenPercentAgainstElevenAndAHalfPercentOnTenThousandTrialsEach() {
        // p̄ = 0.1075, SE₀ = √(0.1075·0.8925·2/10 000) = 0.00438049, z = 0.015/SE₀ = 3.4242693, p = 6.1645e-4
        // lift CI: ln 1.15 ± z_q·√(1/1150 − 1/10 000 + 1/1000 − 1/10 000) = 0.1397619 ± z_q·0.0408603
        TwoProportionZTest.Result r = TwoProportionZTest.test(new ArmStats(10_000, 1000), new ArmStats(10_000, 1150), 0.05);
        assertEquals(3.4242693353108837, r.z(), 1e-8);
        assertEquals(0.0006164549192148455, r.pValue(), 0.0006164549192148455 * 1e-12);
        assertEquals(0.15, r.lift(), EPS);
        assertEquals(0.06149384056135143, r.liftLow(), 1e-8);
        assertEquals(0.2458857032091868, r.liftHigh(), 1e-8);
        assertEquals(0.0064169016938018485, r.differenceLow(), 1e-9);
        assertEquals(0.02358309830619815, r.differenceHigh(), 1e-9);

        // α = 0.10: z_q = 1.6448536, a narrower interval, the same test
        TwoProportionZTest.Result r10 = TwoProportionZTest.test(new ArmStats(10_000, 1000), new ArmStats(10_000, 1150), 0.10);
        assertEquals(r.pValue(), r10.pValue(), 0);
        assertEquals(0.07524947836773532, r10.liftLow(), 1e-8);
        assertEquals(0.22994712074410772, r10.liftHigh(), 1e-8);
        assertEquals(0.007796836834354314, r10.differenceLow(), 1e-9);
    }

    @Test
    void swappingTheArmsNegatesZAndInvertsTheRatio() {
        TwoProportionZTest.Result ab = TwoProportionZTest.test(new ArmStats(4000, 420), new ArmStats(5000, 610), 0.05);
        TwoProportionZTest.Result ba = TwoProportionZTest.test(new ArmStats(5000, 610), new ArmStats(4000, 420), 0.05);
        assertEquals(-ab.z(), ba.z(), EPS);
        assertEquals(ab.pValue(), ba.pValue(), EPS);
        // (1 + lift_BA) = 1 / (1 + lift_AB), the interval's ends swap
        assertEquals(1 / (1 + ab.lift()), 1 + ba.lift(), EPS);
        assertEquals(1 / (1 + ab.liftHigh()), 1 + ba.liftLow(), 1e-12);
        assertEquals(1 / (1 + ab.liftLow()), 1 + ba.liftHigh(), 1e-12);
        assertEquals(-ab.differenceHigh(), ba.differenceLow(), 1e-12);
    }

    @Test
    void identicalArmsGiveZeroZPOneAndAnIntervalAroundZero() {
        TwoProportionZTest.Result r = TwoProportionZTest.test(new ArmStats(2000, 300), new ArmStats(2000, 300), 0.05);
        assertEquals(0, r.z(), 0);
        assertEquals(1, r.pValue(), 1e-12);
        assertEquals(0, r.lift(), 0);
        assertTrue(r.liftLow() < 0 && r.liftHigh() > 0);
        assertEquals(1 / (1 + r.liftLow()), 1 + r.liftHigh(), 1e-12); // symmetric on the log scale
        assertEquals(-r.differenceLow(), r.differenceHigh(), 1e-12);
    }

    @Test
    void anArmWithoutTrialsGivesNaNEstimatesAndNoEvidence() {
        TwoProportionZTest.Result r = TwoProportionZTest.test(new ArmStats(0, 0), new ArmStats(100, 10), 0.05);
        assertTrue(Double.isNaN(r.lift()) && Double.isNaN(r.liftLow()) && Double.isNaN(r.difference()) && Double.isNaN(r.z()));
        assertEquals(1, r.pValue(), 0);
    }

    @Test
    void ratesOfZeroOrOneInBothArmsAreIdenticalArms() {
        TwoProportionZTest.Result zeros = TwoProportionZTest.test(new ArmStats(1000, 0), new ArmStats(800, 0), 0.05);
        assertEquals(0, zeros.z(), 0);
        assertEquals(1, zeros.pValue(), 0);
        assertEquals(0, zeros.lift(), 0);
        assertEquals(-1, zeros.liftLow(), 0);   // neither rate is bounded away from 0: any ratio is possible
        assertEquals(Double.POSITIVE_INFINITY, zeros.liftHigh(), 0);
        assertTrue(zeros.differenceLow() < 0 && zeros.differenceHigh() > 0);

        TwoProportionZTest.Result ones = TwoProportionZTest.test(new ArmStats(1000, 1000), new ArmStats(800, 800), 0.05);
        assertEquals(1, ones.pValue(), 0);
        assertEquals(0, ones.lift(), 0);
        assertTrue(ones.liftLow() < 0 && ones.liftHigh() > 0, "Haldane's ½ keeps the interval open: " + ones);
        assertTrue(ones.liftHigh() < 0.01);
    }

    @Test
    void aControlWithoutSuccessUsesHaldaneAnscombeAndLeavesTheLiftUnboundedAbove() {
        // 0/1000 vs 5/1000: p̄ = 0.0025, z = 0.005/√(0.0025·0.9975·2/1000) = 2.2388683, p = 0.0251645
        // cells + ½: x̃_A = 0.5, ñ_A = 1001, x̃_B = 5.5, ñ_B = 1001
        // ln r̃ = ln 11 = 2.3978953, SE = √(1/5.5 − 1/1001 + 1/0.5 − 1/1001) = 1.4766 → low = e^(2.3979 − 1.96·1.4766) − 1 = −0.3909394
        TwoProportionZTest.Result r = TwoProportionZTest.test(new ArmStats(1000, 0), new ArmStats(1000, 5), 0.05);
        assertEquals(2.238868314198225, r.z(), 1e-8);
        assertEquals(0.025164485700318536, r.pValue(), 0.025164485700318536 * 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, r.lift(), 0);
        assertEquals(Double.POSITIVE_INFINITY, r.liftHigh(), 0);
        assertEquals(-0.3909394048204976, r.liftLow(), 1e-12);
        assertEquals(0.00021108288337638552, r.differenceLow(), 1e-15);
        assertEquals(0.009778927106633606, r.differenceHigh(), 1e-12);

        TwoProportionZTest.Result none = TwoProportionZTest.test(new ArmStats(1000, 5), new ArmStats(1000, 0), 0.05);
        assertEquals(-1, none.lift(), 0);
        assertEquals(-1, none.liftLow(), 0);
        assertTrue(none.liftHigh() > -1 && none.liftHigh() < 0.7);
    }

    @Test
    void rejectsImpossibleCountsAndLevels() {
        assertThrows(IllegalArgumentException.class, () -> new ArmStats(10, 11));
        assertThrows(IllegalArgumentException.class, () -> new ArmStats(-1, 0));
        var e = assertThrows(IllegalArgumentException.class,
                () -> TwoProportionZTest.test(new ArmStats(10, 1), new ArmStats(10, 2), 1.0));
        assertTrue(e.getMessage().contains("alpha"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TwoProportionZTest.test(new ArmStats(10, 1), new ArmStats(10, 2), 0));
    }

    @Test
    void printsOnOneLine() {
        String line = TwoProportionZTest.test(new ArmStats(10_000, 1000), new ArmStats(10_000, 1150), 0.05).toString();
        assertEquals("lift +15.00% [95% CI +6.15%, +24.59%], diff +1.50% [+0.64%, +2.36%], z 3.42, p 6.2e-04", line);
    }

    @Test
    void confidenceLevelsPrintWithoutFloatingPointDust() {
        assertEquals("95%", TwoProportionZTest.level(0.05));
        assertEquals("55%", TwoProportionZTest.level(0.45)); // 100·(1 − 0.45) = 55.00000000000001 in doubles
        assertEquals("97.5%", TwoProportionZTest.level(0.025));
    }
}
