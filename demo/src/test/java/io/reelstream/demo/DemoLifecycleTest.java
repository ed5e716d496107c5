package io.reelstream.demo;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/demo --once --lifecycle} end to end on a real broker with ml-latest-small: a weak v1 in
 * production, the feedback-count retrain through the trainer's command line (a child JVM), v2 in an
 * experiment decided by the lifecycle service, the promotion served without a restart, the rollback.
 */
class DemoLifecycleTest {
    @Test
    void theLifecycleLoopPromotesTheRetrainedVersionAndRollsBack() {
        DemoMain demo = new DemoMain();
        int exit = io.reelstream.demo.cli.Cli.configure(new CommandLine(demo)).execute("--once", "--lifecycle", "--rate", "0",
                "--rest-port", "0");
        assertEquals(0, exit, "exit status");
        LifecycleDemo.Summary s = demo.lifecycleSummary();
        assertNotNull(s);
        assertTrue(s.decided(), "the experiment decided");
        assertEquals(s.v2(), s.promoted(), "the retrained version is promoted: " + s.analysis());
        assertTrue(s.trigger().startsWith("feedback-count: "), s.trigger());
        assertTrue(s.servingAfterDecision().contains("serves " + s.v2()), s.servingAfterDecision());
        assertTrue(s.servingAfterRollback().contains("modelVersion " + s.v1()), s.servingAfterRollback());
    }

    @Test
    void lifecycleFlagsAreChecked() {
        assertEquals(2, DemoMain.commandLine().execute("--lifecycle-set", "lifecycle.experiment.share=0.2"));
        assertEquals(2, DemoMain.commandLine().execute("--lifecycle", "--lifecycle-set", "lifecycle.no.such=1"));
    }
}
