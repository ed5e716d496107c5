package io.reelstream.demo.reliability;

import io.reelstream.demo.replay.ReplaySlice;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What every scenario of the suite is given — a work directory of its own, the trained run it
 * publishes, the slice it replays and where it reports progress — and what it returns: one row of
 * the table with its exactly-once verdict.
 */
abstract class Scenario {
    /** Brokers' and instances' data and logs (copied under the report dir when the scenario fails). */
    protected final Path workDir;
    /** The trained run published and promoted on the scenario's brokers. */
    protected final Path runDir;
    protected final ReplaySlice slice;
    protected final PrintStream out;

    Scenario(Path workDir, Path runDir, ReplaySlice slice, PrintStream out) {
        this.workDir = workDir;
        this.runDir = runDir;
        this.slice = slice;
        this.out = out;
    }

    /** Runs the scenario against brokers and instances of its own, closing them before it returns. */
    abstract ScenarioResult run() throws Exception;
}
