package io.reelstream.demo.reliability;

import io.reelstream.demo.replay.ReplaySlice;
import io.reelstream.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A broker dies under load, like Kafka's broker-bounce system tests: a KRaft cluster of three combined
 * broker+controller nodes in JVMs of their own (every topic, internal ones too, with three replicas and
 * min.insync.replicas 2), the topology instances streaming the slice with exactly-once, and a broker
 * killed with SIGKILL in turn — first the one leading the most swipes partitions, then the active
 * controller — and started again on its data after a pause. Nothing may be lost or applied twice; the
 * figure is the longest time any partition went without a committed list from the kill until the
 * restarted broker is back in every ISR.
 */
final class BrokerBounceScenario extends Scenario {
    static final String NAME = "broker-bounce";
    private static final int BROKERS = 3;
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(120);

    /** How the scenario runs; see Reliability's flags. */
    record Settings(int instances, int partitions, double ratePerSecond, long probeIntervalMs, int bounces,
                    Duration bounceEvery, Duration downFor, double stallLimitSeconds, Map<String, String> topologyOverrides) {}

    private final Settings settings;

    BrokerBounceScenario(Settings settings, Path workDir, Path runDir, ReplaySlice slice, PrintStream out) {
        super(workDir, runDir, slice, out);
        this.settings = settings;
    }

    @Override
    ScenarioResult run() throws Exception {
        List<String> events = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        double worstStall = 0;
        try (ScenarioStack stack = ScenarioStack.start(NAME, workDir, runDir, BROKERS, settings.partitions,
                settings.instances, settings.topologyOverrides, out);
             ListWatcher watcher = new ListWatcher(stack.bootstrapServers(), Topics.RECOMMENDATIONS_TOPIC,
                     Topics.SWIPES_DLQ_TOPIC, settings.partitions);
             SwipeLoad load = new SwipeLoad(stack.bootstrapServers(), Topics.SWIPES_TOPIC, settings.partitions, slice,
                     settings.ratePerSecond, settings.probeIntervalMs, true)) {
            watcher.start();
            load.start();
            long allowedLag = Math.round(settings.ratePerSecond + settings.partitions * 1000.0 / settings.probeIntervalMs);
            Set<Integer> all = new TreeSet<>();
            for (int p = 0; p < settings.partitions; p++) all.add(p);
            for (int k = 0; k < settings.bounces; k++) {
                Thread.sleep(settings.bounceEvery.toMillis());
                double waited = stack.awaitLagAtMost(allowedLag);
                if (waited < 0) {
                    stack.say("bounce " + (k + 1) + " goes ahead with a lag of " + stack.group().inputLag(settings.partitions)
                            + " swipes: the instances do not keep up with the load");
                } else if (waited >= 1) {
                    stack.say(String.format(Locale.ROOT, "bounce %d waited %.0f s for the group to catch up", k + 1, waited));
                }
                Admin admin = stack.admin();
                int victimId = k % 2 == 0 ? mostLeaders(admin) : activeController(admin);
                String role = k % 2 == 0 ? "leader of the most swipes partitions" : "active controller";
                ChildBroker victim = stack.brokers().node(victimId);
                long killedAt = System.nanoTime();
                victim.kill9();
                stack.say("bounce " + (k + 1) + ": killed " + victim.name() + " (" + role + ")");
                String leadersMoved = awaitLeadersOff(admin, victimId, killedAt, settings.downFor);
                stack.say("bounce " + (k + 1) + ": " + leadersMoved);
                long downLeft = settings.downFor.toNanos() - (System.nanoTime() - killedAt);
                if (downLeft > 0) Thread.sleep(downLeft / 1_000_000);
                long restartedAt = System.nanoTime();
                victim.restart();
                victim.awaitUp(RECOVERY_TIMEOUT);
                long upAt = System.nanoTime();
                double isrFull = awaitFullIsr(admin, upAt);
                long until = System.nanoTime() + 2_000_000_000L; // and two seconds of lists after it
                Thread.sleep(2000);
                double[] gap = watcher.longestGapSeconds(all, killedAt, until);
                worstStall = Math.max(worstStall, isrFull < 0 ? Double.MAX_VALUE : gap[0]);
                if (isrFull < 0) problems.add("bounce " + (k + 1) + ": " + victim.name() + " not back in every ISR within "
                        + RECOVERY_TIMEOUT.toSeconds() + " s");
                events.add(String.format(Locale.ROOT, "bounce %d: %s (%s) killed; %s; restarted %.1f s after the kill, up"
                                + " %.1f s after that, back in every ISR %.1f s later; longest stretch without a committed list:"
                                + " %.1f s (partition %d)", k + 1, victim.name(), role, leadersMoved,
                        (restartedAt - killedAt) / 1e9, (upAt - restartedAt) / 1e9, isrFull, gap[0], (int) gap[1]));
                stack.say(events.get(events.size() - 1));
            }
            Thread.sleep(2000);
            load.stop();
            stack.say("stopped sending after " + load.sent().size() + " swipes; waiting for every swipe's list or dead letter");
            if (!watcher.awaitAll(load.sent().keySet(), RECOVERY_TIMEOUT)) {
                problems.add("not every swipe had a list or a dead letter: none came for " + RECOVERY_TIMEOUT.toSeconds() + " s");
            }
            long failures = stack.streamThreadFailures();
            if (failures > 0) events.add(failures + " stream-thread failures in the instance logs (replaced by the handler)");
            Verdict.Counts c = Verdict.exactlyOnce(load.sent(), watcher);
            if (watcher.undecodableLetters() > 0) problems.add(watcher.undecodableLetters() + " dead letters were not swipes");
            long mismatches = stack.swipeCountMismatches(stack.instances().get(0), c.appliedPerUser(), problems);
            String figure = worstStall == Double.MAX_VALUE ? "longest stall: not measured (a broker did not come back)"
                    : String.format(Locale.ROOT, "longest stall of a partition: %.1f s (limit %.0f s)", worstStall,
                    settings.stallLimitSeconds);
            return new ScenarioResult(NAME, c.sent(), c.applied(), c.lost(), c.twice(), c.deadLettered(), mismatches,
                    figure, worstStall <= settings.stallLimitSeconds, events, problems);
        }
    }

    /**
     * Waits until no partition (internal ones too) names {@code nodeId} as its leader or has none, at
     * least {@code atLeast} and at most {@link #RECOVERY_TIMEOUT}: "leaders moved off broker-1 after 11.2 s".
     */
    private static String awaitLeadersOff(Admin admin, int nodeId, long since, Duration atLeast) throws InterruptedException {
        long deadline = since + Math.max(RECOVERY_TIMEOUT.toNanos(), atLeast.toNanos());
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(10, TimeUnit.SECONDS);
                int stuck = 0;
                List<String> some = new ArrayList<>();
                for (TopicDescription d : admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
                    for (TopicPartitionInfo p : d.partitions()) {
                        if (p.leader() == null || p.leader().id() == nodeId || p.leader().id() < 0) {
                            stuck++;
                            if (some.size() < 3) some.add(d.name() + "-" + p.partition() + " (isr " + p.isr().stream()
                                    .map(n -> Integer.toString(n.id())).toList() + ")");
                        }
                    }
                }
                if (stuck == 0) {
                    return String.format(Locale.ROOT, "every partition led by another broker %.1f s after the kill",
                            (System.nanoTime() - since) / 1e9);
                }
                last = stuck + " partitions still led by it or leaderless, e.g. " + some;
            } catch (Exception e) {
                last = "metadata not readable: " + e.getMessage();
            }
            if (System.nanoTime() - since > atLeast.toNanos() && System.nanoTime() - since > 30_000_000_000L) break;
            Thread.sleep(500);
        }
        return String.format(Locale.ROOT, "after %.1f s: %s", (System.nanoTime() - since) / 1e9, last);
    }

    /** The node leading the most swipes partitions. */
    private static int mostLeaders(Admin admin) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(Topics.SWIPES_TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(Topics.SWIPES_TOPIC);
        Map<Integer, Integer> led = new HashMap<>();
        for (TopicPartitionInfo p : d.partitions()) if (p.leader() != null) led.merge(p.leader().id(), 1, Integer::sum);
        return led.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(1);
    }

    private static int activeController(Admin admin) throws Exception {
        return admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
    }

    /** Seconds from {@code since} until every partition of every topic (internal ones too) has its full ISR; -1 on timeout. */
    private static double awaitFullIsr(Admin admin, long since) throws InterruptedException {
        long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(10, TimeUnit.SECONDS);
                boolean full = true;
                for (TopicDescription d : admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
                    for (TopicPartitionInfo p : d.partitions()) full &= p.isr().size() == p.replicas().size();
                }
                if (full) return (System.nanoTime() - since) / 1e9;
            } catch (Exception e) {
                // the cluster is still settling: ask again
            }
            Thread.sleep(250);
        }
        return -1;
    }
}
