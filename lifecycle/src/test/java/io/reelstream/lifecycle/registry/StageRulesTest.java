package io.reelstream.lifecycle.registry;

import io.reelstream.lifecycle.experiment.ExperimentRules;
import io.reelstream.lifecycle.experiment.ExperimentSpec;
import io.reelstream.schemas.ModelRegistryEntry;
import io.reelstream.schemas.ModelStage;
import io.reelstream.schemas.StageTransition;
import io.reelstream.schemas.registry.RegistryEntries;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.reelstream.lifecycle.registry.Fixtures.als;
import static io.reelstream.lifecycle.registry.Fixtures.candidates;
import static io.reelstream.lifecycle.registry.Fixtures.lineage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StageRulesTest {
    private final StageRules rules = Fixtures.rules();

    private static ModelStage stage(RegistryView view, String version) {
        return view.entry(version).getStage();
    }

    private static StageTransition last(RegistryView view, String version) {
        List<StageTransition> t = view.entry(version).getTransitions();
        return t.get(t.size() - 1);
    }

    /** The version's latest transition out of PRODUCTION. */
    private static StageTransition leftProduction(RegistryView view, String version) {
        List<StageTransition> t = view.entry(version).getTransitions();
        for (int i = t.size() - 1; i >= 0; i--) if (t.get(i).getFrom() == ModelStage.PRODUCTION) return t.get(i);
        throw new AssertionError(version + " never left PRODUCTION");
    }

    private static void assertMessage(String expected, RuntimeException e) {
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    // ---------------------------------------------------------------- register

    @Test
    void registerWritesOneCandidateWithItsLineage() {
        RegistryChange change = rules.register(RegistryView.empty(), "run_a", "itemitem", lineage("run_0"),
                Map.of("itemitem.ndcg", 0.1), "publish", "trained by schedule");
        assertEquals(1, change.entries().size());
        assertTrue(change.removeRowsOf().isEmpty());
        ModelRegistryEntry e = change.entries().get(0);
        assertEquals(ModelStage.CANDIDATE, e.getStage());
        assertEquals("itemitem", e.getKind());
        assertEquals(1L, e.getRevision());
        assertEquals(Fixtures.NOW.toEpochMilli(), e.getRegisteredAt());
        assertEquals("run_0", e.getLineage().getParentVersion());
        StageTransition t = e.getTransitions().get(0);
        assertNull(t.getFrom());
        assertEquals(ModelStage.CANDIDATE, t.getTo());
        assertEquals("publish", t.getBy());
        assertEquals("trained by schedule", t.getReason());
    }

    @Test
    void registerRefusesAnExistingVersionAndBadNames() {
        RegistryView view = candidates(rules, "run_a");
        assertMessage("run_a is registered already (stage CANDIDATE)", assertThrows(RuleException.class,
                () -> rules.register(view, "run_a", "als", lineage(null), als(0.1), "publish", "")));
        assertMessage("must be non-empty and contain no '/'", assertThrows(RuleException.class,
                () -> rules.register(view, "a/b", "als", lineage(null), als(0.1), "publish", "")));
        assertMessage("model kind 'svd'", assertThrows(RuleException.class,
                () -> rules.register(view, "run_b", "svd", lineage(null), als(0.1), "publish", "")));
    }

    // ---------------------------------------------------------------- promote and the gate

    @Test
    void firstPromotionPassesAVacuousGate() {
        RegistryView view = candidates(rules, "run_a");
        RegistryView after = view.apply(rules.promote(view, "run_a", "alice", "first model", false));
        assertEquals(ModelStage.PRODUCTION, stage(after, "run_a"));
        StageTransition t = last(after, "run_a");
        assertEquals(ModelStage.CANDIDATE, t.getFrom());
        assertEquals("first model; no production version yet: gate vacuous", t.getReason());
        assertEquals("alice", t.getBy());
        assertFalse(t.getForced());
        assertEquals(2L, after.entry("run_a").getRevision());
        assertEquals(ModelStage.CANDIDATE, stage(view, "run_a"), "the rule never mutates the view it was given");
    }

    @Test
    void promotionWithinTheMarginPassesAndArchivesTheOldProduction() {
        RegistryView view = candidates(rules, "run_a");
        view = view.apply(rules.promote(view, "run_a", "alice", "", false));
        // 0.0895 is 0.56 % below 0.09: inside the default 1 % margin
        view = view.apply(rules.register(view, "run_b", "als", lineage("run_a"), als(0.0895), "publish", ""));
        RegistryChange change = rules.promote(view, "run_b", "bob", "retrained", false);
        RegistryView after = view.apply(change);

        assertEquals(ModelStage.PRODUCTION, stage(after, "run_b"));
        assertEquals(ModelStage.ARCHIVED, stage(after, "run_a"));
        assertEquals("replaced by run_b", last(after, "run_a").getReason());
        StageTransition promoted = last(after, "run_b");
        assertTrue(promoted.getReason().startsWith("retrained; gate passed: run_b als.ndcg 0.0895 vs production run_a"
                + " als.ndcg 0.0900: -0.6 % (margin 1.0 %)"), promoted.getReason());
        assertEquals(0.0895, promoted.getDetails().get("candidate.als.ndcg"));
        assertEquals(0.09, promoted.getDetails().get("production.als.ndcg"));
        assertEquals(1.0, promoted.getDetails().get("gate.passed"));
        assertEquals(Set.of(), change.removeRowsOf(), "the old production is the rollback target: its rows stay");
        assertEquals(List.of("run_a"), after.rollbackChain());
        assertEquals(promoted.getAt(), last(after, "run_a").getAt(), "one change, one time");
    }

    @Test
    void theGateRefusesAWorseVersionWithTheNumbers() {
        RegistryView view = candidates(rules, "run_a");
        RegistryView prod = view.apply(rules.promote(view, "run_a", "alice", "", false));
        RegistryView v = prod.apply(rules.register(prod, "run_b", "als", lineage("run_a"), als(0.085), "publish", ""));
        GateRefusedException e = assertThrows(GateRefusedException.class, () -> rules.promote(v, "run_b", "bob", "", false));
        assertEquals("gate refused run_b: run_b als.ndcg 0.0850 vs production run_a als.ndcg 0.0900: -5.6 % (margin 1.0 %)."
                + " To promote anyway: models promote run_b --force --reason TEXT", e.getMessage());
        assertFalse(e.gate().passed());
        assertTrue(e.gate().comparable());
        assertEquals(-0.0556, e.gate().relativeChange(), 1e-4);
    }

    @Test
    void forceOverridesTheGateAndIsRecordedWithTheNumbers() {
        RegistryView view = candidates(rules, "run_a");
        view = view.apply(rules.promote(view, "run_a", "alice", "", false));
        RegistryView v = view.apply(rules.register(view, "run_b", "als", lineage("run_a"), als(0.085), "publish", ""));
        assertMessage("--force needs --reason TEXT", assertThrows(RuleException.class,
                () -> rules.promote(v, "run_b", "bob", " ", true)));

        RegistryView after = v.apply(rules.promote(v, "run_b", "bob", "offline split is stale", true));
        StageTransition t = last(after, "run_b");
        assertTrue(t.getForced());
        assertTrue(t.getReason().startsWith("offline split is stale; forced past the gate: run_b als.ndcg 0.0850"), t.getReason());
        assertEquals(0.085, t.getDetails().get("candidate.als.ndcg"));
        assertEquals(0.0, t.getDetails().get("gate.passed"));
    }

    @Test
    void forceIsNotRecordedWhenTheGatePassesAnyway() {
        RegistryView view = candidates(rules, "run_a", "run_b");
        view = view.apply(rules.promote(view, "run_a", "alice", "", false));
        StageTransition t = last(view.apply(rules.promote(view, "run_b", "bob", "why not", true)), "run_b");
        assertFalse(t.getForced());
        assertTrue(t.getReason().endsWith("--force not needed"), t.getReason());
    }

    @Test
    void theGateRefusesMetricsOfIncomparableEvaluations() {
        RegistryView view = candidates(rules, "run_a");
        RegistryView prod = view.apply(rules.promote(view, "run_a", "alice", "", false));
        RegistryView otherK = prod.apply(rules.register(prod, "run_k", "als", lineage("run_a", Map.of("eval.k", "20")),
                Map.of("als.ndcg", 0.2, "eval.k", 20.0, "eval.final", 0.0), "publish", ""));
        assertMessage("not comparable (eval.k 20 vs 10)", assertThrows(GateRefusedException.class,
                () -> rules.promote(otherK, "run_k", "bob", "", false)));
        RegistryView otherSplit = prod.apply(rules.register(prod, "run_s", "als",
                lineage("run_a", Map.of("split.mode", "last1")), als(0.2), "publish", ""));
        assertMessage("split.mode last1 vs temporal", assertThrows(GateRefusedException.class,
                () -> rules.promote(otherSplit, "run_s", "bob", "", false)));
        RegistryView unevaluated = prod.apply(rules.register(prod, "run_u", "als", lineage("run_a"),
                Map.of("eval.k", 10.0, "eval.final", 0.0), "publish", ""));
        assertMessage("run_u has no offline metric als.ndcg", assertThrows(GateRefusedException.class,
                () -> rules.promote(unevaluated, "run_u", "bob", "", false)));
        // and --force gets past it, recorded
        StageTransition forced = last(otherK.apply(rules.promote(otherK, "run_k", "bob", "k=20 is the new protocol", true)), "run_k");
        assertTrue(forced.getForced());
        assertEquals(0.0, forced.getDetails().get("gate.comparable"));
        assertEquals(20.0, forced.getDetails().get("candidate.eval.k"));
    }

    @Test
    void eachVersionIsMeasuredByItsOwnServingKind() {
        RegistryView view = candidates(rules, "run_a");
        view = view.apply(rules.promote(view, "run_a", "alice", "", false));
        RegistryView v = view.apply(rules.register(view, "run_i", "itemitem", lineage("run_a"),
                Map.of("itemitem.ndcg", 0.106, "als.ndcg", 0.05, "eval.k", 10.0, "eval.final", 0.0), "publish", ""));
        StageTransition t = last(v.apply(rules.promote(v, "run_i", "bob", "", false)), "run_i");
        assertEquals(0.106, t.getDetails().get("candidate.itemitem.ndcg"));
        assertEquals(0.09, t.getDetails().get("production.als.ndcg"));
    }

    @Test
    void promoteRefusesUnknownArchivedAndProductionVersions() {
        RegistryView view = candidates(rules, "run_a", "run_b");
        assertMessage("unknown model version 'run_x' (registered: run_a, run_b; see 'models list')",
                assertThrows(RuleException.class, () -> rules.promote(view, "run_x", "bob", "", false)));
        RegistryView prod = view.apply(rules.promote(view, "run_a", "alice", "", false));
        assertMessage("run_a is PRODUCTION already", assertThrows(RuleException.class,
                () -> rules.promote(prod, "run_a", "bob", "", false)));
        RegistryView archived = prod.apply(rules.archive(prod, "run_b", "bob", "bad data"));
        assertMessage("run_b is ARCHIVED: an archived version comes back only by 'models rollback'",
                assertThrows(RuleException.class, () -> archived.apply(rules.promote(archived, "run_b", "bob", "", false))));
        assertMessage("the registry is empty", assertThrows(RuleException.class,
                () -> rules.promote(RegistryView.empty(), "run_a", "bob", "", false)));
    }

    // ---------------------------------------------------------------- retention

    @Test
    void aThirdPromotionRemovesTheRowsOfTheVersionNoLongerARollbackTarget() {
        RegistryView view = candidates(rules, "run_a", "run_b", "run_c");
        view = view.apply(rules.promote(view, "run_a", "alice", "", false));
        view = view.apply(rules.promote(view, "run_b", "alice", "", false));
        RegistryChange third = rules.promote(view, "run_c", "alice", "", false);
        RegistryView after = view.apply(third);

        assertEquals(Set.of("run_a"), third.removeRowsOf());
        assertTrue(RegistryView.rowsRemoved(after.entry("run_a")));
        StageTransition removed = last(after, "run_a");
        assertEquals(ModelStage.ARCHIVED, removed.getFrom());
        assertEquals(ModelStage.ARCHIVED, removed.getTo());
        assertTrue(removed.getReason().startsWith("rows removed from item-embeddings and item-neighbours"), removed.getReason());
        assertEquals(List.of("run_b", "run_a"), after.rollbackChain());
        assertFalse(RegistryView.rowsRemoved(after.entry("run_b")));
        // one write per entry per change
        assertEquals(view.entry("run_b").getRevision() + 1, after.entry("run_b").getRevision());
        // a later change does not remove run_a again
        RegistryView withD = after.apply(rules.register(after, "run_d", "als", lineage("run_c"), als(0.09), "publish", ""));
        assertEquals(Set.of("run_d"), rules.archive(withD, "run_d", "bob", "").removeRowsOf());
    }

    @Test
    void keepingTwoArchivedVersionsKeepsTwoRollbackTargets() {
        StageRules keep2 = new StageRules(RegistryPolicy.defaults().with(RegistryPolicy.KEEP_ARCHIVED_CONFIG, "2"), Fixtures.CLOCK);
        RegistryView view = candidates(keep2, "run_a", "run_b", "run_c", "run_d");
        for (String v : List.of("run_a", "run_b", "run_c")) view = view.apply(keep2.promote(view, v, "alice", "", false));
        assertFalse(RegistryView.rowsRemoved(view.entry("run_a")));
        RegistryChange fourth = keep2.promote(view, "run_d", "alice", "", false);
        assertEquals(Set.of("run_a"), fourth.removeRowsOf());
        assertEquals(List.of("run_c", "run_b"), keep2.kept(view.apply(fourth)));
    }

    @Test
    void archivingACandidateRemovesItsRowsInTheSameChange() {
        RegistryView view = candidates(rules, "run_a", "run_b");
        view = view.apply(rules.promote(view, "run_a", "alice", "", false));
        RegistryChange change = rules.archive(view, "run_b", "bob", "bad data");
        RegistryView after = view.apply(change);
        assertEquals(Set.of("run_b"), change.removeRowsOf());
        ModelRegistryEntry b = after.entry("run_b");
        List<StageTransition> t = b.getTransitions();
        assertEquals(ModelStage.ARCHIVED, t.get(1).getTo());
        assertEquals("bad data", t.get(1).getReason());
        assertEquals(1.0, t.get(2).getDetails().get(RegistryView.ROWS_REMOVED));
        assertEquals(2L, b.getRevision(), "two transitions, one write");
        RegistryEntries.checkAppendOnly(view.entry("run_b"), b);
    }

    // ---------------------------------------------------------------- rollback

    @Test
    void rollbackRestoresThePreviousProductionAndWalksBackTheHistory() {
        StageRules keep2 = new StageRules(RegistryPolicy.defaults().with(RegistryPolicy.KEEP_ARCHIVED_CONFIG, "2"), Fixtures.CLOCK);
        RegistryView view = candidates(keep2, "run_a", "run_b", "run_c");
        for (String v : List.of("run_a", "run_b", "run_c")) view = view.apply(keep2.promote(view, v, "alice", "", false));

        RegistryChange first = keep2.rollback(view, "carol", "lists look wrong");
        RegistryView once = view.apply(first);
        assertEquals(ModelStage.PRODUCTION, stage(once, "run_b"));
        assertEquals(ModelStage.ARCHIVED, stage(once, "run_c"));
        assertEquals("rollback: lists look wrong", leftProduction(once, "run_c").getReason());
        assertTrue(last(once, "run_b").getReason().contains("rollback: restores run_b in place of run_c"));
        // run_c left production by a rollback: it is no rollback target (the chain is [run_a]), so its rows go
        assertEquals(List.of("run_a"), once.rollbackChain());
        assertEquals(Set.of("run_c"), first.removeRowsOf());

        RegistryView twice = once.apply(keep2.rollback(once, "carol", ""));
        assertEquals(ModelStage.PRODUCTION, stage(twice, "run_a"));
        assertEquals("rollback", leftProduction(twice, "run_b").getReason());
        assertMessage("no previous production version to roll back to: run_a is the first version in production",
                assertThrows(RuleException.class, () -> keep2.rollback(twice, "carol", "")));
    }

    @Test
    void rollbackFailsWithoutProductionOrWhenTheTargetsRowsAreGone() {
        assertMessage("no PRODUCTION version: nothing to roll back", assertThrows(RuleException.class,
                () -> rules.rollback(candidates(rules, "run_a"), "carol", "")));
        RegistryView view = candidates(rules, "run_a", "run_b", "run_c");
        for (String v : List.of("run_a", "run_b", "run_c")) view = view.apply(rules.promote(view, v, "alice", "", false));
        RegistryView once = view.apply(rules.rollback(view, "carol", ""));
        assertEquals(ModelStage.PRODUCTION, stage(once, "run_b"));
        // with keep 1, run_a's rows went when run_c was promoted: no second rollback
        RuleException e = assertThrows(RuleException.class, () -> rules.rollback(once, "carol", ""));
        assertEquals("cannot roll back to run_a: its rows were removed from item-embeddings and item-neighbours"
                + " (retention.keep.archived = 1); promote another version instead", e.getMessage());
    }

    // ---------------------------------------------------------------- archive

    @Test
    void archiveRefusesProductionAndArchivedVersions() {
        RegistryView view = candidates(rules, "run_a", "run_b");
        RegistryView prod = view.apply(rules.promote(view, "run_a", "alice", "", false));
        assertMessage("run_a is PRODUCTION and cannot be archived: promote another version or roll back first",
                assertThrows(RuleException.class, () -> rules.archive(prod, "run_a", "bob", "")));
        RegistryView archived = prod.apply(rules.archive(prod, "run_b", "bob", ""));
        assertEquals("archived", archived.entry("run_b").getTransitions().get(1).getReason());
        assertMessage("run_b is ARCHIVED already", assertThrows(RuleException.class,
                () -> rules.archive(archived, "run_b", "bob", "")));
        assertMessage("unknown model version 'nope'", assertThrows(RuleException.class,
                () -> rules.archive(archived, "nope", "bob", "")));
    }

    // ---------------------------------------------------------------- experiments and stages

    @Test
    void productionDoesNotChangeWhileAnExperimentRuns() {
        RegistryView view = candidates(rules, "run_a", "run_b", "run_c");
        view = view.apply(rules.promote(view, "run_a", "alice", "", false));
        RegistryView running = view.apply(new ExperimentRules(rules).start(view,
                ExperimentSpec.of("run_a", "run_b", 0.5).withId("exp-1"), "alice", ""));
        assertEquals(ModelStage.STAGING, stage(running, "run_b"));
        assertMessage("cannot promote run_c while experiment exp-1 is running (control run_a, treatment run_b): stop it first"
                + " with 'experiments stop exp-1'", assertThrows(RuleException.class,
                () -> rules.promote(running, "run_c", "bob", "", false)));
        assertMessage("cannot roll back run_a while experiment exp-1 is running", assertThrows(RuleException.class,
                () -> rules.rollback(running, "bob", "")));
        assertMessage("run_b is an arm of running experiment exp-1: stop it first", assertThrows(RuleException.class,
                () -> rules.archive(running, "run_b", "bob", "")));
        assertEquals(ModelStage.ARCHIVED, stage(running.apply(rules.archive(running, "run_c", "bob", "")), "run_c"),
                "a version outside the experiment can still be archived");
    }

    @Test
    void transitionTimesAreStrictlyOrderedEvenWithAStoppedClock() {
        RegistryView view = candidates(rules, "run_a", "run_b", "run_c");
        long a = view.entry("run_a").getRegisteredAt();
        long b = view.entry("run_b").getRegisteredAt();
        long c = view.entry("run_c").getRegisteredAt();
        assertTrue(a < b && b < c, a + " " + b + " " + c);
        RegistryView after = view.apply(rules.promote(view, "run_b", "alice", "", false));
        assertEquals(c + 1, last(after, "run_b").getAt());
    }
}
