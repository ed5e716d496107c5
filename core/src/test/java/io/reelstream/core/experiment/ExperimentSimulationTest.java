package io.reelstream.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The decision rule on simulated experiments: two Bernoulli streams (a hit or not per positive
 * swipe), the status looked at after every {@link #PEEK} trials per arm up to {@link #HORIZON},
 * the first non-INCONCLUSIVE outcome ends the run — as the lifecycle service would. Seeded
 * (run r uses SplittableRandom(seed + r)), so every figure is reproducible; each scenario prints
 * one line, the figures lifecycle/README.md "Statistics" quotes. About 8 s in all.
 */
class ExperimentSimulationTest {
    static final double BASE_RATE = 0.10;   // control hit rate
    static final int PEEK = 100;            // trials per arm between two looks
    static final int HORIZON = 40_000;      // trials per arm: 400 looks
    static final DecisionRule RULE = DecisionRule.DEFAULT; // 1000 trials, +5 %, α = 0.05, τ_rel = 0.10

    /** What a scenario's runs ended with. Sample sizes are trials per arm (control) at the deciding look. */
    record Result(String name, int runs, int promoted, int kept, int naiveSignificant, int naivePromoted,
                  int ciRulePromoted, int[] decidedAt, int[] ciRuleDecidedAt) {
        double promoteRate() { return promoted / (double) runs; }
        double keepRate() { return kept / (double) runs; }
        double naiveRate() { return naiveSignificant / (double) runs; }
        double naivePromoteRate() { return naivePromoted / (double) runs; }
        double ciRulePromoteRate() { return ciRulePromoted / (double) runs; }

        /** Share of runs decided (either way) by n trials per arm. */
        double decidedBy(int n) {
            return Arrays.stream(decidedAt).filter(d -> d <= n).count() / (double) runs;
        }

        /** Median trials per arm at the decision, over the decided runs (NaN if none). */
        double medianDecidedAt() {
            return median(decidedAt);
        }

        static double median(int[] looks) {
            if (looks.length == 0) return Double.NaN;
            int[] d = looks.clone();
            Arrays.sort(d);
            return d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2.0;
        }

        void print() {
            System.out.printf(Locale.ROOT, "%-34s runs %4d | promoted %5.1f%% kept %5.1f%% | decided by 10k %5.1f%%, 20k %5.1f%%,"
                            + " 40k %5.1f%%, median n %6.0f | naive peeking: p<0.05 at some look %5.1f%%, promotes %5.1f%%"
                            + " | CI-lower-bound rule promotes %5.1f%% (median n %6.0f)%n",
                    name, runs, 100 * promoteRate(), 100 * keepRate(), 100 * decidedBy(10_000), 100 * decidedBy(20_000),
                    100 * decidedBy(40_000), medianDecidedAt(), 100 * naiveRate(), 100 * naivePromoteRate(),
                    100 * ciRulePromoteRate(), median(ciRuleDecidedAt));
        }
    }

    /**
     * Runs an experiment with true rates pA (control) and pB (treatment), the treatment arm getting
     * {@code treatmentPerPeek} trials for every {@link #PEEK} of control (PEEK: a 50/50 split).
     * Besides the product's rule it records what naive peeking would have done (fixed-horizon
     * p &lt; α at any look after minSamples; and that plus lift ≥ minLift), and what the alternative
     * rule "always-valid p &lt; α and the CI's lower end ≥ minLift" would have promoted.
     */
    static Result simulate(String name, double pA, double pB, int treatmentPerPeek, int runs, long seed) {
        return simulate(name, pA, pB, treatmentPerPeek, runs, seed, RULE);
    }

    static Result simulate(String name, double pA, double pB, int treatmentPerPeek, int runs, long seed, DecisionRule rule) {
        int promoted = 0, kept = 0, naive = 0, naivePromoted = 0, ciPromoted = 0;
        int[] decidedAt = new int[runs], ciDecidedAt = new int[runs];
        int decided = 0, ciDecided = 0;
        for (int r = 0; r < runs; r++) {
            SplittableRandom rnd = new SplittableRandom(seed + r);
            long nB = 0, xA = 0, xB = 0;
            double previousP = 1.0;
            boolean naiveHit = false, naivePromote = false, ciPromote = false;
            Outcome outcome = Outcome.INCONCLUSIVE;
            for (int nA = PEEK; nA <= HORIZON && !(outcome != Outcome.INCONCLUSIVE && naiveHit && naivePromote
                    && ciPromote); nA += PEEK) {
                for (int i = 0; i < PEEK; i++) if (rnd.nextDouble() < pA) xA++;
                for (int i = 0; i < treatmentPerPeek; i++) if (rnd.nextDouble() < pB) xB++;
                nB += treatmentPerPeek;
                ExperimentAnalysis a = ExperimentStats.analyze(new ArmStats(nA, xA), new ArmStats(nB, xB), Metric.HIT_RATE,
                        rule, previousP);
                previousP = a.sequentialPValue();
                boolean enough = nA >= rule.minSamples() && nB >= rule.minSamples();
                if (enough && a.pValue() < rule.alpha()) {
                    naiveHit = true;
                    if (a.lift() >= rule.minLift()) naivePromote = true;
                }
                if (!ciPromote && enough && a.sequentialPValue() < rule.alpha() && a.liftLow() >= rule.minLift()) {
                    ciPromote = true;
                    ciDecidedAt[ciDecided++] = nA;
                }
                if (outcome == Outcome.INCONCLUSIVE && a.decided()) {
                    outcome = a.outcome();
                    decidedAt[decided++] = nA;
                }
            }
            if (outcome == Outcome.PROMOTE_TREATMENT) promoted++;
            if (outcome == Outcome.KEEP_CONTROL) kept++;
            if (naiveHit) naive++;
            if (naivePromote) naivePromoted++;
            if (ciPromote) ciPromoted++;
        }
        Result result = new Result(name, runs, promoted, kept, naive, naivePromoted, ciPromoted,
                Arrays.copyOf(decidedAt, decided), Arrays.copyOf(ciDecidedAt, ciDecided));
        result.print();
        return result;
    }

    @Test
    void aaExperimentsArePromotedInFewerThanFivePercentOfRunsWhileNaivePeekingInflatesTheFalsePositiveRate() {
        Result aa = simulate("A/A 10% vs 10%", BASE_RATE, BASE_RATE, PEEK, 1000, 1_000_000L);
        assertTrue(aa.promoteRate() < 0.05, "A/A promoted in " + aa.promoteRate() + " of runs");
        // Any decision at all (promote or stop) is a false positive here; the mSPRT bounds both together by α.
        assertTrue(aa.promoteRate() + aa.keepRate() < 0.05, "A/A decided in " + (aa.promoteRate() + aa.keepRate()));
        // The literature's point: "fixed-horizon p < 0.05 at any look" is far above 5 % after 400 looks.
        assertTrue(aa.naiveRate() > 0.20, "naive peeking rejected in only " + aa.naiveRate());
        assertTrue(aa.naivePromoteRate() > 0.10, "naive peeking promoted in only " + aa.naivePromoteRate());
    }

    @Test
    void aaStaysValidWithAnUnevenSplit() {
        // treatment share 0.2: 25 treatment trials per 100 control trials
        Result aa = simulate("A/A 10% vs 10%, share 0.2", BASE_RATE, BASE_RATE, PEEK / 4, 500, 2_000_000L);
        assertTrue(aa.promoteRate() + aa.keepRate() < 0.05, "A/A decided in " + (aa.promoteRate() + aa.keepRate()));
    }

    @Test
    void aFifteenPercentBetterTreatmentIsPromotedInMostRuns() {
        Result better = simulate("+15% (10% vs 11.5%)", BASE_RATE, BASE_RATE * 1.15, PEEK, 500, 3_000_000L);
        assertTrue(better.promoteRate() >= 0.95, "power " + better.promoteRate());
        assertTrue(better.decidedBy(20_000) >= 0.90, "decided by 20k: " + better.decidedBy(20_000));
        assertTrue(better.medianDecidedAt() <= 12_000, "median n " + better.medianDecidedAt());
        assertEquals(0, better.kept(), "a better treatment was stopped");
    }

    @Test
    void aFifteenPercentWorseTreatmentIsStopped() {
        Result worse = simulate("-15% (10% vs 8.5%)", BASE_RATE, BASE_RATE * 0.85, PEEK, 500, 4_000_000L);
        assertTrue(worse.keepRate() >= 0.95, "stopped in " + worse.keepRate());
        assertTrue(worse.medianDecidedAt() <= 12_000, "median n " + worse.medianDecidedAt());
        assertEquals(0, worse.promoted(), "a worse treatment was promoted");
    }

    @Test
    void aTwoPercentBetterTreatmentIsNotPromotedInTheVastMajorityOfRuns() {
        Result small = simulate("+2% (10% vs 10.2%)", BASE_RATE, BASE_RATE * 1.02, PEEK, 1000, 5_000_000L);
        assertTrue(small.promoteRate() < 0.10, "+2% promoted in " + small.promoteRate());
        assertTrue(small.keepRate() < 0.02, "+2% stopped in " + small.keepRate());
    }

    @Test
    void thePointEstimateRulePromotesAtLeastAsOftenAsTheCiLowerBoundRuleAtEveryLift() {
        // The comparison lifecycle/README.md uses to justify DecisionRule's choice.
        double[] lifts = {0.04, 0.05, 0.08, 0.10, 0.20};
        for (int i = 0; i < lifts.length; i++) {
            Result r = simulate(String.format(Locale.ROOT, "%+.0f%% (rule comparison)", 100 * lifts[i]), BASE_RATE,
                    BASE_RATE * (1 + lifts[i]), PEEK, 300, 6_000_000L + 1000L * i);
            assertTrue(r.promoteRate() >= r.ciRulePromoteRate(), "at " + lifts[i]);
        }
    }

    @Test
    void tauSweepEveryMixingSpreadKeepsAaBelowAlphaAndTheDefaultIsNearTheFastest() {
        // The figures behind Msprt.DEFAULT_TAU_RELATIVE (lifecycle/README.md, "Always-valid test").
        for (double tau : new double[] {0.05, 0.10, 0.15, 0.20}) {
            DecisionRule rule = new DecisionRule(RULE.minSamples(), RULE.minLift(), RULE.alpha(), tau);
            Result aa = simulate(String.format(Locale.ROOT, "tau %.2f A/A", tau), BASE_RATE, BASE_RATE, PEEK, 500,
                    7_000_000L, rule);
            Result better = simulate(String.format(Locale.ROOT, "tau %.2f +15%%", tau), BASE_RATE, BASE_RATE * 1.15, PEEK,
                    300, 8_000_000L, rule);
            assertTrue(aa.promoteRate() + aa.keepRate() < 0.05, "tau " + tau);
            assertTrue(better.promoteRate() >= 0.95, "tau " + tau);
        }
    }
}
