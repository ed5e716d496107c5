package io.reelstream.lifecycle.experiment;

import io.reelstream.lifecycle.registry.Fixtures;
import io.reelstream.lifecycle.registry.RegistryChange;
import io.reelstream.lifecycle.registry.RegistryView;
import io.reelstream.lifecycle.registry.RuleException;
import io.reelstream.lifecycle.registry.StageRules;
import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ExperimentDecision;
import io.reelstream.schemas.ExperimentOutcome;
import io.reelstream.schemas.ExperimentStatus;
import io.reelstream.schemas.ModelStage;
import io.reelstream.schemas.StageTransition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentRulesTest {
    private final StageRules stages = Fixtures.rules();
    private final ExperimentRules rules = new ExperimentRules(stages);

    /** run_a in production, run_b and run_c candidates, run_x archived. */
    private RegistryView registry() {
        RegistryView view = Fixtures.candidates(stages, "run_a", "run_b", "run_c", "run_x");
        view = view.apply(stages.promote(view, "run_a", "alice", "", false));
        return view.apply(stages.archive(view, "run_x", "alice", ""));
    }

    private static void assertRefused(String expected, Runnable r) {
        RuleException e = assertThrows(RuleException.class, r::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static StageTransition last(RegistryView view, String version) {
        List<StageTransition> t = view.entry(version).getTransitions();
        return t.get(t.size() - 1);
    }

    @Test
    void startWritesARunningExperimentAndStagesTheTreatment() {
        RegistryView view = registry();
        RegistryChange change = rules.start(view, ExperimentSpec.of("run_a", "run_b", 0.3)
                .withMetric("like_rate").withDecisionRule(500, 0.1, 0.01, false), "alice", "does recency help?");
        RegistryView after = view.apply(change);
        Experiment x = change.experiments().get(0);
        assertEquals("exp-20261207-101530", x.getExperimentId());
        assertEquals(ExperimentStatus.RUNNING, x.getStatus());
        assertEquals("run_a", x.getControlVersion());
        assertEquals("run_b", x.getTreatmentVersion());
        assertEquals(0.3, x.getTreatmentShare());
        assertEquals("like_rate", x.getMetric());
        assertEquals(500L, x.getMinSamples());
        assertEquals(0.1, x.getMinLift());
        assertEquals(0.01, x.getAlpha());
        assertEquals(false, x.getAutoPromote());
        assertEquals("alice", x.getStartedBy());
        assertEquals("does recency help?", x.getReason());
        assertNull(x.getEndedAt());
        assertEquals(ModelStage.STAGING, after.entry("run_b").getStage());
        StageTransition t = last(after, "run_b");
        assertEquals("does recency help?; treatment of experiment exp-20261207-101530 against run_a, share 0.3", t.getReason());
        assertEquals(0.3, t.getDetails().get("experiment.share"));
        assertEquals(x.getStartedAt(), t.getAt());
        assertEquals(ModelStage.PRODUCTION, after.entry("run_a").getStage(), "the control keeps its stage");
        assertEquals(Set.of(), change.removeRowsOf());
    }

    @Test
    void startRefusesBadArmsAndParameters() {
        RegistryView view = registry();
        assertRefused("unknown model version 'run_q'", () -> rules.start(view, ExperimentSpec.of("run_a", "run_q", 0.5), "a", ""));
        assertRefused("unknown model version 'run_q'", () -> rules.start(view, ExperimentSpec.of("run_q", "run_b", 0.5), "a", ""));
        assertRefused("treatment run_x is ARCHIVED", () -> rules.start(view, ExperimentSpec.of("run_a", "run_x", 0.5), "a", ""));
        assertRefused("control run_x is ARCHIVED", () -> rules.start(view, ExperimentSpec.of("run_x", "run_b", 0.5), "a", ""));
        assertRefused("control and treatment are the same version run_b",
                () -> rules.start(view, ExperimentSpec.of("run_b", "run_b", 0.5), "a", ""));
        for (double share : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
            assertRefused("--share must be in (0, 1)", () -> rules.start(view, ExperimentSpec.of("run_a", "run_b", share), "a", ""));
        }
        assertRefused("unknown metric 'ctr': choose hit_rate or like_rate",
                () -> rules.start(view, ExperimentSpec.of("run_a", "run_b", 0.5).withMetric("ctr"), "a", ""));
        assertRefused("--min-samples must be >= 1", () -> rules.start(view,
                ExperimentSpec.of("run_a", "run_b", 0.5).withDecisionRule(0, 0.05, 0.05, true), "a", ""));
        assertRefused("--min-lift must be >= 0", () -> rules.start(view,
                ExperimentSpec.of("run_a", "run_b", 0.5).withDecisionRule(10, -0.05, 0.05, true), "a", ""));
        assertRefused("treatment run_a is PRODUCTION: the treatment is the challenger",
                () -> rules.start(view, ExperimentSpec.of("run_b", "run_a", 0.5), "a", ""));
        assertRefused("experiment id 'a/b' must be", () -> rules.start(view,
                ExperimentSpec.of("run_a", "run_b", 0.5).withId("a/b"), "a", ""));
    }

    @Test
    void oneExperimentAtATimeAndIdsAreUnique() {
        RegistryView view = registry();
        RegistryView running = view.apply(rules.start(view, ExperimentSpec.of("run_a", "run_b", 0.5).withId("exp-1"), "a", ""));
        assertRefused("experiment exp-1 is running (control run_a, treatment run_b) and every experiment splits all users:"
                + " stop it first with 'experiments stop exp-1'",
                () -> rules.start(running, ExperimentSpec.of("run_a", "run_c", 0.5).withId("exp-2"), "a", ""));
        RegistryView stopped = running.apply(rules.stop(running, "exp-1", "a", ""));
        assertRefused("experiment exp-1 exists already (STOPPED); choose another --id",
                () -> rules.start(stopped, ExperimentSpec.of("run_a", "run_c", 0.5).withId("exp-1"), "a", ""));
        assertEquals(ExperimentStatus.RUNNING, stopped.apply(rules.start(stopped,
                ExperimentSpec.of("run_a", "run_c", 0.5).withId("exp-2"), "a", "")).experiment("exp-2").getStatus());
    }

    @Test
    void stopReturnsTheTreatmentToCandidate() {
        RegistryView view = registry();
        RegistryView running = view.apply(rules.start(view, ExperimentSpec.of("run_a", "run_b", 0.5).withId("exp-1"), "a", "go"));
        RegistryChange change = rules.stop(running, "exp-1", "bob", "enough");
        RegistryView after = running.apply(change);
        Experiment x = after.experiment("exp-1");
        assertEquals(ExperimentStatus.STOPPED, x.getStatus());
        assertEquals("enough", x.getReason());
        assertEquals(change.entries().get(0).getTransitions().get(2).getAt(), x.getEndedAt());
        assertEquals(ModelStage.CANDIDATE, after.entry("run_b").getStage());
        assertEquals("enough; experiment exp-1 stopped without promotion", last(after, "run_b").getReason());
        assertEquals("bob", last(after, "run_b").getBy());
        assertRefused("experiment exp-1 is STOPPED already", () -> rules.stop(after, "exp-1", "bob", ""));
        assertRefused("unknown experiment 'exp-9' (known: exp-1; see 'experiments list')",
                () -> rules.stop(after, "exp-9", "bob", ""));
        assertEquals(List.of("exp-1"), ExperimentRules.list(after).stream().map(Experiment::getExperimentId).toList());
    }

    private static ExperimentDecision decision(ExperimentOutcome outcome, double lift) {
        return ExperimentDecision.newBuilder().setOutcome(outcome).setControlTrials(2000).setControlSuccesses(200)
                .setTreatmentTrials(2000).setTreatmentSuccesses((long) (200 * (1 + lift))).setLift(lift)
                .setLiftLow(lift - 0.05).setLiftHigh(lift + 0.05).setPValue(0.01).setSequentialPValue(0.03)
                .setDecidedAt(1L).build();
    }

    @Test
    void concludingPromotesArchivesOrReturnsTheTreatment() {
        RegistryView view = registry();
        RegistryView running = view.apply(rules.start(view, ExperimentSpec.of("run_a", "run_b", 0.5).withId("exp-1"), "a", ""));

        RegistryView promoted = running.apply(rules.conclude(running, "exp-1",
                decision(ExperimentOutcome.PROMOTE_TREATMENT, 0.08), "lifecycle", ""));
        assertEquals(ExperimentStatus.CONCLUDED, promoted.experiment("exp-1").getStatus());
        assertEquals(ModelStage.PRODUCTION, promoted.entry("run_b").getStage());
        assertEquals(ModelStage.ARCHIVED, promoted.entry("run_a").getStage());
        assertEquals(0.08, last(promoted, "run_b").getDetails().get("experiment.lift"));
        assertEquals(List.of("run_a"), promoted.rollbackChain());

        RegistryChange worse = rules.conclude(running, "exp-1", decision(ExperimentOutcome.KEEP_CONTROL, -0.1), "lifecycle", "");
        RegistryView archived = running.apply(worse);
        assertEquals(ModelStage.ARCHIVED, archived.entry("run_b").getStage());
        assertEquals(Set.of("run_b"), worse.removeRowsOf(), "a significantly worse treatment is retired with its rows");
        assertEquals(ModelStage.PRODUCTION, archived.entry("run_a").getStage());

        RegistryView inconclusive = running.apply(rules.conclude(running, "exp-1",
                decision(ExperimentOutcome.INCONCLUSIVE, 0.01), "lifecycle", ""));
        assertEquals(ModelStage.CANDIDATE, inconclusive.entry("run_b").getStage());
        assertEquals("concluded: INCONCLUSIVE", inconclusive.experiment("exp-1").getReason());
    }
}
