package io.reelstream.demo.reliability;

import io.reelstream.demo.replay.ReplaySlice;
import io.reelstream.schemas.Topics;
import io.reelstream.topology.config.TopologyConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * kill -9 of a topology instance mid-stream, in separate JVMs on a broker of its own, like Kafka's
 * {@code streams_eos_test}: instances are killed in turn while the slice streams in, and either
 * restarted after a pause ({@link Mode#RESTART}: the figure is restart → first list on each of its
 * partitions) or left dead ({@link Mode#FAILOVER}, with standbys: kill → first list on each of its
 * partitions from a survivor). Afterwards every sent swipe must have exactly one list or one dead
 * letter in read_committed output, and each user's swipe count on REST must equal the swipes of
 * theirs that were applied.
 */
final class CrashScenario extends Scenario {
    enum Mode { RESTART, FAILOVER }

    /**
     * How the scenario runs; see Reliability's flags. {@code awaitHandBack}: after each kill, wait until the
     * returning instance has its partitions back (a probing rebalance, up to a minute or two) before the
     * next kill, so that each kill measures a recovery from a settled group; without it (--quick) the next
     * kill follows after {@code killEvery}, on the next instance in turn that holds partitions.
     */
    record Settings(Mode mode, int instances, int partitions, double ratePerSecond, long probeIntervalMs, int kills,
                    Duration killEvery, Duration restartAfter, boolean wipeEveryOther, double limitSeconds,
                    boolean awaitHandBack, Map<String, String> topologyOverrides) {}

    private static final Duration START_TIMEOUT = ScenarioStack.START_TIMEOUT;
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(120);

    private final Settings settings;
    private final List<ChildInstance> instances = new ArrayList<>();
    private ScenarioStack stack;
    private SwipeLoad load;

    CrashScenario(Settings settings, Path workDir, Path runDir, ReplaySlice slice, PrintStream out) {
        super(workDir, runDir, slice, out);
        this.settings = settings;
    }

    String name() {
        return settings.mode == Mode.RESTART ? "kill9" : "failover";
    }

    @Override
    ScenarioResult run() throws Exception {
        List<String> events = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Double> figures = new ArrayList<>();
        try (ScenarioStack stack = openStack(name(), settings.partitions, settings.instances,
                settings.topologyOverrides)) {
            this.stack = stack;
            instances.addAll(stack.instances());
            GroupOwnership group = stack.group();
            try (ListWatcher watcher = new ListWatcher(stack.bootstrapServers(), Topics.RECOMMENDATIONS_TOPIC,
                    Topics.SWIPES_DLQ_TOPIC, settings.partitions);
                 SwipeLoad load = new SwipeLoad(stack.bootstrapServers(), Topics.SWIPES_TOPIC, settings.partitions, slice,
                         settings.ratePerSecond, settings.probeIntervalMs, false).withEventIdPrefix(eventIdPrefix(name()))) {
                this.load = load;
                watcher.start();
                load.start();
                for (int k = 0; k < settings.kills; k++) {
                    Thread.sleep(settings.killEvery.toMillis());
                    awaitCaughtUp(group, k);
                    ChildInstance victim = victim(k, group);
                    figures.add(crash(k, victim, group, watcher, events, problems, stack.admin()));
                }
                Thread.sleep(2000);
                load.stop();
                say("stopped sending after " + load.replayed() + " replay swipes and " + load.sent().size() + " in all;"
                        + " waiting for every swipe's list or dead letter");
                if (!watcher.awaitAll(load.sent().keySet(), RECOVERY_TIMEOUT)) {
                    problems.add("not every swipe had a list or a dead letter: none came for " + RECOVERY_TIMEOUT.toSeconds() + " s");
                }
                return verdict(load, watcher, instances.get(0), figures, events, problems);
            }
        }
    }

    /** One kill, and its figure in seconds (-1 when the partitions did not come back in time). */
    private double crash(int k, ChildInstance victim, GroupOwnership group, ListWatcher watcher, List<String> events,
                         List<String> problems, Admin admin) throws Exception {
        Set<Integer> owned = group.partitionsOf(victim.groupInstanceId());
        if (owned.isEmpty()) {
            problems.add("kill " + (k + 1) + ": " + victim.name() + " held no partitions");
            return -1;
        }
        long killedAt = System.nanoTime();
        victim.kill9();
        if (settings.mode == Mode.RESTART) {
            Thread.sleep(settings.restartAfter.toMillis());
            boolean wipe = settings.wipeEveryOther && k % 2 == 1;
            long restartedAt = System.nanoTime();
            victim.restart(wipe);
            long back;
            List<String> trace;
            try (OffsetTrace t = new OffsetTrace(admin, TopologyConfig.DEFAULT_APPLICATION_ID, Topics.SWIPES_TOPIC,
                    Topics.RECOMMENDATIONS_TOPIC, owned)) {
                back = watcher.awaitFirstListsAfter(owned, restartedAt, RECOVERY_TIMEOUT);
                trace = t.lines();
            }
            double s = back < 0 ? -1 : (back - restartedAt) / 1e9;
            sayTraceIfMissed(k, back, s, "restart", trace);
            events.add(String.format(Locale.ROOT, "kill %d: %s (partitions %s) killed, restarted %.1f s later with its state %s;"
                            + " first list on every partition %s after the restart (per partition: %s)", k + 1, victim.name(),
                    owned, (restartedAt - killedAt) / 1e9, wipe ? "deleted" : "kept",
                    back < 0 ? "NOT within " + RECOVERY_TIMEOUT.toSeconds() + " s" : String.format(Locale.ROOT, "%.1f s", s),
                    perPartition(watcher, owned, restartedAt)));
            say(events.get(events.size() - 1));
            awaitHealthy(victim);
            Boolean settled = settings.awaitHandBack ? awaitHandBack(k, problems) : null; // its partitions back
            events.add(darkness(k, watcher, owned, killedAt, settled));
            say(events.get(events.size() - 1));
            return s;
        }
        long back;
        String rest;
        List<String> trace;
        try (RestWatch watch = new RestWatch(survivor(victim), usersOf(owned), 100);
             OffsetTrace t = new OffsetTrace(admin, TopologyConfig.DEFAULT_APPLICATION_ID, Topics.SWIPES_TOPIC,
                     Topics.RECOMMENDATIONS_TOPIC, owned)) {
            watch.start();
            back = watcher.awaitFirstListsAfter(owned, killedAt, RECOVERY_TIMEOUT);
            trace = t.lines();
            Thread.sleep(1000); // a second of answers from the new owner too
            rest = watch.summary();
        }
        double s = back < 0 ? -1 : (back - killedAt) / 1e9;
        sayTraceIfMissed(k, back, s, "kill", trace);
        events.add(String.format(Locale.ROOT, "kill %d: %s (partitions %s) killed and left down; first list on every"
                        + " partition from the survivors %s after the kill; %s", k + 1, victim.name(), owned,
                back < 0 ? "NOT within " + RECOVERY_TIMEOUT.toSeconds() + " s" : String.format(Locale.ROOT, "%.1f s", s), rest));
        say(events.get(events.size() - 1));
        victim.restart(false);
        awaitHealthy(victim);
        Boolean settled = settings.awaitHandBack ? awaitHandBack(k, problems) : null;
        events.add(darkness(k, watcher, owned, killedAt, settled));
        say(events.get(events.size() - 1));
        return s;
    }

    /** A recovery past its limit (or none at all) prints the broker's view each second since {@code since}. */
    private void sayTraceIfMissed(int k, long back, double seconds, String since, List<String> trace) {
        if (back >= 0 && seconds <= settings.limitSeconds) return;
        say("kill " + (k + 1) + " missed the limit; the broker's view each second since the " + since + ":");
        trace.forEach(line -> say("  " + line));
    }

    /**
     * The users' view of one kill, whoever processed: the longest a killed instance's partition went
     * without a list from the kill until the group settled again (the probes keep each partition busy
     * every probe interval, so a gap is the recovery plus the hand-back, not a quiet spell).
     */
    private String darkness(int k, ListWatcher watcher, Set<Integer> owned, long killedAt, Boolean settled) {
        long now = System.nanoTime();
        long worst = 0;
        for (int p : owned) worst = Math.max(worst, watcher.longestGap(p, killedAt, now));
        String until = settled == null ? "the instance was back up (the hand-back not waited for)"
                : settled ? "the group settled" : "the wait for the group to settle ended, unsettled";
        return String.format(Locale.ROOT, "kill %d: longest time without a list on its partitions, from the kill until"
                + " %s: %.1f s", k + 1, until, worst / 1e9);
    }

    /**
     * The k-th kill's victim: instance k mod n; without the hand-back wait, the first from there in turn that
     * holds partitions (a returning instance may not have its partitions back yet).
     */
    private ChildInstance victim(int k, GroupOwnership group) throws InterruptedException {
        int n = instances.size();
        if (settings.awaitHandBack) return instances.get(k % n);
        for (int i = 0; i < n; i++) {
            ChildInstance candidate = instances.get((k + i) % n);
            if (!group.partitionsOf(candidate.groupInstanceId()).isEmpty()) return candidate;
        }
        return instances.get(k % n);
    }

    /** "4: 2.1 s, 10: 2.3 s": when each partition's lists came back, for a slow recovery's diagnosis. */
    private static String perPartition(ListWatcher watcher, Set<Integer> partitions, long since) {
        List<String> out = new ArrayList<>();
        for (int p : partitions) {
            long first = watcher.firstAfter(p, since);
            out.add(p + ": " + (first < 0 ? "none" : String.format(Locale.ROOT, "%.1f s", (first - since) / 1e9)));
        }
        return String.join(", ", out);
    }

    /**
     * Waits (up to {@link #START_TIMEOUT}) until the group is within a second of input of the head: a
     * recovery is measured from a system that kept up before the kill, not from a backlog it had
     * anyway (the slice starts with its heaviest users, and the instances start cold).
     */
    private void awaitCaughtUp(GroupOwnership group, int k) throws InterruptedException {
        long allowed = Math.round(settings.ratePerSecond + settings.partitions * 1000.0 / settings.probeIntervalMs);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        long lag = group.inputLag(settings.partitions);
        long waitedFrom = System.nanoTime();
        while (lag > allowed && System.nanoTime() < deadline) {
            Thread.sleep(500);
            lag = group.inputLag(settings.partitions);
        }
        double waited = (System.nanoTime() - waitedFrom) / 1e9;
        if (waited >= 1) say(String.format(Locale.ROOT, "kill %d waited %.0f s for the group to catch up (lag now %d)", k + 1, waited, lag));
        if (lag > allowed) say("kill " + (k + 1) + " goes ahead with a lag of " + lag + " swipes: the instances do not keep up");
    }

    /** Another instance than {@code victim}. */
    private ChildInstance survivor(ChildInstance victim) {
        return instances.stream().filter(in -> in != victim).findFirst().orElseThrow();
    }

    /** The probe users of these partitions: users that have state there from the first probe on. */
    private List<Integer> usersOf(Set<Integer> partitions) {
        List<Integer> users = new ArrayList<>();
        List<Integer> probes = load.probeUserIds();
        for (int p : partitions) users.add(probes.get(p));
        return users;
    }

    private ScenarioResult verdict(SwipeLoad load, ListWatcher watcher, ChildInstance rest, List<Double> figures,
                                   List<String> events, List<String> problems) {
        Verdict.Counts c = Verdict.exactlyOnce(load.sent(), watcher);
        if (watcher.undecodableLetters() > 0) problems.add(watcher.undecodableLetters() + " dead letters were not swipes");
        long mismatches = stack.swipeCountMismatches(rest, c.appliedPerUser(), problems);
        double worst = figures.stream().mapToDouble(Double::doubleValue).max().orElse(-1);
        if (figures.stream().anyMatch(f -> f < 0)) worst = -1;
        String figure = ScenarioResult.seconds(settings.mode == Mode.RESTART ? "recovery after kill -9"
                : "failover without restart", worst, settings.limitSeconds);
        return new ScenarioResult(name(), c.sent(), c.applied(), c.lost(), c.twice(), c.deadLettered(), mismatches, figure,
                worst >= 0 && worst <= settings.limitSeconds, events, problems);
    }

    /**
     * The co-partitioned topics of the topology, {@code partitions} each with one replica, before any
     * instance starts (PeerEvictionIntegrationTest; the scenarios create theirs through ScenarioStack).
     */
    static void createTopics(Admin admin, int partitions) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (String t : List.of(Topics.SWIPES_TOPIC, Topics.RECOMMENDATIONS_TOPIC, Topics.SWIPES_DLQ_TOPIC)) {
            topics.add(new NewTopic(t, partitions, (short) 1));
        }
        topics.add(new NewTopic(Topics.USER_SEEDS_TOPIC, partitions, (short) 1)
                .configs(Map.of("cleanup.policy", "compact")));
        admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
    }

    private void awaitHealthy(ChildInstance in) throws InterruptedException {
        stack.awaitHealthy(in);
    }

    /**
     * Waits for the group to settle with every instance again; one that does not (a returning instance
     * still warming up when the wait ends) is a problem of this kill, and the scenario goes on to the next
     * kill and its exactly-once verdict rather than ending without one.
     */
    private boolean awaitHandBack(int k, List<String> problems) throws InterruptedException {
        try {
            stack.awaitStable(settings.instances);
            return true;
        } catch (IllegalStateException e) {
            problems.add("kill " + (k + 1) + ": " + e.getMessage());
            say("kill " + (k + 1) + ": " + e.getMessage());
            return false;
        }
    }

    private void say(String line) {
        out.println("  [" + name() + "] " + line);
        out.flush();
    }
}
