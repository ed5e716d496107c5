package io.reelstream.demo.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelstream.demo.replay.ReplaySlice;
import io.reelstream.demo.stack.ModelStage;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.Topics;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A new model version published and promoted while swipes flow: the run is published again under a
 * new version name (its rows, its user seeds and a CANDIDATE entry, all mid-stream), then promoted
 * to PRODUCTION through the registry. Every list carries one version; no partition and no user goes
 * back to the old version once they had a list of the new one; every partition has a list of the new
 * version within the limit after the promotion (the figure); and every user whose last list is of the
 * new version has their vector in the new version (REST), i.e. no list scored a new-version catalogue
 * with an old-version vector.
 */
final class RepublishScenario extends Scenario {
    static final String NAME = "republish";
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String NEW_KIND = "als";

    /** How the scenario runs; see Reliability's flags. */
    record Settings(int instances, int partitions, double ratePerSecond, long probeIntervalMs, Duration before,
                    Duration after, double switchLimitSeconds, Map<String, String> topologyOverrides) {}

    private final Settings settings;

    RepublishScenario(Settings settings, Path workDir, Path runDir, ReplaySlice slice, PrintStream out) {
        super(workDir, runDir, slice, out);
        this.settings = settings;
    }

    /** Lists seen per partition and per user, by version, and the first new-version list per partition. */
    private static final class Versions implements ListWatcher.ListListener {
        final Map<String, AtomicLong> perVersion = new ConcurrentHashMap<>();
        final Map<Integer, String> lastByUser = new ConcurrentHashMap<>();
        final Map<Integer, Long> firstNewByPartition = new ConcurrentHashMap<>();
        final List<String> backwards = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicLong backwardsCount = new AtomicLong();
        private final Map<Integer, String> lastByPartition = new HashMap<>();
        volatile String newVersion;
        /** (generatedAt, is new version) of every list, to judge them against the switch afterwards. */
        final List<long[]> stamps = java.util.Collections.synchronizedList(new ArrayList<>());

        final Map<String, java.util.Set<String>> kindsByVersion = new ConcurrentHashMap<>();

        @Override
        public void onList(int partition, RecommendationList list, long arrivalNanos) {
            String v = list.getModelVersion();
            kindsByVersion.computeIfAbsent(v, k -> ConcurrentHashMap.newKeySet()).add(list.getModelKind());
            perVersion.computeIfAbsent(v, k -> new AtomicLong()).incrementAndGet();
            String nv = newVersion;
            stamps.add(new long[] {list.getGeneratedAt(), nv != null && v.equals(nv) ? 1 : 0});
            String before = lastByPartition.put(partition, v);
            String userBefore = lastByUser.put(list.getUserId(), v);
            if (nv != null && v.equals(nv)) firstNewByPartition.putIfAbsent(partition, arrivalNanos);
            if (nv != null && !v.equals(nv) && (nv.equals(before) || nv.equals(userBefore))) {
                if (backwardsCount.incrementAndGet() <= 5) backwards.add("partition " + partition + " / user " + list.getUserId()
                        + " went back from " + nv + " to " + v + " (list caused by " + list.getCauseEventId() + ")");
            }
        }
    }

    @Override
    ScenarioResult run() throws Exception {
        List<String> events = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Versions versions = new Versions();
        try (ScenarioStack stack = openStack(NAME, settings.partitions, settings.instances,
                settings.topologyOverrides);
             ListWatcher watcher = new ListWatcher(stack.bootstrapServers(), Topics.RECOMMENDATIONS_TOPIC,
                     Topics.SWIPES_DLQ_TOPIC, settings.partitions);
             SwipeLoad load = new SwipeLoad(stack.bootstrapServers(), Topics.SWIPES_TOPIC, settings.partitions, slice,
                     settings.ratePerSecond, settings.probeIntervalMs, true).withEventIdPrefix(eventIdPrefix(NAME))) {
            watcher.listener(versions);
            watcher.start();
            load.start();
            Thread.sleep(settings.before.toMillis());
            String oldVersion = runDir.getFileName().toString();
            String newVersion = oldVersion + "-republished";
            long sentBefore = load.sent().size();
            long publishFrom = System.nanoTime();
            // the same run's ALS factors as the new version: the old one serves the run's own kind (item-to-item
            // for the default trainer), so a list's kind tells which version scored it, and ALS lists need a
            // vector of the new version, which REST shows per user
            ModelStage.Published p = ModelStage.publishAs(runDir, stack.bootstrapServers(), NEW_KIND, newVersion);
            double publishSeconds = (System.nanoTime() - publishFrom) / 1e9;
            versions.newVersion = newVersion;
            long promoteFrom = System.nanoTime();
            long promotedAtMs = System.currentTimeMillis();
            ModelsWatch switchWatch = new ModelsWatch(stack.instances(), newVersion);
            switchWatch.start();
            ModelStage.promote(stack.bootstrapServers(), newVersion, "bin/reliability republish", true);
            long promotedAt = System.nanoTime();
            events.add(String.format(Locale.ROOT, "published %s (%s, %d items, %d user seeds) in %.1f s while swiping, then"
                            + " promoted it in %.1f s; %d swipes sent before", newVersion, NEW_KIND, p.items(), p.users(),
                    publishSeconds, (promotedAt - promoteFrom) / 1e9, sentBefore));
            stack.say(events.get(events.size() - 1));
            Thread.sleep(settings.after.toMillis());
            load.stop();
            double seconds = (System.nanoTime() - publishFrom) / 1e9 + settings.before.toMillis() / 1000.0;
            stack.say(String.format(Locale.ROOT, "stopped sending after %d swipes (%.0f/s on average); waiting for every"
                    + " swipe's list or dead letter", load.sent().size(), load.sent().size() / seconds));
            if (!watcher.awaitAll(load.sent().keySet(), SETTLE_TIMEOUT)) {
                problems.add("not every swipe had a list or a dead letter: none came for " + SETTLE_TIMEOUT.toSeconds() + " s");
            }
            // the switch: when every instance's /models named the new version as production
            long switchedAtMs = switchWatch.awaitAll(SETTLE_TIMEOUT);
            double switchSeconds = switchedAtMs < 0 ? -1 : (switchedAtMs - promotedAtMs) / 1000.0;
            if (switchedAtMs < 0) problems.add("not every instance served " + newVersion + " within " + SETTLE_TIMEOUT.toSeconds() + " s");
            events.add("per instance, ms from the promotion to serving " + newVersion + ": " + switchWatch.perInstance(promotedAtMs));
            // every list generated after the switch carries the new version; none generated before the promotion does
            long oldAfter = 0, newBefore = 0;
            synchronized (versions.stamps) {
                for (long[] st : versions.stamps) {
                    if (switchedAtMs >= 0 && st[0] > switchedAtMs && st[1] == 0) oldAfter++;
                    if (st[0] < promotedAtMs && st[1] == 1) newBefore++;
                }
            }
            if (oldAfter > 0) problems.add(oldAfter + " lists generated after every instance served " + newVersion + " carry the old version");
            if (newBefore > 0) problems.add(newBefore + " lists of " + newVersion + " were generated before it was promoted");
            List<Integer> missing = new ArrayList<>();
            double lastPartition = -1;
            for (int part = 0; part < settings.partitions; part++) {
                Long first = versions.firstNewByPartition.get(part);
                if (first == null) missing.add(part);
                else lastPartition = Math.max(lastPartition, (first - promotedAt) / 1e9);
            }
            if (!missing.isEmpty()) problems.add("partitions " + missing + " never had a list of " + newVersion);
            events.add(String.format(Locale.ROOT, "the first list of %s reached read_committed readers on every partition"
                    + " %.1f s after the promotion (queued swipes included)", newVersion, lastPartition));
            if (versions.backwardsCount.get() > 0) {
                problems.add(versions.backwardsCount.get() + " lists went back to the old version: " + versions.backwards);
            }
            for (String v : versions.perVersion.keySet()) {
                if (!v.equals(oldVersion) && !v.equals(newVersion)) problems.add("lists of an unexpected version " + v);
            }
            java.util.Set<String> newKinds = versions.kindsByVersion.getOrDefault(newVersion, java.util.Set.of());
            if (!newKinds.equals(java.util.Set.of(NEW_KIND)) && !newKinds.isEmpty()) {
                problems.add("lists of " + newVersion + " carry the kinds " + newKinds + ", not only " + NEW_KIND);
            }
            java.util.Set<String> oldKinds = versions.kindsByVersion.getOrDefault(oldVersion, java.util.Set.of());
            if (oldKinds.size() > 1) problems.add("lists of " + oldVersion + " carry more than one kind: " + oldKinds);
            events.add("model kinds per version: " + versions.kindsByVersion);
            long mixed = mixedVectors(stack.instances().get(0), versions, newVersion, problems);
            events.add("lists per version: " + versions.perVersion + "; users whose last list is " + newVersion
                    + " but whose vector is not: " + mixed);
            Verdict.Counts c = Verdict.exactlyOnce(load.sent(), watcher);
            long mismatches = stack.swipeCountMismatches(stack.instances().get(0), c.appliedPerUser(), problems);
            String figure = switchSeconds < 0 ? "switch to the new version: not on every instance"
                    : String.format(Locale.ROOT, "every instance serving the new version %.1f s after the promotion (limit"
                            + " %.0f s), at %.0f swipes/s; 0 lists of the old version after it", switchSeconds,
                    settings.switchLimitSeconds, load.sent().size() / seconds);
            return new ScenarioResult(NAME, c.sent(), c.applied(), c.lost(), c.twice(), c.deadLettered(), mismatches, figure,
                    switchSeconds >= 0 && switchSeconds <= settings.switchLimitSeconds, events, problems);
        }
    }

    /** Polls GET /models on every instance until each names {@code version} as production; wall-clock ms of each. */
    private static final class ModelsWatch {
        private final List<ChildInstance> instances;
        private final String version;
        private final Map<String, Long> switchedAt = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean stopping;

        ModelsWatch(List<ChildInstance> instances, String version) {
            this.instances = List.copyOf(instances);
            this.version = version;
            this.thread = new Thread(this::run, "reliability-models-watch");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            while (!stopping && switchedAt.size() < instances.size()) {
                for (ChildInstance in : instances) {
                    if (switchedAt.containsKey(in.name())) continue;
                    ChildInstance.Answer a = in.get("/models");
                    if (a.statusCode() != 200) continue;
                    try {
                        if (version.equals(JSON.readTree(a.body()).path("production").asText(null))) {
                            switchedAt.put(in.name(), System.currentTimeMillis());
                        }
                    } catch (java.io.IOException ignored) {
                        // asked again next round
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** The wall-clock ms when the last instance switched, or -1 on timeout. */
        long awaitAll(Duration timeout) throws InterruptedException {
            thread.join(timeout.toMillis());
            stopping = true;
            return switchedAt.size() < instances.size() ? -1 : switchedAt.values().stream().mapToLong(Long::longValue).max().orElse(-1);
        }

        String perInstance(long fromMs) {
            Map<String, Long> out = new java.util.TreeMap<>();
            switchedAt.forEach((k, v) -> out.put(k, v - fromMs));
            return out.toString();
        }
    }

    /**
     * Users whose last list was scored by the new version but whose stored vector (REST
     * vectorModelVersion) lives in another: a list of the new catalogue from an old vector.
     */
    private static long mixedVectors(ChildInstance rest, Versions versions, String newVersion, List<String> problems) {
        long mixed = 0;
        for (Map.Entry<Integer, String> e : versions.lastByUser.entrySet()) {
            if (!e.getValue().equals(newVersion)) continue;
            ChildInstance.Answer a = rest.get("/users/" + e.getKey());
            if (a.statusCode() != 200) continue;
            try {
                JsonNode n = JSON.readTree(a.body());
                String vector = n.path("vectorModelVersion").isNull() ? null : n.path("vectorModelVersion").asText();
                if (vector != null && !vector.equals(newVersion) && mixed++ < 5) {
                    problems.add("user " + e.getKey() + ": last list of " + newVersion + " but vector of " + vector);
                }
            } catch (java.io.IOException ignored) {
                // an unreadable answer is not a mixed vector
            }
        }
        return mixed;
    }
}
