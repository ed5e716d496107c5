package io.reelstream.connectors.sink;

import io.reelstream.connectors.testing.Recommendations;
import io.reelstream.connectors.testing.TestPostgres;
import io.reelstream.schemas.RecommendationList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The upsert's SQL against a real PostgreSQL: newer wins, older and repeated lists change nothing. */
class RecommendationTableTest {
    static TestPostgres postgres;

    @BeforeAll
    static void start() throws Exception { // the shared server stops when the JVM exits
        postgres = TestPostgres.shared();
    }

    @Test
    void newerListReplacesOlderAndStaleOrRepeatedListsAreIgnored() throws Exception {
        RecommendationTable table = new RecommendationTable("recs_table_test");
        try (Connection c = postgres.connect()) {
            table.createIfAbsent(c);
            table.createIfAbsent(c); // IF NOT EXISTS: a restarted task may run it again
            RecommendationList v1 = Recommendations.list(7, 1_000, "run_a");
            RecommendationList v2 = Recommendations.list(7, 2_000, "run_b");
            assertEquals(1, table.upsert(c, List.of(v1)));
            assertEquals(1, table.upsert(c, List.of(v2)));
            assertEquals(0, table.upsert(c, List.of(v1)), "a late older list must not overwrite");
            assertEquals(1, table.upsert(c, List.of(v2)), "an equal generatedAt rewrites the same content");
            assertEquals(1, table.upsert(c, List.of(Recommendations.list(8, 500, "run_a"))));

            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT user_id, model_version, strategy, cause_event_id, "
                         + "(extract(epoch from generated_at) * 1000)::bigint AS ms, items->0->>'movieId' AS first, "
                         + "items->0->>'reason' AS reason, jsonb_array_length(items) AS n FROM recs_table_test ORDER BY user_id")) {
                rs.next();
                assertEquals(7, rs.getInt("user_id"));
                assertEquals("run_b", rs.getString("model_version"));
                assertEquals("vector", rs.getString("strategy"));
                assertEquals(v2.getCauseEventId(), rs.getString("cause_event_id"));
                assertEquals(2_000L, rs.getLong("ms"));
                assertEquals(Integer.toString(v2.getItems().get(0).getMovieId()), rs.getString("first"));
                assertEquals("similar to \"Heat\" (1995)", rs.getString("reason"));
                assertEquals(3, rs.getInt("n"));
                rs.next();
                assertEquals(8, rs.getInt("user_id"));
                assertEquals(false, rs.next());
            }
        }
    }
}
