package io.reelstream.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelstream.core.als.AlsParams;
import io.reelstream.embedded.EmbeddedKafkaCluster;
import io.reelstream.schemas.ItemEmbedding;
import io.reelstream.schemas.RankedMovie;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.UserSeed;
import io.reelstream.schemas.serde.AvroSerdes;
import io.reelstream.topology.config.TopologyConfig;
import io.reelstream.topology.metrics.StreamMetrics.DeadLetterReason;
import io.reelstream.topology.model.ModelSnapshot;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bar on real data: implicit ALS fitted on ml-latest-small's train slice (PROTOCOL.md),
 * its item rows and user seeds published as the trainer would, two instances, then the first 1 000
 * validation swipes (by time). Each swipe on a movie the model knows yields a committed list scored
 * with the model's version by the user's vector (every validation user was trained: warm); the
 * rest go to the DLQ as unknown movies. The streamed lists must find more of each user's later
 * validation positives than the popularity lists under the same seen filter, and REST on either
 * instance must return each user's last list.
 */
class MovieLensStreamingIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int SWIPES = 1000;
    private static final int N = 10;
    private static final String VERSION = "run_ml_small_it";

    @Test
    void validationSwipesGetWarmListsThatBeatPopularity() throws Exception {
        long t0 = System.nanoTime();
        MovieLensModel ml = new MovieLensModel(ratingsCsv(), AlsParams.defaults().withThreads(2));
        System.out.printf("ml-latest-small: %d train / %d validation ratings, ALS k=%d fitted in %d ms%n",
                ml.train.size(), ml.validation.size(), ml.als.k(), (System.nanoTime() - t0) / 1_000_000);

        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start()) {
            TopologyConfig base = TopologyConfig.builder()
                    .set(TopologyConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers())
                    .set(TopologyConfig.APPLICATION_ID_CONFIG, "reelstream-ml-it")
                    .set(TopologyConfig.REST_PORT_CONFIG, "0")
                    .set(TopologyConfig.RECOMMENDATIONS_SIZE_CONFIG, Integer.toString(N))
                    .build();
            try (Admin admin = kafka.admin()) {
                TopicSetup.createIfMissing(admin, base, 2, (short) 1);
            }
            List<ItemEmbedding> rows = ml.itemRows(VERSION);
            SyntheticCatalogue.publish(kafka.bootstrapServers(), base.itemEmbeddingsTopic(), VERSION, rows, ml.als.k());
            List<UserSeed> seeds = ml.seeds(VERSION);
            try (Producer<Integer, UserSeed> p = producer(kafka, UserSeed.class)) {
                for (UserSeed s : seeds) p.send(new ProducerRecord<>(base.userSeedsTopic(), s.getUserId(), s));
            }
            try (RecommenderInstance a = RecommenderInstance.start(stateDir(base, "a"));
                 RecommenderInstance b = RecommenderInstance.start(stateDir(base, "b"));
                 KafkaConsumer<Integer, RecommendationList> lists = listConsumer(kafka, base)) {
                assertTrue(a.awaitRunning(WAIT) && b.awaitRunning(WAIT), "instances RUNNING with the model");
                await(() -> a.metrics().seedsApplied() + b.metrics().seedsApplied() >= seeds.size(), "all seeds applied");

                List<MovieLensModel.Rating> sent = new ArrayList<>(ml.validation);
                sent.sort(Comparator.comparingLong(MovieLensModel.Rating::timestampSec)
                        .thenComparingInt(MovieLensModel.Rating::userId).thenComparingInt(MovieLensModel.Rating::movieId));
                sent = sent.subList(0, SWIPES);
                int known = 0;
                long sendStart = System.nanoTime();
                try (Producer<Integer, Swipe> p = producer(kafka, Swipe.class)) {
                    for (int i = 0; i < SWIPES; i++) {
                        MovieLensModel.Rating r = sent.get(i);
                        if (ml.knowsMovie(r.movieId())) known++;
                        p.send(new ProducerRecord<>(base.swipesTopic(), r.userId(), Swipe.newBuilder()
                                .setEventId("v" + i).setUserId(r.userId()).setMovieId(r.movieId())
                                .setPreference(r.preference()).setBucket(null).setEventTime(r.timestampSec() * 1000)
                                .setSource("movielens-validation").build()));
                    }
                }
                Map<String, RecommendationList> byCause = new HashMap<>();
                final int expected = known;
                await(() -> {
                    for (ConsumerRecord<Integer, RecommendationList> r : lists.poll(Duration.ofMillis(100))) {
                        byCause.put(r.value().getCauseEventId(), r.value());
                    }
                    return byCause.size() >= expected;
                }, expected + " lists");
                double seconds = (System.nanoTime() - sendStart) / 1e9;
                long unknown = a.metrics().deadLetters(DeadLetterReason.UNKNOWN_MOVIE)
                        + b.metrics().deadLetters(DeadLetterReason.UNKNOWN_MOVIE);
                assertEquals(SWIPES - known, unknown, "validation swipes on movies outside the train slice");
                assertEquals(0, a.metrics().deadLetters() + b.metrics().deadLetters() - unknown);

                // quality: hits among each user's later validation positives, streamed vs popularity
                ModelSnapshot model = a.models().current();
                Map<Integer, Set<Integer>> seen = new HashMap<>();
                for (MovieLensModel.Rating r : ml.train) seen.computeIfAbsent(r.userId(), u -> new HashSet<>()).add(r.movieId());
                Map<Integer, List<MovieLensModel.Rating>> future = new HashMap<>();
                for (MovieLensModel.Rating r : ml.validation) future.computeIfAbsent(r.userId(), u -> new ArrayList<>()).add(r);
                int streamedHits = 0, popularHits = 0, scored = 0;
                Map<Integer, RecommendationList> lastByUser = new HashMap<>();
                for (int i = 0; i < SWIPES; i++) {
                    MovieLensModel.Rating r = sent.get(i);
                    seen.get(r.userId()).add(r.movieId());
                    future.get(r.userId()).remove(r);
                    RecommendationList list = byCause.get("v" + i);
                    if (list == null) continue;
                    assertEquals(VERSION, list.getModelVersion());
                    assertEquals("vector", list.getStrategy(), "trained users are warm");
                    assertEquals(N, list.getItems().size());
                    lastByUser.put(r.userId(), list);
                    Set<Integer> relevant = new HashSet<>();
                    for (MovieLensModel.Rating f : future.get(r.userId())) if (f.preference() > 0) relevant.add(f.movieId());
                    if (relevant.isEmpty()) continue;
                    scored++;
                    for (RankedMovie m : list.getItems()) if (relevant.contains(m.getMovieId())) streamedHits++;
                    int taken = 0;
                    for (int row : model.popularRows()) {
                        if (taken == N) break;
                        int movie = model.movieId(row);
                        if (seen.get(r.userId()).contains(movie)) continue;
                        taken++;
                        if (relevant.contains(movie)) popularHits++;
                    }
                }
                System.out.printf("%d validation swipes → %d lists + %d unknown-movie dead letters in %.1f s; "
                                + "hits@%d among later validation positives over %d lists: streamed %d, popularity %d%n",
                        SWIPES, byCause.size(), unknown, seconds, N, scored, streamedHits, popularHits);
                assertTrue(streamedHits > popularHits, "streamed " + streamedHits + " vs popularity " + popularHits);

                HttpClient http = HttpClient.newHttpClient();
                ObjectMapper json = new ObjectMapper();
                int checked = 0;
                for (Map.Entry<Integer, RecommendationList> e : lastByUser.entrySet()) {
                    if (checked++ == 25) break;
                    for (RecommenderInstance i : List.of(a, b)) {
                        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(i.restUrl() + "/users/"
                                + e.getKey() + "/recommendations?n=" + N)).build(), HttpResponse.BodyHandlers.ofString());
                        assertEquals(200, resp.statusCode(), resp.body());
                        JsonNode body = json.readTree(resp.body());
                        List<Integer> ids = new ArrayList<>();
                        body.get("items").forEach(m -> ids.add(m.get("movieId").asInt()));
                        List<Integer> expectedIds = e.getValue().getItems().stream().map(RankedMovie::getMovieId).toList();
                        assertEquals(expectedIds, ids, "user " + e.getKey() + " via " + i.restUrl());
                    }
                }
            }
        }
    }

    private static Path ratingsCsv() {
        String shared = System.getProperty("shared.data.dir");
        Path p = shared == null ? null : Path.of(shared, "ml-latest-small", "ratings.csv");
        if (p != null && Files.isRegularFile(p)) return p;
        Path fallback = Path.of("..", "data", "ml-latest-small", "ratings.csv");
        if (Files.isRegularFile(fallback)) return fallback;
        throw new IllegalStateException("ml-latest-small not found at " + p + " nor " + fallback.toAbsolutePath()
                + "; set -Dshared.data.dir to the directory holding ml-latest-small");
    }

    private static TopologyConfig stateDir(TopologyConfig base, String name) throws Exception {
        return base.with(TopologyConfig.STATE_DIR_CONFIG, Files.createTempDirectory("reelstream-ml-" + name).toString());
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> Producer<Integer, T> producer(
            EmbeddedKafkaCluster kafka, Class<T> type) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5), Serdes.Integer().serializer(), AvroSerdes.serde(type).serializer());
    }

    private static KafkaConsumer<Integer, RecommendationList> listConsumer(EmbeddedKafkaCluster kafka, TopologyConfig c) {
        KafkaConsumer<Integer, RecommendationList> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                Serdes.Integer().deserializer(), AvroSerdes.serde(RecommendationList.class).deserializer());
        List<TopicPartition> parts = List.of(new TopicPartition(c.recommendationsTopic(), 0),
                new TopicPartition(c.recommendationsTopic(), 1));
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        return consumer;
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("waited " + WAIT + " for " + what);
            LockSupport.parkNanos(20_000_000L); // poll every 20 ms until the bound
        }
    }
}
