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
    void retrievalIsExactByDefaultAndIvfWithItsListsAndProbeWhenAsked() {
        assertEquals(io.reelstream.topology.rank.Retrieval.exact(), TopologyConfig.defaultConfig().retrieval());
        TopologyConfig c = TopologyConfig.load(new String[]{"--rank.retrieval=ivf", "--rank.ivf.lists=64", "--rank.ivf.probe=20"}, Map.of());
        assertEquals(io.reelstream.topology.rank.Retrieval.ivf(64, 20), c.retrieval());
        assertTrue(c.describe().contains("rank.retrieval"), "printed at start");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TopologyConfig.load(new String[]{"--rank.retrieval=hnsw"}, Map.of()));
        assertTrue(e.getMessage().contains("rank.retrieval"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TopologyConfig.load(new String[]{"--rank.ivf.probe=0"}, Map.of()));
    }

    @Test
    void rankScanIsThisJvmsDefaultUnlessAsked() {
        assertEquals(io.reelstream.core.rank.ItemRanker.defaultScan(), TopologyConfig.load(new String[0], Map.of()).rankScan());
        assertEquals(io.reelstream.core.rank.ItemRanker.Scan.FP16,
                TopologyConfig.load(new String[]{"--rank.scan=fp16"}, Map.of()).rankScan());
        assertEquals(io.reelstream.core.rank.ItemRanker.Scan.FP32,
                TopologyConfig.load(new String[]{"--rank.scan=FP32"}, Map.of()).rankScan());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TopologyConfig.load(new String[]{"--rank.scan=bf16"}, Map.of()));
        assertTrue(e.getMessage().contains("rank.scan"), e.getMessage());
    }

    @Test
    void envNamesFollowTheKeys() {
        assertEquals("REELSTREAM_TOPIC_SWIPES_DLQ", TopologyConfig.envName(TopologyConfig.SWIPES_DLQ_TOPIC_CONFIG));
        assertEquals("REELSTREAM_COLD_CONTENT_MIN_POSITIVES", TopologyConfig.envName(TopologyConfig.CONTENT_MIN_POSITIVES_CONFIG));
    }

    @Test
    void staticMembershipIdIsStableAcrossRestartsUnlessTurnedOff() {
        TopologyConfig c = TopologyConfig.load(new String[]{"--rest.host=node-3", "--rest.port=7071"}, Map.of());
        assertEquals("reelstream-recommender-node-3-7071", c.groupInstanceId().orElseThrow());
        assertEquals("pinned", TopologyConfig.load(new String[]{"--group.instance.id=pinned"}, Map.of())
                .groupInstanceId().orElseThrow());
        assertTrue(TopologyConfig.load(new String[]{"--group.instance.id=none"}, Map.of()).groupInstanceId().isEmpty());

        java.util.Properties p = io.reelstream.topology.RecommenderTopology.streamsConfig(c);
        assertEquals("reelstream-recommender-node-3-7071", p.get("main.consumer.group.instance.id"));
        assertEquals(TopologyConfig.DEFAULT_SESSION_TIMEOUT_MS, p.get("main.consumer.session.timeout.ms"));
        assertEquals(TopologyConfig.DEFAULT_TRANSACTION_TIMEOUT_MS, p.get("producer.transaction.timeout.ms"));
    }

    @Test
    void recoveryTimeoutsThatCannotWorkAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TopologyConfig.load(
                new String[]{"--session.timeout.ms=6000", "--heartbeat.interval.ms=3000"}, Map.of()));
        assertTrue(e.getMessage().contains("heartbeat.interval.ms='3000' (from flag --heartbeat.interval.ms) must be at most a third"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TopologyConfig.load(
                new String[]{"--transaction.timeout.ms=20"}, Map.of()));
        assertTrue(e.getMessage().contains("must be longer than commit.interval.ms"), e.getMessage());
    }
}
