package io.reelstream.connectors.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelstream.connectors.testing.Recommendations;
import io.reelstream.schemas.RankedMovie;
import io.reelstream.schemas.RecommendationList;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SinkLogicTest {
    @Test
    void latestPerUserKeepsTheNewestAndOfEqualTheLater() {
        LatestPerUser latest = new LatestPerUser();
        latest.offer(Recommendations.list(1, 2_000, "b"));
        latest.offer(Recommendations.list(1, 1_000, "a"));   // older: ignored
        latest.offer(Recommendations.list(2, 5_000, "x"));
        latest.offer(Recommendations.list(2, 5_000, "y"));   // equal: the later wins, as in the SQL
        List<RecommendationList> lists = latest.lists();
        assertEquals(2, lists.size());
        assertEquals("b", lists.get(0).getModelVersion());
        assertEquals("y", lists.get(1).getModelVersion());
    }

    @Test
    void itemsBecomeAJsonArrayBestFirstWithoutNaN() throws Exception {
        String json = ItemsJson.toJson(List.of(
                RankedMovie.newBuilder().setMovieId(3).setScore(0.5).setReason("said \"hi\"\n").build(),
                RankedMovie.newBuilder().setMovieId(4).setScore(Double.NaN).setReason("popular").build()));
        JsonNode array = new ObjectMapper().readTree(json);
        assertEquals(2, array.size());
        assertEquals(3, array.get(0).get("movieId").asInt());
        assertEquals(0.5, array.get(0).get("score").asDouble());
        assertEquals("said \"hi\"\n", array.get(0).get("reason").asText());
        assertTrue(array.get(1).get("score").isNull());
    }

    @Test
    void configRejectsNonPostgresUrlsAndOddTableNames() {
        Map<String, String> ok = new HashMap<>(Map.of(PostgresSinkConfig.CONNECTION_URL_CONFIG, "jdbc:postgresql://db:5432/r"));
        assertEquals("user_recommendations", new PostgresSinkConfig(ok).tableName());
        Map<String, String> mysql = new HashMap<>(Map.of(PostgresSinkConfig.CONNECTION_URL_CONFIG, "jdbc:mysql://db/r"));
        ConfigException e = assertThrows(ConfigException.class, () -> new PostgresSinkConfig(mysql));
        assertTrue(e.getMessage().contains(PostgresSinkConfig.CONNECTION_URL_CONFIG), e.getMessage());
        Map<String, String> injection = new HashMap<>(ok);
        injection.put(PostgresSinkConfig.TABLE_NAME_CONFIG, "t; DROP TABLE x");
        e = assertThrows(ConfigException.class, () -> new PostgresSinkConfig(injection));
        assertTrue(e.getMessage().contains(PostgresSinkConfig.TABLE_NAME_CONFIG), e.getMessage());
        Map<String, String> qualified = new HashMap<>(ok);
        qualified.put(PostgresSinkConfig.TABLE_NAME_CONFIG, "app.recs");
        assertEquals("app.recs", new PostgresSinkConfig(qualified).tableName());
        assertThrows(ConfigException.class, () -> new PostgresSinkConfig(Map.of()), "connection.url is required");
    }

    @Test
    void upsertOnlyReplacesWithAListAtLeastAsNew() {
        String sql = new RecommendationTable("recs").upsertSql();
        assertTrue(sql.contains("ON CONFLICT (user_id) DO UPDATE"), sql);
        assertTrue(sql.endsWith("WHERE excluded.generated_at >= t.generated_at"), sql);
    }
}
