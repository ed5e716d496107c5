package io.reelstream.topology.process;

import io.reelstream.core.experiment.ArmAssignment;
import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ExperimentStatus;
import io.reelstream.schemas.OnlineMetrics;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.serde.AvroSerdes;
import io.reelstream.topology.TestCatalog;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Swipes judge the list shown before them; the counts reach the online-metrics topic per scope. */
class OnlineMetricsTopologyTest {
    private static final int MOVIES = 40;
    private static final int K = 4;
    private TopologyDriverFixture t;
    private TestOutputTopic<String, OnlineMetrics> online;

    @BeforeEach
    void setUp() throws Exception {
        t = new TopologyDriverFixture();
        online = t.driver.createOutputTopic(t.config.onlineMetricsTopic(), Serdes.String().deserializer(),
                AvroSerdes.serde(OnlineMetrics.class).deserializer());
    }

    @AfterEach
    void tearDown() {
        t.close();
    }

    @Test
    void hitsAreSwipesOnAShownMovieAndEachArmIsCountedApart() {
        t.publish("v1", TestCatalog.items("v1", MOVIES, K, 1), K);
        t.publish("v2", TestCatalog.items("v2", MOVIES, K, 2), K);
        t.experiments.pipeInput("e1", Experiment.newBuilder().setExperimentId("e1").setControlVersion("v1")
                .setTreatmentVersion("v2").setTreatmentShare(0.5).setStatus(ExperimentStatus.RUNNING).setStartedAt(1L)
                .setStartedBy("test").build());

        Map<String, int[]> expected = new HashMap<>(); // arm → users, swipes, positives, shown, hits
        for (int user = 1; user <= 12; user++) {
            String arm = ArmAssignment.arm(user, "e1", 0.5);
            int[] e = expected.computeIfAbsent(arm, a -> new int[5]);
            RecommendationList shown = t.swipeAndRead(user, 1, 2); // first swipe: judges nothing
            int top = shown.getItems().get(0).getMovieId();
            t.swipeAndRead(user, top, 2);           // a hit
            t.swipeAndRead(user, unshown(user), -1); // neither shown nor positive
            e[0] += 1;
            e[1] += 2;
            e[2] += 1;
            e[3] += 1;
            e[4] += 1;
        }
        t.driver.advanceWallClockTime(Duration.ofSeconds(2)); // the flush punctuation

        Map<String, OnlineMetrics> latest = new HashMap<>();
        for (var kv : online.readKeyValuesToList()) latest.put(kv.key, kv.value);
        for (String arm : expected.keySet()) {
            OnlineMetrics m = latest.get("exp/e1/" + arm);
            assertTrue(m != null, "metrics of arm " + arm + " in " + latest.keySet());
            int[] e = expected.get(arm);
            assertEquals(e[0], m.getCumulative().getUsers(), arm);
            assertEquals(e[1], m.getCumulative().getSwipes(), arm);
            assertEquals(e[2], m.getCumulative().getPositives(), arm);
            assertEquals(e[3], m.getCumulative().getShownSwipes(), arm);
            assertEquals(e[4], m.getCumulative().getHits(), arm);
            assertEquals(arm.equals(ArmAssignment.TREATMENT) ? "v2" : "v1", m.getModelVersion());
            assertEquals("e1", m.getExperimentId());
        }
    }

    /** The highest movie id neither in the user's latest list nor swiped yet. */
    private int unshown(int user) {
        var state = t.state(user);
        for (int m = MOVIES; m >= 1; m--) {
            boolean inList = false;
            for (int s : state.lastShown()) inList |= s == m;
            if (!inList && state.indexOf(m) < 0) return m;
        }
        throw new AssertionError("no unshown movie");
    }
}
