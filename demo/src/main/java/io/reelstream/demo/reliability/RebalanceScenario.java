package io.reelstream.demo.reliability;

import io.reelstream.demo.replay.ReplaySlice;
import io.reelstream.schemas.Topics;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Scaling under load: one instance takes the replay alone, two more join (1 → 3), then one of them is
 * stopped gracefully (3 → 2), while the slice streams in. After each change the figure is the time
 * until the group is stable with the new count and the input lag is back within a second of input;
 * after the load stops, the time until the lag is zero. Nothing lost, nothing applied twice.
 */
final class RebalanceScenario extends Scenario {
    static final String NAME = "rebalance";
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(180);

    /** How the scenario runs; see Reliability's flags. */
    record Settings(int partitions, double ratePerSecond, long probeIntervalMs, Duration phase, double limitSeconds,
                    Map<String, String> topologyOverrides) {}

    private final Settings settings;

    RebalanceScenario(Settings settings, Path workDir, Path runDir, ReplaySlice slice, PrintStream out) {
        super(workDir, runDir, slice, out);
        this.settings = settings;
    }

    @Override
    ScenarioResult run() throws Exception {
        List<String> events = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (ScenarioStack stack = openStack(NAME, settings.partitions, 1,
                settings.topologyOverrides);
             ListWatcher watcher = new ListWatcher(stack.bootstrapServers(), Topics.RECOMMENDATIONS_TOPIC,
                     Topics.SWIPES_DLQ_TOPIC, settings.partitions);
             SwipeLoad load = new SwipeLoad(stack.bootstrapServers(), Topics.SWIPES_TOPIC, settings.partitions, slice,
                     settings.ratePerSecond, settings.probeIntervalMs, true).withEventIdPrefix(eventIdPrefix(NAME))) {
            watcher.start();
            load.start();
            long allowedLag = Math.round(settings.ratePerSecond
                    + (settings.probeIntervalMs > 0 ? settings.partitions * 1000.0 / settings.probeIntervalMs : 0));
            Thread.sleep(settings.phase.toMillis());
            stack.say("1 instance, lag " + stack.group().inputLag(settings.partitions) + "; starting two more");
            long t0 = System.nanoTime();
            stack.addInstances(2);
            double out3 = recovered(stack, 3, allowedLag, t0, "1 -> 3", events, problems);
            Thread.sleep(settings.phase.toMillis());
            ChildInstance leaving = stack.instances().get(stack.instances().size() - 1);
            stack.say("3 instances, lag " + stack.group().inputLag(settings.partitions) + "; stopping " + leaving.name());
            long t1 = System.nanoTime();
            stack.stopInstance(leaving);
            double in2 = recovered(stack, 2, allowedLag, t1, "3 -> 2", events, problems);
            Thread.sleep(settings.phase.toMillis());
            load.stop();
            long t2 = System.nanoTime();
            double zero = stack.awaitLagAtMost(0);
            events.add(String.format(Locale.ROOT, "load stopped after %d swipes; input lag zero %.1f s later", load.sent().size(),
                    zero < 0 ? -1 : (System.nanoTime() - t2) / 1e9));
            stack.say(events.get(events.size() - 1));
            if (zero < 0) problems.add("the input lag did not return to zero within " + ScenarioStack.START_TIMEOUT.toSeconds() + " s");
            if (!watcher.awaitAll(load.sent().keySet(), SETTLE_TIMEOUT)) {
                problems.add("not every swipe had a list or a dead letter: none came for " + SETTLE_TIMEOUT.toSeconds() + " s");
            }
            Verdict.Counts c = Verdict.exactlyOnce(load.sent(), watcher);
            long mismatches = stack.swipeCountMismatches(stack.instances().get(0), c.appliedPerUser(), problems);
            double worst = out3 < 0 || in2 < 0 ? -1 : Math.max(out3, in2);
            String figure = worst < 0 ? "time to recover: not measured (timed out)"
                    : String.format(Locale.ROOT, "time to recover: 1->3 %.1f s, 3->2 %.1f s (limit %.0f s); lag 0 %.1f s after"
                    + " the load stopped", out3, in2, settings.limitSeconds, zero);
            return new ScenarioResult(NAME, c.sent(), c.applied(), c.lost(), c.twice(), c.deadLettered(), mismatches, figure,
                    worst >= 0 && worst <= settings.limitSeconds && zero >= 0, events, problems);
        }
    }

    /** Seconds from {@code from} until the group is stable with {@code members} and the lag within a second of input. */
    private double recovered(ScenarioStack stack, int members, long allowedLag, long from, String change, List<String> events,
                             List<String> problems) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        double stableAt = -1;
        while (System.nanoTime() < deadline) {
            Map<String, Set<Integer>> a = stack.group().assignment();
            boolean stable = a.size() == members && a.values().stream().mapToInt(Set::size).sum() == settings.partitions;
            if (stable && stableAt < 0) stableAt = (System.nanoTime() - from) / 1e9;
            if (!stable) stableAt = -1;
            if (stable && stack.group().inputLag(settings.partitions) <= allowedLag) {
                double s = (System.nanoTime() - from) / 1e9;
                events.add(String.format(Locale.ROOT, "%s: group stable with %d members after %.1f s, lag within a second"
                        + " of input after %.1f s", change, members, stableAt, s));
                stack.say(events.get(events.size() - 1));
                return s;
            }
            Thread.sleep(250);
        }
        problems.add(change + ": not stable with " + members + " members and caught up within " + SETTLE_TIMEOUT.toSeconds() + " s");
        return -1;
    }
}
