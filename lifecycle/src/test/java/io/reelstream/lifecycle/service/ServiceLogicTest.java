package io.reelstream.lifecycle.service;

import io.reelstream.core.experiment.Metric;
import io.reelstream.lifecycle.experiment.ExperimentRules;
import io.reelstream.lifecycle.experiment.ExperimentSpec;
import io.reelstream.lifecycle.registry.Fixtures;
import io.reelstream.lifecycle.registry.RegistryView;
import io.reelstream.lifecycle.registry.StageRules;
import io.reelstream.lifecycle.trigger.QualityWindow;
import io.reelstream.schemas.ArmCounts;
import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.OnlineMetrics;
import io.reelstream.core.preference.Preference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service's pure parts: the experiment watch, production's windows, the feedback log, the training set, the candidate plan. */
class ServiceLogicTest {
    @TempDir
    Path dir;

    private static Experiment experiment(long minSamples) {
        StageRules rules = Fixtures.rules();
        RegistryView view = Fixtures.candidates(rules, "v1", "v2");
        return new ExperimentRules(rules).start(view, ExperimentSpec.of("v1", "v2", 0.5).withId("e")
                .withDecisionRule(minSamples, 0.05, 0.05, true), "t", "t").experiments().get(0);
    }

    private static ArmCounts counts(long trials, long hits) {
        return ArmCounts.newBuilder().setUsers(1).setSwipes(trials).setPositives(trials).setShownSwipes(trials).setHits(hits).build();
    }

    @Test
    void theWatchLooksOnChangeCarriesPAndConcludesOnASignificantLift() {
        Experiment x = experiment(1000);
        ExperimentWatch w = ExperimentWatch.resume(x, 60_000, 0);
        assertEquals(1.0, w.p());
        var first = w.look(x, counts(500, 50), counts(500, 60), 1).orElseThrow();
        assertEquals(ExperimentWatch.Action.WAIT, first.action(), "below minSamples");
        assertTrue(w.look(x, counts(500, 50), counts(500, 60), 2).isEmpty(), "unchanged counts are no look");
        var persist = w.look(x, counts(800, 80), counts(800, 100), 60_001).orElseThrow();
        assertEquals(ExperimentWatch.Action.PERSIST, persist.action(), "p fell and a minute passed");
        w.stored(60_001);
        assertTrue(!w.unstored());
        var decided = w.look(x, counts(5000, 500), counts(5000, 650), 60_002).orElseThrow();
        assertEquals(ExperimentWatch.Action.CONCLUDE, decided.action());
        assertTrue(decided.analysis().lift() > 0.25 && w.p() < 0.05);
    }

    @Test
    void aWatchResumesAtTheStoredP() {
        Experiment x = experiment(1000);
        var d = io.reelstream.lifecycle.stats.ExperimentRecords.toDecision(io.reelstream.lifecycle.stats.ExperimentRecords.analyze(
                counts(900, 90), counts(900, 110), "hit_rate", 1000, 0.05, 0.05, 1.0), 5);
        Experiment stored = Experiment.newBuilder(x).setDecision(d).build();
        ExperimentWatch w = ExperimentWatch.resume(stored, 60_000, 0);
        assertEquals(d.getSequentialPValue(), w.p(), 0.0);
        assertTrue(w.p() < 1);
    }

    @Test
    void qualityWindowsCloseWhenTheNextWindowStarts() {
        QualityWindows q = new QualityWindows(Metric.HIT_RATE);
        q.add("version/v1", window(0, 10, 1));
        q.add("version/v1", window(0, 100, 9));
        q.add("exp/e/control", window(0, 100, 9));
        assertEquals(List.of(), q.closed("v1"));
        q.add("version/v1", window(60_000, 5, 1));
        q.add("version/v1", window(0, 500, 9)); // a late record of a closed window
        assertEquals(List.of(new QualityWindow(0, 100, 9)), q.closed("v1"));
        assertEquals(List.of(), q.closed("v2"));
    }

    private static OnlineMetrics window(long start, long trials, long hits) {
        ArmCounts c = counts(trials, hits);
        return OnlineMetrics.newBuilder().setScope("s").setModelVersion("v1").setCumulative(c).setWindowStart(start)
                .setWindowMs(60_000).setWindow(c).setUpdatedAt(start).build();
    }

    @Test
    void theFeedbackLogCountsAndForgetsWhatARetrainUsed() {
        FeedbackLog log = new FeedbackLog();
        for (int i = 0; i < 3000; i++) log.add(i % 7, i % 11, i % 2 == 0 ? 2 : -1, 1000L * i);
        assertEquals(3000, log.size());
        assertArrayEquals(new long[] {0, 1500, 0, 1500}, log.preferenceCounts());
        List<FeedbackLog.Row> used = log.first(1001);
        log.dropFirst(1001);
        assertEquals(1999, log.size());
        assertEquals(new FeedbackLog.Row(1001 % 7, 1001 % 11, -1, 1_001_000L), log.row(0));
        assertArrayEquals(new long[] {0, 1000, 0, 999}, log.preferenceCounts());
        assertEquals(1001, used.size());
        assertEquals(1999L, log.perMovie().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void withoutARetrainTheLogKeepsCountsOnly() {
        FeedbackLog log = new FeedbackLog(false);
        for (int i = 0; i < 500; i++) log.add(i, i % 5, i % 2 == 0 ? 1 : -2, i);
        assertEquals(500, log.count());
        assertEquals(0, log.size(), "no rows");
        assertArrayEquals(new long[] {250, 0, 250, 0}, log.preferenceCounts());
        assertEquals(Map.of(0, 100L, 1, 100L, 2, 100L, 3, 100L, 4, 100L), log.perMovie());
    }

    @Test
    void aLookIsRecordedOnARunningExperimentOnly() {
        StageRules rules = Fixtures.rules();
        RegistryView view = Fixtures.candidates(rules, "v1", "v2");
        ExperimentRules x = new ExperimentRules(rules);
        view = view.apply(x.start(view, ExperimentSpec.of("v1", "v2", 0.5).withId("e"), "t", "t"));
        var look = io.reelstream.lifecycle.stats.ExperimentRecords.toDecision(io.reelstream.lifecycle.stats.ExperimentRecords.analyze(
                counts(900, 90), counts(900, 110), "hit_rate", 1000, 0.05, 0.05, 1.0), 5);
        var change = x.recordLook(view, "e", look);
        assertEquals(List.of(), change.entries(), "no stage change");
        assertEquals(io.reelstream.schemas.ExperimentStatus.RUNNING, change.experiments().get(0).getStatus());
        assertEquals(look, change.experiments().get(0).getDecision());
        var decided = io.reelstream.schemas.ExperimentDecision.newBuilder(look)
                .setOutcome(io.reelstream.schemas.ExperimentOutcome.PROMOTE_TREATMENT).build();
        RegistryView running = view;
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> x.recordLook(running, "e", decided));
        RegistryView stopped = view.apply(x.stop(view, "e", "t", "enough"));
        org.junit.jupiter.api.Assertions.assertThrows(io.reelstream.lifecycle.registry.RuleException.class,
                () -> x.recordLook(stopped, "e", look));
    }

    @Test
    void theTrainingSetIsTheRatingsPlusTheSwipesInsideTheirBuckets() throws IOException {
        Path data = Files.createDirectories(dir.resolve("ml"));
        Files.writeString(data.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,10,4.0,100\n2,10,1.5,200");
        Files.writeString(data.resolve("movies.csv"), "movieId,title,genres\n10,Heat (1995),Action\n");
        List<FeedbackLog.Row> swipes = List.of(new FeedbackLog.Row(3, 10, 2, 5_000_999L), new FeedbackLog.Row(3, 11, 1, 6_000L),
                new FeedbackLog.Row(4, 10, -1, 7_000L), new FeedbackLog.Row(4, 11, -2, 8_000L),
                new FeedbackLog.Row(1, 10, -2, 9_000L), new FeedbackLog.Row(3, 11, -1, 9_500L));
        Path out = RatingsFiles.writeTrainingSet(data, swipes, dir.resolve("out"));
        List<String> lines = Files.readAllLines(out.resolve("ratings.csv"));
        // a user's latest swipe on a movie replaces the rating and the earlier swipes of that pair
        assertEquals(List.of("userId,movieId,rating,timestamp", "2,10,1.5,200", "3,10,5.0,5000", "4,10,2.5,7", "4,11,1.0,8",
                "1,10,1.0,9", "3,11,2.5,9"), lines);
        assertTrue(Files.isRegularFile(out.resolve("movies.csv")));
        for (FeedbackLog.Row s : swipes) assertEquals(s.preference(), Preference.fromRating(RatingsFiles.rating(s.preference())));
        RatingsFiles.Counts counts = RatingsFiles.count(out);
        assertArrayEquals(new long[] {3, 2, 0, 1}, counts.preferences());
        assertEquals(Map.of(10, 4L, 11, 2L), counts.perMovie());
        DriftReference ref = DriftReference.of(counts, Map.of("data.preference.-2", 10.0, "data.preference.-1", 20.0,
                "data.preference.1", 30.0, "data.preference.2", 40.0), "test");
        assertArrayEquals(new long[] {10, 20, 30, 40}, ref.preferenceCounts(), "the registry's counts win for the mix");
    }

    @Test
    void aCandidateIsPromotedPutInAnExperimentOrLeft() {
        StageRules rules = Fixtures.rules();
        RegistryView view = Fixtures.candidates(rules, "v1", "v2", "v3");
        assertEquals(CandidatePlan.Kind.PROMOTE, CandidatePlan.plan(CandidatePlan.OnCandidate.EXPERIMENT, view, "v2").kind(),
                "no production to test against");
        view = view.apply(rules.promote(view, "v1", "t", "t", false));
        CandidatePlan e = CandidatePlan.plan(CandidatePlan.OnCandidate.EXPERIMENT, view, "v2");
        assertEquals(CandidatePlan.Kind.EXPERIMENT, e.kind());
        assertEquals("v1", e.control());
        assertEquals(CandidatePlan.Kind.PROMOTE, CandidatePlan.plan(CandidatePlan.OnCandidate.PROMOTE, view, "v2").kind());
        assertEquals(CandidatePlan.Kind.LEAVE, CandidatePlan.plan(CandidatePlan.OnCandidate.NONE, view, "v2").kind());
        view = view.apply(new ExperimentRules(rules).start(view, ExperimentSpec.of("v1", "v2", 0.5).withId("x"), "t", "t"));
        CandidatePlan busy = CandidatePlan.plan(CandidatePlan.OnCandidate.PROMOTE, view, "v3");
        assertEquals(CandidatePlan.Kind.LEAVE, busy.kind());
        assertTrue(busy.reason().contains("experiment x is running"), busy.reason());
    }
}
