package io.reelstream.demo.reliability;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/**
 * One broker and its topology instances shared by the scenarios that leave the broker alone (--quick):
 * starting a stack — broker, topics, publishing, three instances loading the model, the group settling
 * — took 35-50 s a scenario, a third of a short scenario. The first scenario starts it; each next one
 * takes it over with the instance count it needs ({@link ScenarioStack#handTo}), its checks measured
 * from what the earlier ones left: event ids and probe users are the scenario's own, the list watcher
 * reads from the end, swipe counts and thread deaths are compared with a baseline. A stack that cannot
 * be taken over (an instance that does not come back) is closed and the scenario gets a fresh one.
 */
final class StackPool implements AutoCloseable {
    private final Path workDir;
    private final Path runDir;
    private final PrintStream out;
    private ScenarioStack shared;
    private int partitions;
    private Map<String, String> overrides;

    StackPool(Path workDir, Path runDir, PrintStream out) {
        this.workDir = workDir;
        this.runDir = runDir;
        this.out = out;
    }

    /**
     * The shared stack for {@code scenario} with {@code instances} running and settled; {@code users}: the
     * users the scenario swipes for (their swipe counts so far become its baseline).
     */
    ScenarioStack take(String scenario, int partitions, int instances, Map<String, String> overrides,
                       Collection<Integer> users) throws Exception {
        if (shared != null && (partitions != this.partitions || !overrides.equals(this.overrides))) close();
        if (shared != null) {
            try {
                shared.handTo(scenario, instances, users);
                return shared;
            } catch (Exception | Error e) {
                shared.say("cannot take over the shared stack (" + e.getMessage() + "); starting a fresh one");
                close();
            }
        }
        java.nio.file.Files.createDirectories(workDir);
        ScenarioStack stack = ScenarioStack.start(scenario, workDir, runDir, 1, partitions, instances, overrides, out);
        stack.pooled();
        this.shared = stack;
        this.partitions = partitions;
        this.overrides = Map.copyOf(overrides);
        return stack;
    }

    /** Where the shared brokers' and instances' logs are (kept with a failed scenario's). */
    Path workDir() {
        return workDir;
    }

    @Override
    public void close() {
        if (shared != null) shared.closeForGood();
        shared = null;
    }
}
