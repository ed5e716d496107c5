package io.reelstream.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelstream.connectors.testing.Await;
import io.reelstream.connectors.testing.TestPostgres;
import io.reelstream.core.model.FactorFile;
import io.reelstream.core.model.ModelRunLayout;
import io.reelstream.demo.replay.ConnectReplay;
import io.reelstream.demo.replay.ReplaySlice;
import io.reelstream.demo.stack.DataLocator;
import io.reelstream.demo.stack.GroupLag;
import io.reelstream.demo.stack.KafkaStack;
import io.reelstream.demo.stack.ModelStage;
import io.reelstream.demo.stack.TopologyStage;
import io.reelstream.embedded.EmbeddedConnectWorker;
import io.reelstream.schemas.RankedMovie;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.Topics;
import io.reelstream.topology.config.TopologyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Source → topology → sink on the real broker and a real PostgreSQL: the MovieLens source connector
 * replays the first {@link #SWIPES} validation swipes onto swipes, the topology (model trained on
 * ml-latest-small and published) answers each with a list on recommendations or a dead letter, and
 * the PostgreSQL sink connector — in the same Connect worker — writes each user's row. Every swipe on
 * a movie the model knows must give exactly one list, every other swipe exactly one dead letter, and
 * each user's row must equal the last list on the topic for that user.
 */
class RoundTripTest {
    static final int SWIPES = 400;
    static final String APPLICATION_ID = "reelstream-roundtrip";
    static final String WORKER_GROUP = "reelstream-roundtrip-connect";
    static final String SINK_NAME = "recommendations-to-postgres";
    static final String TABLE = "roundtrip_recommendations";
    static final Duration TOPICS_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path models;
    @TempDir
    Path replayDir;

    @Test
    void everySwipeGivesOneListAndEachUsersRowIsTheLastListOnTheTopic() throws Exception {
        Path data = DataLocator.bundled();
        ReplaySlice slice = ReplaySlice.load(data, "validation", SWIPES);
        TestPostgres postgres = TestPostgres.shared();
        try (KafkaStack kafka = KafkaStack.start()) {
            kafka.createStandardTopics();
            Path run = ModelStage.train(data, models, Map.of());
            ModelStage.Published model = ModelStage.publish(run, kafka.bootstrapServers());
            Set<Integer> catalogue = catalogue(run);

            try (TopologyStage topology = TopologyStage.start(kafka.bootstrapServers(), kafka.admin(), Map.of(
                         TopologyConfig.APPLICATION_ID_CONFIG, APPLICATION_ID, TopologyConfig.REST_PORT_CONFIG, "0"));
                 EmbeddedConnectWorker worker = EmbeddedConnectWorker.start(kafka.bootstrapServers(), WORKER_GROUP);
                 ReplayTopicsReader topics = new ReplayTopicsReader(kafka.bootstrapServers(), Topics.SWIPES_TOPIC,
                         Topics.RECOMMENDATIONS_TOPIC, Topics.SWIPES_DLQ_TOPIC)) {
                worker.putConnector(SINK_NAME, postgres.sinkConnectorConfig(Topics.RECOMMENDATIONS_TOPIC, TABLE));
                worker.putConnector(ConnectReplay.CONNECTOR_NAME, sourceConfig(slice.writeCsv(replayDir)));

                // every swipe on the topic, then every one answered; then the topology's committed position at the
                // end of swipes, so nothing it will still write is missing from what is read to the end below
                topics.pollUntil(SWIPES + " swipes and an answer to each", () -> topics.swipes().size() >= slice.size()
                        && topics.lists().size() + topics.deadLettered().size() >= slice.size(), TOPICS_TIMEOUT);
                long lag = GroupLag.awaitCaughtUp(kafka.admin(), APPLICATION_ID, Topics.SWIPES_TOPIC, TOPICS_TIMEOUT);
                assertEquals(0, lag, "swipes the topology has not committed");
                topics.readToEnd(TOPICS_TIMEOUT);

                assertSourceReplayedTheSliceOnce(slice, topics.swipes());
                assertOneAnswerPerSwipe(slice, catalogue, model.modelVersion(), topics);

                Map<Integer, String> expected = lastListPerUser(topics.lists());
                Await.until("the sink's rows = the last list per user (" + expected.size() + " users)",
                        () -> expected.equals(rows(postgres)), () -> diff(expected, rows(postgres)));
                assertEquals(expected, rows(postgres));
                worker.awaitRunning(SINK_NAME, 1);
                System.out.printf("round trip: %d swipes -> %d lists + %d dead letters -> %d PostgreSQL rows%n",
                        topics.swipes().size(), topics.lists().size(), topics.deadLettered().size(), expected.size());
            }
        }
    }

    /** The source connector put the slice on swipes exactly once, in the replay order, with the replay's ids. */
    private static void assertSourceReplayedTheSliceOnce(ReplaySlice slice, List<Swipe> swipes) {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < slice.size(); i++) expected.add(slice.eventId(i));
        assertEquals(expected, swipes.stream().map(Swipe::getEventId).toList(), "event ids on " + Topics.SWIPES_TOPIC);
    }

    /** Known movie: exactly one list caused by it and no dead letter; unknown movie: one dead letter, no list. */
    private static void assertOneAnswerPerSwipe(ReplaySlice slice, Set<Integer> catalogue, String modelVersion,
                                                ReplayTopicsReader topics) {
        Map<String, Integer> listsPerCause = new HashMap<>();
        for (RecommendationList list : topics.lists()) listsPerCause.merge(list.getCauseEventId(), 1, Integer::sum);
        Map<String, Integer> lettersPerSwipe = new HashMap<>();
        for (Swipe s : topics.deadLettered()) lettersPerSwipe.merge(s.getEventId(), 1, Integer::sum);

        Set<String> replayed = new HashSet<>();
        List<String> wrong = new ArrayList<>();
        int unknown = 0;
        for (int i = 0; i < slice.size(); i++) {
            String id = slice.eventId(i);
            replayed.add(id);
            boolean known = catalogue.contains(slice.movieId(i));
            if (!known) unknown++;
            int lists = listsPerCause.getOrDefault(id, 0);
            int letters = lettersPerSwipe.getOrDefault(id, 0);
            if (lists != (known ? 1 : 0) || letters != (known ? 0 : 1)) {
                wrong.add(id + " (movie " + slice.movieId(i) + (known ? " known" : " unknown") + "): " + lists + " lists, "
                        + letters + " dead letters");
            }
        }
        assertEquals(List.of(), wrong, "swipes without exactly one answer of the right kind");
        Set<String> strangers = new TreeSet<>(listsPerCause.keySet());
        strangers.removeAll(replayed);
        assertEquals(Set.of(), strangers, "lists caused by no replayed swipe");
        assertEquals(slice.size() - unknown, topics.lists().size(), "lists");
        assertEquals(unknown, topics.deadLettered().size(), "dead letters");
        for (int i = 0; i < topics.deadLettered().size(); i++) {
            String reason = topics.deadLetterReasons().get(i);
            String names = "movie " + topics.deadLettered().get(i).getMovieId() + " is not in model " + modelVersion;
            assertTrue(reason.contains(names), "dead-letter reason '" + reason + "' should say '" + names + "'");
        }
        assertFalse(topics.lists().isEmpty(), "no list at all");
    }

    /** user → the last list on the topic for that user (one partition: offset order), described like {@link #rows}. */
    private static Map<Integer, String> lastListPerUser(List<RecommendationList> lists) {
        Map<Integer, String> last = new TreeMap<>();
        for (RecommendationList list : lists) {
            List<String> items = new ArrayList<>();
            for (RankedMovie m : list.getItems()) items.add(item(m.getMovieId(), m.getScore(), m.getReason()));
            last.put(list.getUserId(), describe(list.getModelVersion(), list.getStrategy(), list.getCauseEventId(),
                    list.getGeneratedAt(), items));
        }
        return last;
    }

    /** user → the row of the sink's table, described like {@link #lastListPerUser}; empty before the table exists. */
    private static Map<Integer, String> rows(TestPostgres postgres) {
        Map<Integer, String> rows = new TreeMap<>();
        try (Connection c = postgres.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT user_id, model_version, strategy, cause_event_id, "
                     + "(extract(epoch from generated_at) * 1000)::bigint, items::text FROM " + TABLE)) {
            while (rs.next()) {
                List<String> items = new ArrayList<>();
                for (JsonNode m : JSON.readTree(rs.getString(6))) {
                    double score = m.get("score").isNull() ? Double.NaN : m.get("score").asDouble();
                    items.add(item(m.get("movieId").asInt(), score, m.get("reason").asText()));
                }
                rows.put(rs.getInt(1), describe(rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), items));
            }
        } catch (SQLException tableNotThereYet) {
            return Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException("the items column of " + TABLE + " is not JSON: " + e.getMessage(), e);
        }
        return rows;
    }

    private static String item(int movieId, double score, String reason) {
        return movieId + ":" + score + ":" + reason;
    }

    private static String describe(String modelVersion, String strategy, String causeEventId, long generatedAt,
                                   List<String> items) {
        return modelVersion + "|" + strategy + "|" + causeEventId + "|" + generatedAt + "|" + items;
    }

    /** How many rows are missing or differ, and the first few, for the timeout message. */
    private static Object diff(Map<Integer, String> expected, Map<Integer, String> rows) {
        Map<Integer, String> differing = new TreeMap<>();
        expected.forEach((user, want) -> {
            String got = rows.get(user);
            if (!want.equals(got)) differing.put(user, "want " + want + " got " + got);
        });
        rows.keySet().stream().filter(u -> !expected.containsKey(u)).forEach(u -> differing.put(u, "unexpected row"));
        return rows.size() + " rows; " + differing.size() + " differ, the first: "
                + differing.entrySet().stream().limit(3).toList();
    }

    private static Set<Integer> catalogue(Path run) throws IOException {
        Set<Integer> ids = new HashSet<>();
        for (int id : FactorFile.read(run.resolve(ModelRunLayout.ITEM_FACTORS)).ids()) ids.add(id);
        return ids;
    }

    /** The replay connector as the demo configures it, on the cut slice written as a CSV, unpaced. */
    private static Map<String, String> sourceConfig(Path ratingsCsv) {
        return ConnectReplay.connectorConfig(ratingsCsv, "all", Topics.SWIPES_TOPIC, 0);
    }
}
