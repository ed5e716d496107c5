package io.reelstream.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelstream.core.als.AlsParams;
import io.reelstream.core.als.FoldInSolver;
import io.reelstream.core.als.UserSolve;
import io.reelstream.core.model.FactorFile;
import io.reelstream.core.model.FactorMatrix;
import io.reelstream.core.model.ModelRunLayout;
import io.reelstream.core.preference.Preference;
import io.reelstream.embedded.EmbeddedKafkaCluster;
import io.reelstream.schemas.RankedMovie;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.serde.AvroSerdes;
import io.reelstream.topology.RecommenderInstance;
import io.reelstream.topology.TopicSetup;
import io.reelstream.topology.config.TopologyConfig;
import io.reelstream.trainer.cli.TrainerCli;
import io.reelstream.trainer.publish.Publisher;
import io.reelstream.trainer.runs.RunRecord;
import io.reelstream.trainer.runs.RunStore;
import io.reelstream.trainer.synth.SynthCommand;
import io.reelstream.trainer.synth.SyntheticRatings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train --engine spark} end to end on a real broker: the trainer's command line fits ALS on a
 * local Spark master and writes the usual run (files, manifest, runs-store record); the usual
 * publisher puts it on the topics; the topology loads it and serves a new user's list after five
 * likes. That list must be the fold-in of those likes into Spark's item factors (core FoldInSolver
 * with the run's own λ, α and ridge rule, read back from the run's files) ranked over the unseen
 * movies: the stream served Spark's model, unchanged.
 */
class SparkEngineServingIntegrationTest {
    static final Duration WAIT = Duration.ofSeconds(120);
    static final int USER = 900_001;
    static final int FACTORS = 12;
    /** Scores go through different float summation orders in the stream's ranker and here. */
    static final double SCORE_TOLERANCE = 1e-4;

    @TempDir
    Path tmp;

    @Test
    void aSparkFittedRunIsPublishedAndServedAsItsFoldIn() throws Exception {
        Path data = SynthCommand.write(new SyntheticRatings(new SyntheticRatings.Shape(600, 300, 24_000, 11)),
                tmp.resolve("data"), SyntheticRatings.Progress.NONE).getParent();
        Path models = tmp.resolve("models");
        String printed = trainer("train", "--engine", "spark", "--master", "local[2]", "--data", data.toString(),
                "--models", models.toString(), "--factors", String.valueOf(FACTORS), "--iterations", "4",
                "--set", "serving.kind=als", "--set", "itemitem.enabled=false", "--max-eval-users", "200", "--no-progress");
        assertTrue(printed.contains("als.regularization       = frequency") && printed.contains("(engine spark default)"),
                "the ridge the engine fills in is printed with its origin:\n" + printed);
        Path run = ModelRunLayout.latestRun(models);

        JsonNode manifest = new ObjectMapper().readTree(run.resolve(ModelRunLayout.MANIFEST).toFile());
        assertEquals("spark", manifest.path("models").path("als").path("engine").path("engine").asText());
        assertEquals("local[2]", manifest.path("models").path("als").path("engine").path("master").asText());
        assertTrue(manifest.path("metrics").path("models").has("als"), "evaluated like any run");
        for (String file : List.of(ModelRunLayout.ITEM_FACTORS, ModelRunLayout.USER_FACTORS, ModelRunLayout.ITEMS,
                ModelRunLayout.POPULARITY, ModelRunLayout.CONTENT_NEIGHBOURS, ModelRunLayout.INTERACTIONS)) {
            assertTrue(Files.isRegularFile(run.resolve(file)), file + " written");
        }
        try (RunStore store = RunStore.open(models.resolve("runs.db"))) {
            RunRecord record = store.get(store.list(RunRecord.TRAIN, null, 1).get(0).id()).orElseThrow();
            assertEquals(run.toString(), record.artifact());
            assertEquals(new RunRecord.Param("spark", "flag"), record.params().get("als.engine"));
            assertEquals("engine spark default", record.params().get("als.regularization").origin());
        }

        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start()) {
            TopologyConfig config = TopologyConfig.builder()
                    .set(TopologyConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers())
                    .set(TopologyConfig.APPLICATION_ID_CONFIG, "reelstream-spark-it")
                    .set(TopologyConfig.REST_PORT_CONFIG, "0")
                    .set(TopologyConfig.STATE_DIR_CONFIG, tmp.resolve("streams").toString())
                    .build();
            try (Admin admin = kafka.admin()) {
                TopicSetup.createIfMissing(admin, config, 1, (short) 1);
            }
            Publisher.Result published = new Publisher(Publisher.Options.defaults(kafka.bootstrapServers()).withRegister(false),
                    new PrintWriter(new StringWriter())).publish(run);
            assertEquals(run.getFileName().toString(), published.modelVersion());

            List<Integer> likes = popularMovies(run).subList(10, 15);
            try (RecommenderInstance topology = RecommenderInstance.start(config)) {
                assertTrue(topology.awaitRunning(WAIT), "topology RUNNING with the Spark-fitted model");
                RecommendationList list = afterLikes(kafka.bootstrapServers(), config, likes);
                assertEquals(published.modelVersion(), list.getModelVersion());
                assertEquals("als", list.getModelKind());
                assertEquals("vector", list.getStrategy(), "five likes: past the cold-start ladder");
                assertFoldInOfSparkFactors(run, likes, list);
            }
        }
    }

    /**
     * Recomputes the list from the run's files: xu = core FoldInSolver over the likes with the run's
     * λ·n (frequency), α; every served score is yi·xu, and no unseen movie scores above the first.
     */
    private static void assertFoldInOfSparkFactors(Path run, List<Integer> likes, RecommendationList list) throws Exception {
        FactorMatrix Y = FactorFile.read(run.resolve(ModelRunLayout.ITEM_FACTORS));
        int k = Y.k();
        assertEquals(FACTORS, k);
        double[] YtY = UserSolve.gramian(Y.values(), Y.rows(), k);
        int n = likes.size();
        int[] rows = new int[n];
        float[] cu = new float[n];
        float[] pu = new float[n];
        for (int i = 0; i < n; i++) {
            rows[i] = Y.rowOf(likes.get(i));
            cu[i] = Preference.confidence(1, Preference.DEFAULT_ALPHA);
            pu[i] = Preference.target(1);
        }
        double lambda = AlsParams.lambdaFor(AlsParams.Regularization.FREQUENCY, SparkAlsSettings.DEFAULT_FREQUENCY_LAMBDA, n, YtY);
        float[] xu = FoldInSolver.of(Y.values(), Y.rows(), k, YtY).solve(rows, cu, pu, n, lambda);
        Set<Integer> seen = Set.copyOf(likes);
        double best = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < Y.rows(); r++) {
            if (!seen.contains(Y.ids()[r])) best = Math.max(best, score(Y, r, xu));
        }
        List<RankedMovie> items = list.getItems();
        assertFalse(items.isEmpty());
        for (RankedMovie m : items) {
            assertFalse(seen.contains(m.getMovieId()), "a liked movie was served again: " + m);
            double expected = score(Y, Y.rowOf(m.getMovieId()), xu);
            assertEquals(expected, m.getScore(), SCORE_TOLERANCE * Math.max(1, Math.abs(expected)), "score of " + m);
        }
        assertEquals(best, items.get(0).getScore(), SCORE_TOLERANCE * Math.max(1, Math.abs(best)),
                "the first served movie has the best fold-in score of every unseen movie");
    }

    private static double score(FactorMatrix Y, int row, float[] xu) {
        double s = 0;
        for (int a = 0; a < Y.k(); a++) s += Y.values()[row * Y.k() + a] * (double) xu[a];
        return s;
    }

    /** Sends the likes for a new user; returns the list the last one caused (read_committed). */
    private static RecommendationList afterLikes(String bootstrap, TopologyConfig config, List<Integer> likes) {
        String last = "spark-it-" + (likes.size() - 1);
        try (KafkaProducer<Integer, Swipe> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                Serdes.Integer().serializer(), AvroSerdes.serde(Swipe.class).serializer());
             KafkaConsumer<Integer, RecommendationList> lists = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.GROUP_ID_CONFIG, "spark-it-reader"),
                     Serdes.Integer().deserializer(), AvroSerdes.serde(RecommendationList.class).deserializer())) {
            for (int i = 0; i < likes.size(); i++) {
                producer.send(new ProducerRecord<>(config.swipesTopic(), USER, Swipe.newBuilder().setEventId("spark-it-" + i)
                        .setUserId(USER).setMovieId(likes.get(i)).setPreference(1).setBucket(null)
                        .setEventTime(1_000_000L + 1000L * i).setSource("it").build()));
            }
            producer.flush();
            lists.subscribe(List.of(config.recommendationsTopic()));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<Integer, RecommendationList> r : lists.poll(Duration.ofMillis(200))) {
                    if (r.value().getCauseEventId().equals(last)) return r.value();
                }
            }
            throw new AssertionError("no list caused by " + last + " within " + WAIT.toSeconds() + " s");
        }
    }

    /** Movie ids of the run's popularity file, most popular first. */
    private static List<Integer> popularMovies(Path run) throws Exception {
        try (Stream<String> lines = Files.lines(run.resolve(ModelRunLayout.POPULARITY), StandardCharsets.UTF_8)) {
            return lines.skip(1).map(l -> Integer.parseInt(l.split("\t", 2)[0])).collect(Collectors.toCollection(ArrayList::new));
        }
    }

    /** Runs the trainer's command line as a user would; returns what it printed, failing on a non-zero exit. */
    private static String trainer(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = TrainerCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        assertEquals(0, code, "trainer " + String.join(" ", args) + " failed:\n" + err + "\n" + out);
        return out.toString();
    }
}
