package io.reelstream.connectors.it;

import io.reelstream.connectors.source.MovieLensSourceConfig;
import io.reelstream.connectors.source.MovieLensSourceConnector;
import io.reelstream.connectors.source.ReplayPlan;
import io.reelstream.connectors.testing.RatingsFiles.Rating;
import io.reelstream.connectors.testing.RatingsFiles;
import io.reelstream.connectors.testing.SwipeConsumer;
import io.reelstream.core.preference.Preference;
import io.reelstream.embedded.EmbeddedConnectWorker;
import io.reelstream.embedded.EmbeddedKafkaCluster;
import io.reelstream.schemas.Swipe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MovieLens replay source in a real distributed Connect worker (exactly-once source support on)
 * against a real KRaft broker: a full replay lands every swipe once in timestamp order per user, a
 * slice replay lands exactly the PROTOCOL slice, and a task restart plus a worker restart in the middle
 * of a replay neither lose nor repeat a swipe.
 */
class MovieLensSourceConnectorIntegrationTest {
    static EmbeddedKafkaCluster kafka;
    @TempDir
    static Path dir;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaCluster.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) kafka.close();
    }

    private static Map<String, String> sourceConfig(Path file, String topic) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", MovieLensSourceConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("key.converter", EmbeddedConnectWorker.BYTE_ARRAY_CONVERTER);
        c.put("value.converter", EmbeddedConnectWorker.BYTE_ARRAY_CONVERTER);
        c.put(MovieLensSourceConfig.FILE_CONFIG, file.toString());
        c.put(MovieLensSourceConfig.TOPIC_CONFIG, topic);
        return c;
    }

    @Test
    void replaysEveryRatingOnceInTimestampOrderPerUserAndOnlyTheChosenSlice() throws Exception {
        List<Rating> ratings = RatingsFiles.generate(30, 20, 7);
        Path file = RatingsFiles.writeCsv(Files.createDirectories(dir.resolve("full")), ratings);
        kafka.createTopic("swipes-full", 1, Map.of());
        kafka.createTopic("swipes-test-slice", 1, Map.of());
        try (EmbeddedConnectWorker worker = EmbeddedConnectWorker.start(kafka.bootstrapServers(), "connect-full");
             SwipeConsumer all = new SwipeConsumer(kafka.bootstrapServers(), "swipes-full");
             SwipeConsumer testSlice = new SwipeConsumer(kafka.bootstrapServers(), "swipes-test-slice")) {
            worker.putConnector("replay-all", sourceConfig(file, "swipes-full"));
            Map<String, String> sliceConfig = sourceConfig(file, "swipes-test-slice");
            sliceConfig.put(MovieLensSourceConfig.SLICE_CONFIG, "test");
            worker.putConnector("replay-test-slice", sliceConfig);

            all.readAtLeast(ratings.size());
            List<ConsumerRecord<Integer, Swipe>> records = all.readToEnd();
            assertEveryRatingOnce(ratings, records);
            assertPerUserOrder(records);
            for (ConsumerRecord<Integer, Swipe> r : records) {
                assertEquals(r.value().getUserId(), r.key(), "key is the userId");
                assertEquals("movielens-replay", r.value().getSource());
            }
            Rating first = ratings.get(0);
            Swipe firstSwipe = records.stream().map(ConsumerRecord::value)
                    .filter(s -> s.getEventId().equals(ReplayPlan.eventId(first.userId(), first.movieId(), first.timestamp())))
                    .findFirst().orElseThrow();
            assertEquals(Preference.fromRating(first.rating()), firstSwipe.getPreference());
            assertEquals(Preference.bucket(first.rating()), firstSwipe.getBucket());
            assertEquals(first.timestamp() * 1000L, firstSwipe.getEventTime());

            // PROTOCOL test slice, counted independently: per user n - floor(0.9 n) newest ratings
            Map<Integer, List<Rating>> byUser = ratings.stream().collect(Collectors.groupingBy(Rating::userId));
            Set<String> expectedTest = new HashSet<>();
            for (List<Rating> userRatings : byUser.values()) {
                userRatings.sort(Comparator.comparingLong(Rating::timestamp).thenComparingInt(Rating::movieId));
                int n = userRatings.size();
                for (Rating r : userRatings.subList((int) Math.floor(0.9 * n), n)) {
                    expectedTest.add(ReplayPlan.eventId(r.userId(), r.movieId(), r.timestamp()));
                }
            }
            testSlice.readAtLeast(expectedTest.size());
            Set<String> gotTest = testSlice.readToEnd().stream().map(r -> r.value().getEventId()).collect(Collectors.toSet());
            assertEquals(expectedTest, gotTest);
        }
    }

    @Test
    void taskRestartAndWorkerRestartMidReplayNeitherLoseNorRepeatASwipe() throws Exception {
        List<Rating> ratings = RatingsFiles.generate(60, 50, 11); // 3000 swipes
        Path file = RatingsFiles.writeCsv(Files.createDirectories(dir.resolve("restart")), ratings);
        kafka.createTopic("swipes-restart", 1, Map.of());
        Map<String, String> config = sourceConfig(file, "swipes-restart");
        // ~6 s of replay in small transactions, so both restarts land well inside it
        config.put(MovieLensSourceConfig.MAX_SWIPES_PER_SECOND_CONFIG, "500");
        config.put(MovieLensSourceConfig.BATCH_SIZE_CONFIG, "50");
        try (SwipeConsumer consumer = new SwipeConsumer(kafka.bootstrapServers(), "swipes-restart")) {
            EmbeddedConnectWorker first = EmbeddedConnectWorker.start(kafka.bootstrapServers(), "connect-restart");
            try {
                first.putConnector("replay-restart", config);
                first.awaitRunning("replay-restart", 1);
                consumer.readAtLeast(500);
                first.restartTask("replay-restart", 0);
                consumer.readAtLeast(1200);
            } finally {
                first.close(); // the whole worker goes away mid-replay
            }
            int beforeSecondWorker = consumer.readToEnd().size();
            assertTrue(beforeSecondWorker < ratings.size(),
                    "the first worker should have been stopped mid-replay, but it emitted " + beforeSecondWorker);
            try (EmbeddedConnectWorker second = EmbeddedConnectWorker.start(kafka.bootstrapServers(), "connect-restart")) {
                second.awaitRunning("replay-restart", 1);
                consumer.readAtLeast(ratings.size());
                assertEveryRatingOnce(ratings, consumer.readToEnd());
                assertPerUserOrder(consumer.readToEnd());
            }
        }
    }

    private static void assertEveryRatingOnce(List<Rating> ratings, List<ConsumerRecord<Integer, Swipe>> records) {
        Map<String, Long> counts = records.stream()
                .collect(Collectors.groupingBy(r -> r.value().getEventId(), Collectors.counting()));
        Map<String, Long> repeated = counts.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertEquals(Map.of(), repeated, "swipes delivered more than once");
        Set<String> expected = ratings.stream().map(r -> ReplayPlan.eventId(r.userId(), r.movieId(), r.timestamp()))
                .collect(Collectors.toSet());
        assertEquals(expected, counts.keySet(), "every rating becomes exactly one swipe");
        assertEquals(ratings.size(), records.size());
    }

    /** Per user, swipes arrive in (eventTime, movieId) order — PROTOCOL's per-user order. */
    private static void assertPerUserOrder(List<ConsumerRecord<Integer, Swipe>> records) {
        Map<Integer, Swipe> last = new HashMap<>();
        for (ConsumerRecord<Integer, Swipe> r : records) {
            Swipe s = r.value();
            Swipe previous = last.put(s.getUserId(), s);
            if (previous == null) continue;
            boolean inOrder = previous.getEventTime() < s.getEventTime()
                    || (previous.getEventTime() == s.getEventTime() && previous.getMovieId() < s.getMovieId());
            assertTrue(inOrder, "user " + s.getUserId() + ": " + previous.getEventId() + " came before " + s.getEventId()
                    + " at offset " + r.offset());
        }
    }
}
