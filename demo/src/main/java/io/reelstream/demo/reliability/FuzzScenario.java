package io.reelstream.demo.reliability;

import io.reelstream.core.model.ModelRunLayout;
import io.reelstream.demo.replay.ReplaySlice;
import io.reelstream.schemas.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Malformed records at volume, mixed into the slice's swipes ({@link FuzzRecords}), and the REST routes
 * fuzzed at the same time ({@link RestFuzz}). Every record is checked by where it landed on
 * {@code swipes} (partition, offset): a good one must have exactly one list and no dead letter, a
 * malformed one exactly one dead letter with the reasonCode planned for its kind; the counts per
 * reasonCode must equal what was injected. No instance may crash (every JVM alive, no stream thread
 * replaced, /health UP at the end), and REST may answer no 5xx but the declared 502 and 503 while
 * /health keeps answering.
 */
final class FuzzScenario extends Scenario {
    static final String NAME = "fuzz";
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(180);

    /** How the scenario runs; see Reliability's flags. */
    record Settings(int instances, int partitions, int malformed, double ratePerSecond, long seed,
                    Map<String, String> topologyOverrides) {}

    private final Settings settings;

    FuzzScenario(Settings settings, Path workDir, Path runDir, ReplaySlice slice, PrintStream out) {
        super(workDir, runDir, slice, out);
        this.settings = settings;
    }

    /** Where one planned record landed. */
    private record Landed(FuzzRecords.Planned planned, int partition, long offset) {}

    @Override
    ScenarioResult run() throws Exception {
        List<String> events = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<FuzzRecords.Planned> plan = FuzzRecords.plan(slice, knownMovies(runDir), settings.malformed, settings.seed);
        try (ScenarioStack stack = openStack(NAME, settings.partitions, settings.instances,
                settings.topologyOverrides);
             ListWatcher watcher = new ListWatcher(stack.bootstrapServers(), Topics.RECOMMENDATIONS_TOPIC,
                     Topics.SWIPES_DLQ_TOPIC, settings.partitions)) {
            watcher.start();
            Map<FuzzRecords.Kind, Long> kinds = FuzzRecords.kinds(plan);
            stack.say(plan.size() + " records: " + kinds.entrySet().stream().map(e -> e.getKey().name().toLowerCase(Locale.ROOT)
                    + " " + e.getValue()).reduce((a, b) -> a + ", " + b).orElse(""));
            RestFuzz rest = new RestFuzz(stack.instances().get(0), stack.instances().size() > 1 ? stack.instances().get(1) : null);
            rest.start();
            long t0 = System.nanoTime();
            List<Landed> landed = send(stack.bootstrapServers(), plan);
            double sendSeconds = (System.nanoTime() - t0) / 1e9;
            stack.say(String.format(Locale.ROOT, "sent %d records in %.1f s; waiting for every outcome", plan.size(), sendSeconds));
            boolean settled = awaitOutcomes(watcher, landed);
            if (!settled) problems.add("not every record had its outcome: none came for " + SETTLE_TIMEOUT.toSeconds() + " s");
            RestFuzz.Report restReport = rest.finish();
            events.add(restReport.summary());
            problems.addAll(restReport.problems());

            // per record: one list for a good one, one dead letter with the planned code for a bad one
            long applied = 0, lost = 0, twice = 0, letters = 0, wrongCode = 0, badApplied = 0, stray = 0;
            Map<String, Long> strayCodes = new TreeMap<>();
            Map<String, Long> seenCodes = new TreeMap<>();
            Map<FuzzRecords.Kind, Long> wrongByKind = new EnumMap<>(FuzzRecords.Kind.class);
            Map<Integer, Integer> appliedPerUser = new HashMap<>();
            Set<String> originals = new HashSet<>();
            for (Landed l : landed) {
                FuzzRecords.Planned p = l.planned();
                List<String> codes = watcher.lettersAt(Topics.SWIPES_TOPIC, l.partition(), l.offset());
                if (p.kind().good()) {
                    if (!codes.isEmpty()) {
                        stray++;
                        strayCodes.merge(p.kind() + " as " + codes, 1L, Long::sum);
                    }
                    int lists = watcher.lists(p.eventId());
                    if (lists + codes.size() == 0) lost++;
                    if (lists + codes.size() > 1) twice++;
                    if (lists >= 1 && codes.isEmpty()) applied++;
                    appliedPerUser.merge(p.userId(), lists > 0 ? 1 : 0, Integer::sum);
                    originals.add(p.eventId());
                } else {
                    codes.forEach(c -> seenCodes.merge(c, 1L, Long::sum));
                    if (codes.isEmpty()) lost++;
                    if (codes.size() > 1) twice++;
                    if (codes.size() == 1) letters++;
                    if (codes.size() == 1 && !codes.get(0).equals(p.kind().code)) {
                        if (wrongCode++ < 5) problems.add(p.kind() + " at swipes-" + l.partition() + "@" + l.offset()
                                + " was dead-lettered as " + codes.get(0) + ", planned " + p.kind().code);
                        wrongByKind.merge(p.kind(), 1L, Long::sum);
                    }
                    // a malformed record with an id of its own must not have a list (a replay's id is its original's)
                    if (p.kind() != FuzzRecords.Kind.REPLAYED_EVENT_ID && watcher.lists(p.eventId()) > 0) {
                        if (badApplied++ < 5) problems.add(p.kind() + " " + p.eventId() + " got a list");
                        twice++;
                    }
                }
            }
            Map<String, Long> expected = FuzzRecords.expectedCodes(plan);
            if (!expected.equals(seenCodes)) problems.add("dead letters per reasonCode " + seenCodes + ", injected " + expected);
            if (stray > 0) problems.add(stray + " good records were dead-lettered: " + strayCodes);
            long others = watcher.lettersByOrigin().size() - letters - wrongCode - stray;
            if (others != 0) events.add(others + " dead letters of records the fuzz did not send (the REST fuzz's swipes)");
            if (!wrongByKind.isEmpty()) events.add("wrong reasonCodes by kind: " + wrongByKind);
            events.add("dead letters per reasonCode: " + seenCodes + " (injected: " + expected + ")");
            long crashes = crashes(stack, events, problems);
            long mismatches = stack.swipeCountMismatches(stack.instances().get(0), appliedPerUser, problems);
            String figure = String.format(Locale.ROOT, "%d malformed of %d kinds: %d crashes, %d wrong reasons;"
                            + " REST: %d requests, %d undeclared 5xx, /health slowest %.1f s",
                    plan.size() - originals.size(), kinds.keySet().stream().filter(k -> !k.good()).count(), crashes, wrongCode,
                    restReport.requests(), restReport.undeclared5xx(), restReport.slowestHealthSeconds());
            boolean ok = crashes == 0 && wrongCode == 0 && restReport.undeclared5xx() == 0 && restReport.healthAlwaysAnswered();
            return new ScenarioResult(NAME, plan.size(), applied, lost, twice, letters + wrongCode, mismatches, figure, ok,
                    events, problems);
        }
    }

    /** Sends every planned record in order at the configured rate; returns where each landed. */
    private List<Landed> send(String bootstrap, List<FuzzRecords.Planned> plan) throws InterruptedException {
        List<Landed> landed = new ArrayList<>(plan.size());
        for (int i = 0; i < plan.size(); i++) landed.add(null);
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_000_000,
                ProducerConfig.CLIENT_ID_CONFIG, "reelstream-reliability-fuzz"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (int i = 0; i < plan.size(); i++) {
                long due = start + (long) (i / settings.ratePerSecond * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 1_000_000) Thread.sleep(wait / 1_000_000);
                FuzzRecords.Planned p = plan.get(i);
                int index = i;
                producer.send(new ProducerRecord<>(Topics.SWIPES_TOPIC, p.key(), p.value()), (md, e) -> {
                    if (e != null) failure.compareAndSet(null, e);
                    else landed.set(index, new Landed(p, md.partition(), md.offset()));
                });
            }
            producer.flush();
        }
        if (failure.get() != null) throw new IllegalStateException("sending the fuzz records failed: " + failure.get(), failure.get());
        return landed;
    }

    /**
     * Waits until every good record has a list and every bad one a dead letter; false when
     * {@link #SETTLE_TIMEOUT} passes without a new outcome (or after {@link ListWatcher#MAX_WAIT}).
     */
    private static boolean awaitOutcomes(ListWatcher watcher, List<Landed> landed) throws InterruptedException {
        long start = System.nanoTime();
        long lastProgress = start;
        int from = 0;
        while (System.nanoTime() - lastProgress < SETTLE_TIMEOUT.toNanos()
                && System.nanoTime() - start < ListWatcher.MAX_WAIT.toNanos()) {
            int before = from;
            while (from < landed.size() && done(watcher, landed.get(from))) from++;
            if (from == landed.size()) {
                Thread.sleep(1000); // a second more: a doubled outcome would arrive right behind
                return true;
            }
            if (from > before) lastProgress = System.nanoTime();
            Thread.sleep(200);
        }
        return false;
    }

    private static boolean done(ListWatcher watcher, Landed l) {
        if (!watcher.lettersAt(Topics.SWIPES_TOPIC, l.partition(), l.offset()).isEmpty()) return true;
        return l.planned().kind().good() && watcher.lists(l.planned().eventId()) > 0;
    }

    /**
     * Crashes: dead JVMs, stream threads that died in our code (the handler replaced them), and an
     * instance whose /health is not UP within a minute of the end. Threads whose transaction the broker
     * aborted are reported, not counted: a 2-core machine at load 30 lets a transaction outlive its 5 s.
     */
    private static long crashes(ScenarioStack stack, List<String> events, List<String> problems) throws InterruptedException {
        long crashes = 0;
        for (ChildInstance in : stack.instances()) {
            if (!in.alive()) {
                crashes++;
                problems.add(in.name() + " died; its log ends: " + in.logTail(500));
                continue;
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (in.get("/health").statusCode() != 200 && System.nanoTime() < deadline) Thread.sleep(500);
            if (in.get("/health").statusCode() != 200) {
                crashes++;
                problems.add(in.name() + " /health is not UP a minute after the end");
            }
        }
        long[] deaths = stack.threadDeaths();
        if (deaths[0] > 0) problems.add(deaths[0] + " stream threads died in the topology's code (see the instance logs)");
        if (deaths[1] > 0) events.add(deaths[1] + " stream threads were replaced after the broker aborted their transaction"
                + " (transaction.timeout.ms passed: machine load)");
        return crashes + Math.max(0, deaths[0]);
    }

    /** Movie ids of the run's catalogue (items.tsv): the swipes on them are the good ones. */
    static Set<Integer> knownMovies(Path runDir) {
        Path items = runDir.resolve(ModelRunLayout.ITEMS);
        try {
            Set<Integer> out = new HashSet<>();
            List<String> lines = Files.readAllLines(items);
            for (String line : lines.subList(1, lines.size())) {
                int tab = line.indexOf('\t');
                if (tab > 0) out.add(Integer.parseInt(line.substring(0, tab)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the run's catalogue " + items + ": " + e.getMessage(), e);
        }
    }
}
