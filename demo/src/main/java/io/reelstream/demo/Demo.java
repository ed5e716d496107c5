package io.reelstream.demo;

import io.reelstream.demo.replay.ConnectReplay;
import io.reelstream.demo.replay.HitTracker;
import io.reelstream.demo.replay.InitialLists;
import io.reelstream.demo.replay.ReplayConsumer;
import io.reelstream.demo.replay.ReplaySlice;
import io.reelstream.demo.replay.ReplayWait;
import io.reelstream.demo.rest.RestProbe;
import io.reelstream.demo.stack.Closer;
import io.reelstream.demo.stack.KafkaStack;
import io.reelstream.demo.stack.ModelStage;
import io.reelstream.demo.stack.Stages;
import io.reelstream.demo.stack.TempDirs;
import io.reelstream.demo.stack.TopologyStage;
import io.reelstream.schemas.Topics;
import io.reelstream.topology.config.TopologyConfig;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one-command demo, stage by stage: embedded broker → train on the PROTOCOL train slice →
 * publish → topology + REST → replay of the scored slice through the MovieLens source connector in
 * an in-process Connect worker, with a live line (swipes/s, lag, hit rate so far) → summary. With
 * {@code once} it returns after the replay; otherwise it serves until the JVM is stopped.
 */
public final class Demo {
    /** List length the live hit rate looks at (PROTOCOL K). */
    public static final int K = 10;
    /** A replay that answers no swipe for this long has stalled. */
    static final Duration STALL_TIMEOUT = ReplayWait.DEFAULT_STALL;
    static final String APPLICATION_ID = "reelstream-demo";

    /** What the demo was asked to do. */
    public record Options(Path dataDir, Path modelsDir, Path run, String slice, int maxSwipes, double rate,
                          int restPort, boolean once, Map<String, String> trainerOverrides,
                          Map<String, String> topologyOverrides) {}

    /** What a run did: counts, figures, REST checks and stage timings. */
    public record Summary(String modelVersion, int replayed, ReplayConsumer.Accounting accounting,
                          HitTracker.Snapshot figures, long[] latencyQuantilesMs, int catalogueSize, double replaySeconds,
                          Map<String, Integer> restStatuses, Map<String, Long> stageMillis) {
        public boolean everySwipeAnswered() {
            return accounting.swipes() == replayed && accounting.unanswered() == 0;
        }

        public boolean restOk() {
            return !restStatuses.isEmpty() && restStatuses.values().stream().allMatch(s -> s / 100 == 2);
        }
    }

    private final Options options;
    private final Closer closer;
    private final PrintStream out;
    private final Stages stages = new Stages();
    private volatile String curlLines = "";

    public Demo(Options options, Closer closer, PrintStream out) {
        this.options = options;
        this.closer = closer;
        this.out = out;
    }

    public Summary run() throws Exception {
        long started = System.nanoTime();
        KafkaStack kafka = stages.run("broker", "starting a single-node KRaft broker in a temp dir",
                () -> closer.register("embedded Kafka", KafkaStack.start()));
        stages.run("topics", "creating swipes, recommendations, swipes-dlq", kafka::createStandardTopics);

        Path run = options.run();
        if (run == null) {
            Path models = options.modelsDir() != null ? options.modelsDir()
                    : closer.register("temp models dir", TempDirs.create("reelstream-demo-models-")).path();
            run = stages.run("train", "training popularity, content and implicit ALS on " + options.dataDir()
                    + " (PROTOCOL train slice; evaluated on validation) into " + models,
                    () -> ModelStage.train(options.dataDir(), models, options.trainerOverrides()));
        }
        Path runDir = run;
        ModelStage.Published model = stages.run("publish", "publishing " + runDir + " to item-embeddings and user-seeds",
                () -> ModelStage.publish(runDir, kafka.bootstrapServers()));

        Map<String, String> topologyConfig = new LinkedHashMap<>();
        topologyConfig.put(TopologyConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        topologyConfig.put(TopologyConfig.REST_PORT_CONFIG, Integer.toString(options.restPort()));
        topologyConfig.putAll(options.topologyOverrides());
        TopologyStage topology = stages.run("topology", "starting Kafka Streams and REST, waiting for the model and the user seeds",
                () -> closer.register("topology + REST", startTopology(kafka, topologyConfig)));
        RestProbe rest = new RestProbe(topology.restUrl());

        ReplaySlice slice = stages.run("slice", "reading the " + options.slice() + " slice of " + options.dataDir(),
                () -> ReplaySlice.load(options.dataDir(), options.slice(), options.maxSwipes()));
        if (slice.size() == 0) throw new IllegalArgumentException("the " + options.slice() + " slice of " + options.dataDir() + " is empty");

        HitTracker tracker = stages.run("initial lists", "asking REST for the current top-" + K + " of the "
                + slice.users().size() + " users in the replay", () -> InitialLists.fetch(rest, slice.users(), K));
        printCurlLines(rest, slice, model);

        ReplayConsumer observer = closer.register("replay observer", new ReplayConsumer(kafka.bootstrapServers(),
                new ReplayConsumer.Topics(Topics.SWIPES_TOPIC, Topics.RECOMMENDATIONS_TOPIC, Topics.SWIPES_DLQ_TOPIC), tracker));
        ConnectReplay connect = stages.run("connect", "starting an in-process Kafka Connect worker",
                () -> closer.register("Connect worker", ConnectReplay.startWorker(kafka.bootstrapServers())));
        Path replayFile = slice.complete() ? slice.ratingsFile()
                : slice.writeCsv(closer.register("temp replay dir", TempDirs.create("reelstream-replay-")).path());
        String connectorSlice = slice.complete() ? slice.sliceName() : "all";

        long replayStart = System.nanoTime();
        stages.run("replay", String.format(Locale.ROOT, "replaying %d swipes of the %s slice through the %s connector at %s",
                        slice.size(), slice.sliceName(), ConnectReplay.CONNECTOR_NAME,
                        options.rate() > 0 ? options.rate() + " swipes/s" : "full speed"),
                () -> {
                    connect.startReplay(replayFile, connectorSlice, Topics.SWIPES_TOPIC, options.rate());
                    ReplayWait.await(observer, slice.size(), topology.catalogueSize(), "replay", out, STALL_TIMEOUT,
                            () -> connect.failed() ? "the replay connector failed: " + connect.status() : null);
                });
        double replaySeconds = (System.nanoTime() - replayStart) / 1e9;

        Map<String, Integer> restStatuses = stages.run("rest check", "calling every GET route once",
                () -> checkRest(rest, slice, model));
        Summary summary = new Summary(model.modelVersion(), slice.size(), observer.accounting(), observer.snapshot(),
                observer.latencyQuantilesMs(), topology.catalogueSize(), replaySeconds, restStatuses, stages.millis());
        printSummary(summary, (System.nanoTime() - started) / 1e9);
        return summary;
    }

    /** The topology; a taken REST port is reported with the flag that fixes it. */
    private TopologyStage startTopology(KafkaStack kafka, Map<String, String> config) throws InterruptedException {
        try {
            return TopologyStage.start(kafka.bootstrapServers(), kafka.admin(), config);
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof java.net.BindException) {
                throw new IllegalStateException("REST port " + options.restPort() + " on localhost is taken; pass --rest-port"
                        + " with a free port (0 = any free port)", e);
            }
            throw e;
        }
    }

    /** Calls every GET route once with real ids; route → HTTP status. */
    private static Map<String, Integer> checkRest(RestProbe rest, ReplaySlice slice, ModelStage.Published model) throws Exception {
        int user = slice.userId(0);
        int movie = slice.movieId(0);
        Map<String, Integer> statuses = new LinkedHashMap<>();
        for (String path : List.of("/health", "/users/" + user + "/recommendations?n=" + K, "/users/" + user,
                "/movies/popular?n=" + K, "/movies/" + similarMovie(rest, movie) + "/similar?n=5", "/instances", "/metrics")) {
            statuses.put("GET " + path, rest.get(path).status());
        }
        return statuses;
    }

    /** A movie of the model to show /similar with: the replay's first movie if the model has it, else the most popular. */
    private static int similarMovie(RestProbe rest, int candidate) throws Exception {
        RestProbe.Answer a = rest.get("/movies/" + candidate + "/similar?n=1");
        return a.ok() ? candidate : rest.popular(1)[0];
    }

    private void printCurlLines(RestProbe rest, ReplaySlice slice, ModelStage.Published model) throws Exception {
        int user = slice.userId(0);
        int movie = similarMovie(rest, slice.movieId(0));
        int[] popular = rest.popular(1);
        String base = rest.baseUrl();
        StringBuilder sb = new StringBuilder();
        sb.append("REST is up at ").append(base).append(" (model ").append(model.modelVersion()).append("). Try:\n");
        sb.append("  curl -s '").append(base).append("/users/").append(user).append("/recommendations?n=10'\n");
        sb.append("  curl -s '").append(base).append("/users/").append(user).append("'\n");
        sb.append("  curl -s -X POST '").append(base).append("/users/").append(user)
                .append("/swipes' -H 'Content-Type: application/json' -d '{\"movieId\": ").append(popular[0])
                .append(", \"preference\": 2}'\n");
        sb.append("  curl -s '").append(base).append("/movies/popular?n=10'\n");
        sb.append("  curl -s '").append(base).append("/movies/").append(movie).append("/similar?n=10'\n");
        sb.append("  curl -s '").append(base).append("/instances'\n");
        sb.append("  curl -s '").append(base).append("/health'\n");
        sb.append("  curl -s '").append(base).append("/metrics'\n");
        curlLines = sb.toString();
        out.println();
        out.print(curlLines);
        out.println();
        out.flush();
    }

    /** The example curl lines with this run's port and ids (printed before the replay). */
    public String curlLines() {
        return curlLines;
    }

    private void printSummary(Summary s, double totalSeconds) {
        HitTracker.Snapshot f = s.figures();
        ReplayConsumer.Accounting a = s.accounting();
        out.println();
        out.println("=== reelstream demo summary ===");
        out.printf(Locale.ROOT, "model              %s (%d items)%n", s.modelVersion(), s.catalogueSize());
        out.printf(Locale.ROOT, "replayed           %d swipes of the %s slice in %.1f s (%.0f swipes/s)%n", s.replayed(),
                options.slice(), s.replaySeconds(), s.replayed() / Math.max(1e-9, s.replaySeconds()));
        out.printf(Locale.ROOT, "answered           %d with a list on %s, %d dead-lettered %s, %d unanswered%n", a.listed(),
                Topics.RECOMMENDATIONS_TOPIC, a.deadLettered(), a.deadLetterReasons(), a.unanswered());
        out.printf(Locale.ROOT, "lists by strategy  %s%n", a.strategies());
        long[] lat = s.latencyQuantilesMs();
        if (lat.length == 4) {
            out.printf(Locale.ROOT, "swipe -> list      p50 %d ms, p95 %d ms, p99 %d ms, max %d ms (swipe produced -> committed list read%s)%n",
                    lat[0], lat[1], lat[2], lat[3], options.rate() > 0 ? "" : "; --rate 0 queues the whole replay, so this is mostly waiting");
        }
        out.printf(Locale.ROOT, "HR@%d               %.4f  (%d of %d positive swipes were in the user's top-%d before the swipe)%n",
                K, f.hitRate(), f.hits(), f.positives(), K);
        out.printf(Locale.ROOT, "NDCG@%d             %.4f%n", K, f.ndcg());
        out.printf(Locale.ROOT, "coverage@%d         %.4f  (%d distinct movies in lists)%n", K, f.coverage(s.catalogueSize()),
                f.distinctListed());
        out.printf(Locale.ROOT, "REST check         %s%n", s.restStatuses());
        out.printf(Locale.ROOT, "stages             %s; total %.1f s%n", stages.summary(), totalSeconds);
        out.flush();
    }
}
