package io.reelstream.topology.state;

import io.reelstream.topology.model.FoldInParams;
import io.reelstream.topology.model.ModelSnapshot;
import io.reelstream.topology.model.TestModels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class GradientRuleTest {
    // k = 2; movie 1 = row 0 = (2, 2), movie 2 = row 1 = (3, 4), movie 3 = row 2 = (1, 0)
    private final ModelSnapshot model = TestModels.snapshot("v1", 2, new float[]{2, 2, 3, 4, 1, 0},
            FoldInParams.TRAINER_DEFAULTS);

    @Test
    void superlikeDecaysOldVectorAndAddsTheMovie() {
        // η = 0.5, γ = 0.9, u = (1, 0), m = (2, 2), p̃ = +2 / 2 = 1:
        // u' = 0.9·(1, 0) + 0.5·1·(2, 2) = (1.9, 1.0), ‖u'‖ ≈ 2.15 < cap 10
        GradientRule rule = new GradientRule(0.5, 0.9, 10);
        UserState s = new UserState(7);
        s.setVector(new float[]{1, 0}, "v1");
        assertArrayEquals(new float[]{1.9f, 1.0f}, rule.afterSwipe(s, model, 0, 2), 1e-6f);
    }

    @Test
    void dislikePushesAway() {
        // p̃ = −1 / 2 = −0.5: u' = 0.9·(1, 0) + 0.5·(−0.5)·(2, 2) = (0.4, −0.5)
        GradientRule rule = new GradientRule(0.5, 0.9, 10);
        UserState s = new UserState(7);
        s.setVector(new float[]{1, 0}, "v1");
        assertArrayEquals(new float[]{0.4f, -0.5f}, rule.afterSwipe(s, model, 0, -1), 1e-6f);
    }

    @Test
    void maxNormCapsTheVector() {
        // from u = 0: u' = 0.5·1·(3, 4) = (1.5, 2), ‖u'‖ = 2.5 > cap 1 → (1.5, 2)/2.5 = (0.6, 0.8)
        GradientRule rule = new GradientRule(0.5, 0.9, 1);
        UserState s = new UserState(7);
        assertArrayEquals(new float[]{0.6f, 0.8f}, rule.afterSwipe(s, model, 1, 2), 1e-6f);
    }

    @Test
    void rebuildReplaysHistoryInEventTimeOrder() {
        // history: movie 3 (1, 0) like at t=20, movie 1 (2, 2) superlike at t=10 → replay movie 1 then 3:
        // u1 = 0.5·1·(2, 2) = (1, 1); u2 = 0.9·(1, 1) + 0.5·0.5·(1, 0) = (1.15, 0.9)
        GradientRule rule = new GradientRule(0.5, 0.9, 10);
        UserState s = new UserState(7);
        s.recordSwipe(3, 1, 20);
        s.recordSwipe(1, 2, 10);
        s.recordSwipe(99, 2, 30); // not in the model: skipped
        assertArrayEquals(new float[]{1.15f, 0.9f}, rule.rebuild(s, model), 1e-6f);
    }

    @Test
    void rebuildWithoutKnownMoviesHasNoVector() {
        UserState s = new UserState(7);
        s.recordSwipe(99, 2, 30);
        assertNull(new GradientRule(0.5, 0.9, 10).rebuild(s, model));
    }

    @Test
    void scaledPreferenceIsHalfThePreference() {
        assertEquals(-1.0, GradientRule.scaledPreference(-2));
        assertEquals(-0.5, GradientRule.scaledPreference(-1));
        assertEquals(0.5, GradientRule.scaledPreference(1));
        assertEquals(1.0, GradientRule.scaledPreference(2));
    }
}
