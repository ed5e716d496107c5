package io.reelstream.demo.reliability;

import io.reelstream.demo.stack.ModelStage;
import io.reelstream.schemas.Topics;
import io.reelstream.topology.TopicSetup;
import io.reelstream.topology.config.TopologyConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What every scenario stands on: its brokers (one, or a KRaft cluster), the topics with the
 * scenario's partitions and the brokers' replication, the run published and promoted, and topology
 * instances in JVMs of their own. Scenarios add, kill and restart instances through it.
 */
final class ScenarioStack implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration SETTLED = Duration.ofSeconds(10);
    /** 18:24:00, not LocalTime's 18:24. */
    private static final java.time.format.DateTimeFormatter CLOCK = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");
    /**
     * How long an uneven assignment must hold before it counts as settled: one probing rebalance (60 s,
     * RecommenderTopology) and a margin. Streams balances all active tasks of every sub-topology, not the
     * swipe partitions alone, so it may keep a member two swipe partitions short for good.
     */
    private static final Duration SETTLED_UNEVEN = Duration.ofSeconds(75);

    private String scenario;
    private final Path workDir;
    private final int partitions;
    private final Map<String, String> overrides;
    private final PrintStream out;
    private final ChildCluster brokers;
    private final Admin admin;
    private final GroupOwnership group;
    /** The running instances, in the order they were added. */
    private final List<ChildInstance> instances = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Every instance ever started (closed at the end, stopped ones too). */
    private final List<ChildInstance> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    private int nextIndex;
    /** Set by a {@link StackPool}: {@link #close()} leaves everything running for the next scenario. */
    private boolean pooled;
    /**
     * What earlier scenarios left on a shared stack, subtracted from this scenario's checks: each user's
     * swipeCount (absent = 0), and the stream-thread failures and deaths in the instance logs.
     */
    private Map<Integer, Long> swipeCountsBefore = Map.of();
    private long threadFailuresBefore;
    private long[] threadDeathsBefore = {0, 0};

    private ScenarioStack(String scenario, Path workDir, int partitions, Map<String, String> overrides, PrintStream out,
                          ChildCluster brokers, Admin admin) {
        this.scenario = scenario;
        this.workDir = workDir;
        this.partitions = partitions;
        this.overrides = new LinkedHashMap<>(overrides);
        this.out = out;
        this.brokers = brokers;
        this.admin = admin;
        this.group = new GroupOwnership(admin, TopologyConfig.DEFAULT_APPLICATION_ID, Topics.SWIPES_TOPIC);
    }

    /**
     * Brokers up, topics created, {@code runDir} published and promoted, {@code instances} instances
     * started and the group settled with all of them.
     */
    static ScenarioStack start(String scenario, Path workDir, Path runDir, int brokerCount, int partitions, int instances,
                               Map<String, String> topologyOverrides, PrintStream out) throws Exception {
        ChildCluster brokers = ChildCluster.start(workDir, brokerCount, Duration.ofSeconds(120));
        Admin admin = null;
        ScenarioStack stack = null;
        try {
            admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrapServers()));
            stack = new ScenarioStack(scenario, workDir, partitions, topologyOverrides, out, brokers, admin);
            stack.say((brokerCount == 1 ? "broker" : brokerCount + " brokers") + " up at " + brokers.bootstrapServers()
                    + "; creating topics with " + partitions + " partitions");
            stack.createTopics();
            ModelStage.publish(runDir, brokers.bootstrapServers());
            stack.addInstances(instances);
            stack.awaitStable(instances);
            stack.say(instances + " instance" + (instances == 1 ? "" : "s") + " running (" + String.join(", ",
                    stack.instances.stream().map(in -> in.name() + " " + in.restUrl()).toList()) + ")");
            return stack;
        } catch (Exception | Error e) {
            if (stack != null) {
                stack.close();
            } else {
                if (admin != null) admin.close();
                brokers.close();
            }
            throw e;
        }
    }

    /**
     * Starts {@code count} more instances at once (side by side, not each after the previous one is
     * healthy) and waits until each answers /health (the group may still be rebalancing). On a shared
     * stack, instances stopped earlier come back first, with their state.
     */
    List<ChildInstance> addInstances(int count) throws InterruptedException {
        List<ChildInstance> added = new ArrayList<>();
        for (ChildInstance stopped : started) {
            if (added.size() == count) break;
            if (instances.contains(stopped) || stopped.alive()) continue;
            instances.add(stopped);
            added.add(stopped);
            stopped.restart(false);
        }
        while (added.size() < count) {
            ChildInstance in = ChildInstance.create(nextIndex++, workDir, brokers.bootstrapServers(), overrides);
            instances.add(in);
            started.add(in);
            added.add(in);
            in.start();
        }
        for (ChildInstance in : added) awaitHealthy(in);
        return added;
    }

    /** Stops an instance gracefully (SIGTERM: streams closed, REST stopped) and forgets it. */
    void stopInstance(ChildInstance in) throws InterruptedException {
        in.stop(Duration.ofSeconds(40));
        instances.remove(in);
    }

    /**
     * Every topic with the brokers' replication (min(3, brokers)): the swipes and their outputs with
     * the scenario's partitions, and the model, registry and metrics topics (TopicSetup, one partition)
     * before the publisher would create them with its own default of one replica.
     */
    private void createTopics() throws Exception {
        short replication = (short) Math.min(3, brokers.size());
        List<NewTopic> topics = new ArrayList<>();
        for (String t : List.of(Topics.SWIPES_TOPIC, Topics.RECOMMENDATIONS_TOPIC, Topics.SWIPES_DLQ_TOPIC)) {
            topics.add(new NewTopic(t, partitions, replication));
        }
        topics.add(new NewTopic(Topics.USER_SEEDS_TOPIC, partitions, replication).configs(Map.of("cleanup.policy", "compact")));
        admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        TopologyConfig config = TopologyConfig.builder().set(TopologyConfig.BOOTSTRAP_SERVERS_CONFIG,
                brokers.bootstrapServers()).build();
        TopicSetup.ensureModelTopics(admin, config); // the brokers' default replication
    }

    String bootstrapServers() {
        return brokers.bootstrapServers();
    }

    Admin admin() {
        return admin;
    }

    ChildCluster brokers() {
        return brokers;
    }

    GroupOwnership group() {
        return group;
    }

    List<ChildInstance> instances() {
        return instances;
    }

    int partitions() {
        return partitions;
    }

    void awaitHealthy(ChildInstance in) throws InterruptedException {
        if (!in.awaitHealthy(START_TIMEOUT)) {
            throw new IllegalStateException(in.name() + " did not become healthy within " + START_TIMEOUT.toSeconds()
                    + " s; its log ends:\n" + in.logTail(3000));
        }
    }

    /**
     * Waits until the group is stable with {@code members} instances holding every partition and its
     * assignment has not moved for {@link #SETTLED} when each holds its share, or for
     * {@link #SETTLED_UNEVEN} when one is short: Streams follows a join with probing rebalances while
     * warm-up copies catch up, and a kill in the middle of those measures the start-up, not the recovery.
     */
    void awaitStable(int members) throws InterruptedException {
        awaitStable(members, true);
    }

    /**
     * As {@link #awaitStable(int)}; without {@code waitForHandBack} an uneven assignment counts as settled
     * after {@link #SETTLED} too (a scenario taking over a shared stack does not wait a probing rebalance
     * for the previous scenario's last hand-back, as --quick's kills do not).
     */
    void awaitStable(int members, boolean waitForHandBack) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Map<String, Set<Integer>> last = Map.of();
        long sameSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Map<String, Set<Integer>> now = group.assignment();
            boolean complete = now.size() == members && now.values().stream().mapToInt(Set::size).sum() == partitions;
            if (!complete || !now.equals(last)) {
                last = now;
                sameSince = System.nanoTime();
            } else if (System.nanoTime() - sameSince >= (waitForHandBack ? stillnessNeeded(now, members) : SETTLED).toNanos()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the group did not settle with " + members + " members within "
                + START_TIMEOUT.toSeconds() + " s (last assignment: " + last + ")");
    }

    /**
     * A returning instance warms up first and gets its partitions back at the next probing rebalance (up
     * to a minute later); that hand-back belongs to the kill's figures, so a member short of its share
     * (one less than partitions / members: the online-metrics task counts too) is waited on longer.
     */
    static Duration stillnessNeeded(Map<String, Set<Integer>> assignment, int members) {
        int partitions = assignment.values().stream().mapToInt(Set::size).sum();
        int fair = Math.max(1, partitions / members - 1);
        boolean even = assignment.values().stream().allMatch(parts -> parts.size() >= fair);
        return even ? SETTLED : SETTLED_UNEVEN;
    }

    /**
     * Waits (up to {@link #START_TIMEOUT}) until the group's input lag is at most {@code allowed} swipes;
     * returns the seconds waited, or -1 when it never got there.
     */
    double awaitLagAtMost(long allowed) throws InterruptedException {
        long from = System.nanoTime();
        long deadline = from + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (group.inputLag(partitions) <= allowed) return (System.nanoTime() - from) / 1e9;
            Thread.sleep(250);
        }
        return -1;
    }

    /**
     * Lines of the instances' logs saying a stream thread died (the uncaught-exception handler replaced it),
     * since this scenario took the stack.
     */
    long streamThreadFailures() {
        return allThreadFailures() - threadFailuresBefore;
    }

    private long allThreadFailures() {
        long n = 0;
        for (ChildInstance in : started) n += in.logLinesContaining("stream thread failed");
        return n;
    }

    /**
     * Stream threads that died since this scenario took the stack, summed over the instances: {ours (a
     * crash), aborted by the broker}; see ChildInstance.
     */
    long[] threadDeaths() {
        long[] all = allThreadDeaths();
        return new long[] {all[0] - threadDeathsBefore[0], all[1] - threadDeathsBefore[1]};
    }

    private long[] allThreadDeaths() {
        long[] sum = new long[2];
        for (ChildInstance in : started) {
            long[] d = in.threadDeaths();
            sum[0] += d[0];
            sum[1] += d[1];
        }
        return sum;
    }

    /**
     * Users whose swipeCount on REST (asked of {@code rest}) differs from what they had when this scenario
     * took the stack plus the swipes of theirs it applied; see {@link Verdict#swipeCountMismatches}.
     */
    long swipeCountMismatches(ChildInstance rest, Map<Integer, Integer> appliedPerUser, List<String> problems) {
        return Verdict.swipeCountMismatches(rest, appliedPerUser, swipeCountsBefore, problems);
    }

    // ---- sharing one stack between scenarios (StackPool) ----

    void pooled() {
        this.pooled = true;
    }

    /**
     * Hands the running stack to the next scenario: {@code members} instances running (stopped ones come
     * back with their state, extra ones stop gracefully) and settled, and the baselines of its checks
     * taken: every user's swipeCount in {@code users} (the next scenario's slice users) and the thread
     * failures so far.
     */
    void handTo(String nextScenario, int members, java.util.Collection<Integer> users) throws InterruptedException {
        this.scenario = nextScenario;
        while (instances.size() > members) stopInstance(instances.get(instances.size() - 1));
        for (ChildInstance in : List.copyOf(instances)) { // a scenario that ended with one down
            if (!in.alive()) {
                instances.remove(in);
            }
        }
        if (instances.size() < members) addInstances(members - instances.size());
        awaitStable(members, false);
        ChildInstance rest = instances.get(0);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<Integer, Long> before = new java.util.HashMap<>();
        for (int user : users) {
            long n = Verdict.swipeCount(rest, user, deadline);
            if (n < 0) throw new IllegalStateException("user " + user + "'s swipeCount is not readable on " + rest.name());
            if (n > 0) before.put(user, n);
        }
        this.swipeCountsBefore = before;
        this.threadFailuresBefore = allThreadFailures();
        this.threadDeathsBefore = allThreadDeaths();
        say("taken over from the previous scenario: " + members + " instance" + (members == 1 ? "" : "s") + " settled, "
                + before.size() + " users with swipes already");
    }

    /** Closes the stack for good, shared or not. */
    void closeForGood() {
        started.forEach(ChildInstance::close);
        admin.close(Duration.ofSeconds(5));
        brokers.close();
    }

    void say(String line) {
        out.println("  [" + scenario + " " + CLOCK.format(java.time.LocalTime.now()) + "] " + line);
        out.flush();
    }

    /** Closes brokers and instances, unless a {@link StackPool} keeps the stack for the next scenario. */
    @Override
    public void close() {
        if (!pooled) closeForGood();
    }
}
