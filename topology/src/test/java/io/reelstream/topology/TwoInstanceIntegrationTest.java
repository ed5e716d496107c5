package io.reelstream.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelstream.embedded.EmbeddedKafkaCluster;
import io.reelstream.schemas.RankedMovie;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.serde.AvroSerdes;
import io.reelstream.topology.config.TopologyConfig;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * End to end on a real broker: two instances of one application (different state dirs and REST
 * ports), swipes with two partitions, a model published as ItemEmbedding rows + marker. Every
 * swipe yields a committed list on recommendations; REST on either instance returns the list the
 * stream last emitted for that user (the non-owner forwards to the owner).
 */
class TwoInstanceIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MOVIES = 300;
    private static final int K = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedKafkaCluster kafka;
    private static RecommenderInstance a;
    private static RecommenderInstance b;
    private static KafkaConsumer<Integer, RecommendationList> lists;
    private static final Map<String, RecommendationList> byCause = new HashMap<>();
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafkaCluster.start();
        TopologyConfig base = TopologyConfig.builder()
                .set(TopologyConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers())
                .set(TopologyConfig.APPLICATION_ID_CONFIG, "reelstream-it")
                .set(TopologyConfig.REST_PORT_CONFIG, "0")
                .set(TopologyConfig.RECOMMENDATIONS_SIZE_CONFIG, "10")
                .set(TopologyConfig.STANDBY_REPLICAS_CONFIG, "1")
                .build();
        try (Admin admin = kafka.admin()) {
            TopicSetup.createIfMissing(admin, base, 2, (short) 1);
        }
        SyntheticCatalogue.publish(kafka.bootstrapServers(), base.itemEmbeddingsTopic(), "run_it_v1",
                SyntheticCatalogue.rows("run_it_v1", MOVIES, K, 3), K);
        a = RecommenderInstance.start(base.with(TopologyConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("reelstream-it-a").toString()));
        b = RecommenderInstance.start(base.with(TopologyConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("reelstream-it-b").toString()));
        assertTrue(a.awaitRunning(WAIT) && b.awaitRunning(WAIT), "both instances RUNNING with a model");
        // each instance must own one of the two partitions, so routing between them is exercised
        await(() -> a.streams().state().isRunningOrRebalancing() && ownsTasks(a) && ownsTasks(b),
                "each instance owns a swipes partition");

        lists = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                Serdes.Integer().deserializer(), AvroSerdes.serde(RecommendationList.class).deserializer());
        List<TopicPartition> parts = List.of(new TopicPartition(base.recommendationsTopic(), 0),
                new TopicPartition(base.recommendationsTopic(), 1));
        lists.assign(parts);
        lists.seekToBeginning(parts);
    }

    @AfterAll
    static void stop() {
        if (lists != null) lists.close();
        if (b != null) b.close();
        if (a != null) a.close();
        if (kafka != null) kafka.close();
    }

    @Test
    void everySwipeYieldsAListAndEitherInstanceServesIt() throws Exception {
        Map<Integer, RecommendationList> lastByUser = new HashMap<>();
        try (Producer<Integer, Swipe> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                Serdes.Integer().serializer(), AvroSerdes.serde(Swipe.class).serializer())) {
            int event = 0;
            for (int round = 0; round < 6; round++) {
                for (int user = 1; user <= 6; user++) {
                    String eventId = "it-" + (++event);
                    int movie = 1 + (user * 37 + round * 11) % MOVIES;
                    producer.send(new ProducerRecord<>("swipes", user, Swipe.newBuilder().setEventId(eventId)
                            .setUserId(user).setMovieId(movie).setPreference(round % 3 == 2 ? -1 : 2).setBucket(null)
                            .setEventTime(1_000_000L + event).setSource("it").build()));
                    producer.flush();
                    RecommendationList list = awaitList(eventId);
                    assertEquals(user, list.getUserId());
                    assertEquals("run_it_v1", list.getModelVersion());
                    assertEquals(10, list.getItems().size());
                    assertTrue(list.getItems().stream().noneMatch(m -> m.getMovieId() == movie), "seen movie filtered");
                    lastByUser.put(user, list);
                }
            }
        }
        // 4 positives of 6 swipes → content (threshold 3), not yet vector (threshold 5)
        assertEquals("content", lastByUser.get(1).getStrategy());
        assertHealthNamesWhatTheBrokerKnows();

        Set<String> servedBy = new HashSet<>();
        Integer ownedByA = null;
        String aAddress = "localhost:" + a.restPort();
        for (Map.Entry<Integer, RecommendationList> e : lastByUser.entrySet()) {
            for (RecommenderInstance instance : List.of(a, b)) {
                JsonNode body = get(instance, "/users/" + e.getKey() + "/recommendations?n=10", 200);
                assertEquals(movieIds(e.getValue()), movieIds(body), "user " + e.getKey() + " via " + instance.restUrl());
                assertEquals(e.getValue().getStrategy(), body.get("strategy").asText());
                assertFalse(body.get("stale").asBoolean(), "the running owner answers fresh");
                servedBy.add(body.get("servedBy").asText());
                if (body.get("servedBy").asText().equals(aAddress) && e.getKey() != 1) ownedByA = e.getKey();
            }
            JsonNode user = get(b, "/users/" + e.getKey(), 200);
            assertEquals(6, user.get("swipeCount").asLong());
            assertEquals("run_it_v1", user.get("currentModelVersion").asText());
        }
        assertEquals(2, servedBy.size(), "both instances owned some users");

        // a swipe POSTed to either instance becomes a Swipe on the topic and then a list
        JsonNode accepted = post(b, "/users/1/swipes", "{\"movieId\": 5, \"rating\": 4.5}", 202);
        RecommendationList afterPost = awaitList(accepted.get("eventId").asText());
        assertEquals("vector", afterPost.getStrategy()); // the fifth positive
        assertEquals(movieIds(afterPost), movieIds(get(a, "/users/1/recommendations", 200)));

        // a valid id without swipes: the cold-start list, said so (issue 14); 404 stays for GET /users/{id}
        assertTrue(get(a, "/users/999999/recommendations", 200).get("coldStart").asBoolean());
        get(a, "/users/999999", 404);
        get(a, "/users/abc/recommendations", 400);
        get(a, "/users/1/recommendations?n=0", 400);
        get(b, "/movies/999999/similar", 404);
        assertEquals(5, get(b, "/movies/7/similar?n=5", 200).get("items").size());
        assertEquals(1, get(a, "/movies/popular?n=3", 200).get("items").get(0).get("movieId").asInt());
        assertEquals("UP", get(a, "/health", 200).get("status").asText());
        String metrics = getText(a, "/metrics");
        assertTrue(metrics.contains("reelstream_swipes_processed_total"), metrics);

        // failover: a stops; b takes its partitions over (standby copy, changelog) and serves every user
        lastByUser.put(1, afterPost);
        assertNotNull(ownedByA, "a owned a user");
        a.close();
        // Until the group notices a is gone (session.timeout.ms), a is still the owner: b, its standby,
        // answers from its copy, flagged stale, instead of a 503; then b owns the user and answers fresh.
        String ownedPath = "/users/" + ownedByA + "/recommendations?n=10";
        List<Integer> statuses = new ArrayList<>();
        boolean sawStale = false;
        boolean sawFresh = false;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!(sawStale && sawFresh) && System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(b.restUrl() + ownedPath)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            statuses.add(r.statusCode());
            if (r.statusCode() == 200) {
                JsonNode body = JSON.readTree(r.body());
                assertEquals(movieIds(lastByUser.get(ownedByA)), movieIds(body), "the standby's copy is the last list");
                boolean stale = body.get("stale").asBoolean();
                assertEquals(Boolean.toString(stale), r.headers().firstValue("X-Reelstream-Stale").orElse(""));
                if (stale) sawStale = true;
                else if (sawStale) sawFresh = true;
            }
            Thread.sleep(50);
        }
        assertTrue(sawStale, "b answered a's user from its standby copy, flagged stale; statuses " + statuses);
        assertTrue(sawFresh, "then b owned the user and answered fresh; statuses " + statuses);
        for (Map.Entry<Integer, RecommendationList> e : lastByUser.entrySet()) {
            String path = "/users/" + e.getKey() + "/recommendations?n=10";
            await(() -> {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(b.restUrl() + path)).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    return r.statusCode() == 200 && movieIds(JSON.readTree(r.body())).equals(movieIds(e.getValue()));
                } catch (Exception ex) {
                    return false;
                }
            }, "b to serve user " + e.getKey() + " after a stopped");
        }
    }

    @Test
    void refusesToStartWhenSeedsAndSwipesAreNotCoPartitioned() {
        kafka.createTopic("user-seeds-3", 3, Map.of("cleanup.policy", "compact"));
        TopologyConfig bad = a.config().with(TopologyConfig.USER_SEEDS_TOPIC_CONFIG, "user-seeds-3")
                .with(TopologyConfig.APPLICATION_ID_CONFIG, "reelstream-it-bad");
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> RecommenderInstance.start(bad));
        assertTrue(e.getMessage().contains("swipes has 2 partitions but user-seeds-3 has 3"), e.getMessage());
    }

    /**
     * The static members and transactional ids each instance gives in /health are the ones the broker
     * holds (a peer evicts a crashed instance by these names: recovery.InstanceIdentity, PeerWatch).
     */
    private static void assertHealthNamesWhatTheBrokerKnows() throws Exception {
        try (Admin admin = kafka.admin()) {
            Set<String> members = new HashSet<>();
            admin.describeConsumerGroups(List.of("reelstream-it")).all().get().get("reelstream-it").members()
                    .forEach(m -> members.add(m.groupInstanceId().orElse("<dynamic>")));
            for (RecommenderInstance i : List.of(a, b)) {
                JsonNode health = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(i.restUrl() + "/health"))
                        .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
                List<String> named = new ArrayList<>();
                health.get("groupInstanceIds").forEach(n -> named.add(n.asText()));
                assertEquals(List.of(i.config().groupInstanceId().orElseThrow() + "-1"), named);
                assertTrue(members.containsAll(named), named + " in the group's members " + members);
                List<String> transactional = new ArrayList<>();
                health.get("transactionalIds").forEach(n -> transactional.add(n.asText()));
                assertEquals(1, transactional.size(), health.toString());
                // throws TransactionalIdNotFoundException for a name the coordinator never saw
                admin.describeTransactions(transactional).all().get()
                        .forEach((id, d) -> assertTrue(d.producerId() >= 0, id + " is a live transactional producer"));
            }
        }
    }

    private static boolean ownsTasks(RecommenderInstance i) {
        return i.streams().metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty());
    }

    private static RecommendationList awaitList(String eventId) {
        await(() -> {
            for (ConsumerRecord<Integer, RecommendationList> r : lists.poll(Duration.ofMillis(100))) {
                byCause.put(r.value().getCauseEventId(), r.value());
            }
            return byCause.containsKey(eventId);
        }, "a list caused by " + eventId);
        return byCause.get(eventId);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("waited " + WAIT + " for " + what);
            LockSupport.parkNanos(20_000_000L); // poll every 20 ms until the bound
        }
    }

    private static List<Integer> movieIds(RecommendationList l) {
        List<Integer> out = new ArrayList<>();
        for (RankedMovie m : l.getItems()) out.add(m.getMovieId());
        return out;
    }

    private static List<Integer> movieIds(JsonNode body) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode m : body.get("items")) out.add(m.get("movieId").asInt());
        return out;
    }

    private static JsonNode get(RecommenderInstance i, String path, int status) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(i.restUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), path + " → " + r.body());
        return JSON.readTree(r.body());
    }

    private static String getText(RecommenderInstance i, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(i.restUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static JsonNode post(RecommenderInstance i, String path, String json, int status) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(i.restUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), path + " → " + r.body());
        return JSON.readTree(r.body());
    }
}
