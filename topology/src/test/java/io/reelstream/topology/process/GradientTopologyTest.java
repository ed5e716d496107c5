package io.reelstream.topology.process;

import io.reelstream.schemas.ItemEmbedding;
import io.reelstream.topology.TestCatalog;
import io.reelstream.topology.config.TopologyConfig;
import io.reelstream.topology.state.UserState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** update.rule=gradient end to end through the topology: the stored vector follows u ← γ·u + η·p̃·m. */
class GradientTopologyTest {
    @Test
    void swipesMoveTheStoredVectorByTheGradientRule() throws Exception {
        TopologyConfig config = TopologyConfig.defaultConfig()
                .with(TopologyConfig.UPDATE_RULE_CONFIG, "gradient")
                .with(TopologyConfig.GRADIENT_LEARNING_RATE_CONFIG, "0.5")
                .with(TopologyConfig.GRADIENT_DECAY_CONFIG, "0.9")
                .with(TopologyConfig.GRADIENT_MAX_NORM_CONFIG, "100");
        try (TopologyDriverFixture t = new TopologyDriverFixture(config)) {
            Map<Integer, ItemEmbedding> items = TestCatalog.items("v1", 20, 3, 5);
            t.publish("v1", items, 3);
            t.swipeAndRead(1, 2, 2);   // u1 = 0.5·1·m2
            t.swipeAndRead(1, 7, -1);  // u2 = 0.9·u1 + 0.5·(−0.5)·m7
            float[] m2 = factors(items.get(2).getFactors());
            float[] m7 = factors(items.get(7).getFactors());
            float[] expected = new float[3];
            for (int a = 0; a < 3; a++) expected[a] = (float) (0.9 * (0.5 * m2[a]) - 0.25 * m7[a]);
            UserState s = t.state(1);
            assertArrayEquals(expected, s.vector(), 1e-6f);
            assertEquals("v1", s.vectorVersion());
        }
    }

    private static float[] factors(List<Float> f) {
        float[] out = new float[f.size()];
        for (int i = 0; i < out.length; i++) out[i] = f.get(i);
        return out;
    }
}
