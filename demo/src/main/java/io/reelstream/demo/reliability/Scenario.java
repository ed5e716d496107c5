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
    /** Set (by --quick) when the single-broker scenarios share one stack; null: each starts its own. */
    private StackPool pool;

    Scenario(Path workDir, Path runDir, ReplaySlice slice, PrintStream out) {
        this.workDir = workDir;
        this.runDir = runDir;
        this.slice = slice;
        this.out = out;
    }

    /** Run on the pool's shared stack instead of a stack of its own (single-broker scenarios). */
    Scenario sharing(StackPool pool) {
        this.pool = pool;
        return this;
    }

    /**
     * A stack of one broker for this scenario, {@code instances} running and settled: its own, or the
     * pool's shared one (closing it then leaves it running for the next scenario).
     */
    protected ScenarioStack openStack(String name, int partitions, int instances, java.util.Map<String, String> overrides)
            throws Exception {
        if (pool != null) return pool.take(name, partitions, instances, overrides, slice.users());
        return ScenarioStack.start(name, workDir, runDir, 1, partitions, instances, overrides, out);
    }

    /** A prefix for this scenario's event ids, so that scenarios sharing a stack never repeat one. */
    protected String eventIdPrefix(String name) {
        return pool == null ? "" : name + "/";
    }

    /** Runs the scenario against brokers and instances of its own (or shared), closing them before it returns. */
    abstract ScenarioResult run() throws Exception;
}
