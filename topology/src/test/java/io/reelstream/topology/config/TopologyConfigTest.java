package io.reelstream.topology.config;

import io.reelstream.schemas.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopologyConfigTest {
    @Test
    void laterSourcesWin_fileThenEnvThenFlags(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("instance.properties");
        Files.writeString(file, "rest.port=8001\nupdate.rule=gradient\nrecommendations.size=7\n");
        TopologyConfig c = TopologyConfig.load(
                new String[]{"--config", file.toString(), "--rest.port=8003"},
                Map.of("REELSTREAM_REST_PORT", "8002", "REELSTREAM_BOOTSTRAP_SERVERS", "broker:29092"));
        assertEquals(8003, c.restPort());
        assertEquals("broker:29092", c.bootstrapServers());
        assertEquals(TopologyConfig.UpdateRuleKind.GRADIENT, c.updateRule());
        assertEquals(7, c.recommendationsSize());
        assertEquals("exactly_once_v2", c.processingGuarantee());
        assertEquals("localhost:8003", c.applicationServer());
        assertTrue(c.describe().contains("flag --rest.port"), c.describe());
        assertTrue(Double.isNaN(c.alsLambdaOverride()));
    }

    @Test
    void badValuesFailNamingKeyAndSource() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TopologyConfig.load(new String[]{"--recommendations.size", "many"}, Map.of()));
        assertTrue(e.getMessage().contains("recommendations.size='many' (from flag --recommendations.size) must be an integer"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TopologyConfig.load(new String[]{"--rest.prot=1"}, Map.of()));
        assertTrue(e.getMessage().contains("unknown config key 'rest.prot'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TopologyConfig.load(new String[]{"--cold.vector.min.positives=1"}, Map.of()));
        assertTrue(e.getMessage().contains("must be >= cold.content.min.positives"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TopologyConfig.load(new String[0], Map.of("REELSTREAM_UPDATE_RULE", "sgd")));
        assertTrue(e.getMessage().contains("env REELSTREAM_UPDATE_RULE"), e.getMessage());
    }

    @Test
    void defaultTopicsAreTheSchemasContract() {
        TopologyConfig c = TopologyConfig.defaultConfig();
        assertEquals(Topics.SWIPES_TOPIC, c.swipesTopic());
        assertEquals(Topics.ITEM_EMBEDDINGS_TOPIC, c.itemEmbeddingsTopic());
        assertEquals(Topics.USER_SEEDS_TOPIC, c.userSeedsTopic());
        assertEquals(Topics.RECOMMENDATIONS_TOPIC, c.recommendationsTopic());
        assertEquals(Topics.SWIPES_DLQ_TOPIC, c.swipesDlqTopic());
    }

    @Test
    void envNamesFollowTheKeys() {
        assertEquals("REELSTREAM_TOPIC_SWIPES_DLQ", TopologyConfig.envName(TopologyConfig.SWIPES_DLQ_TOPIC_CONFIG));
        assertEquals("REELSTREAM_COLD_CONTENT_MIN_POSITIVES", TopologyConfig.envName(TopologyConfig.CONTENT_MIN_POSITIVES_CONFIG));
    }
}
