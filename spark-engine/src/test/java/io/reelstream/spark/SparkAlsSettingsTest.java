package io.reelstream.spark;

import io.reelstream.core.als.AlsParams;
import io.reelstream.trainer.config.ConfigException;
import io.reelstream.trainer.config.TrainerConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparkAlsSettingsTest {
    @Test
    void theDefaultRidgeBecomesSparksFrequencyRidgeAndSaysSo() {
        TrainerConfig settled = SparkAlsSettings.settle(TrainerConfig.defaults());
        assertEquals(AlsParams.Regularization.FREQUENCY, settled.als().regularization());
        assertEquals(SparkAlsSettings.DEFAULT_FREQUENCY_LAMBDA, settled.als().lambda());
        assertEquals(SparkAlsSettings.ENGINE_DEFAULT_ORIGIN, settled.origin(TrainerConfig.ALS_REGULARIZATION_CONFIG));
        assertEquals(SparkAlsSettings.ENGINE_DEFAULT_ORIGIN, settled.origin(TrainerConfig.ALS_LAMBDA_CONFIG));
        assertTrue(settled.describe().contains("(engine spark default)"), settled.describe());
    }

    @Test
    void aFrequencyRidgePassesUnchanged() {
        TrainerConfig config = TrainerConfig.resolve(null, Map.of(), Map.of(TrainerConfig.ALS_REGULARIZATION_CONFIG, "frequency",
                TrainerConfig.ALS_LAMBDA_CONFIG, "0.3"));
        assertSame(config, SparkAlsSettings.settle(config));
    }

    @Test
    void anExplicitRidgeSparkCannotFitIsRefusedWithWhatToSet() {
        TrainerConfig relative = TrainerConfig.resolve(null, Map.of(), Map.of(TrainerConfig.ALS_LAMBDA_CONFIG, "2"));
        ConfigException e = assertThrows(ConfigException.class, () -> SparkAlsSettings.settle(relative));
        assertTrue(e.getMessage().startsWith("als.regularization = 'relative' (from default) and als.lambda = 2.0 (from flag)"
                + " have no Spark counterpart"), e.getMessage());
        assertTrue(e.getMessage().contains("--set als.regularization=frequency --lambda " + SparkAlsSettings.DEFAULT_FREQUENCY_LAMBDA),
                e.getMessage());
        TrainerConfig constant = TrainerConfig.resolve(null, Map.of(), Map.of(TrainerConfig.ALS_REGULARIZATION_CONFIG, "constant"));
        assertThrows(ConfigException.class, () -> SparkAlsSettings.settle(constant));
    }

    @Test
    void ourKeysMapOneToOneOntoSparksParams() {
        AlsParams p = AlsParams.defaults().withFactors(24).withIterations(7).withRegularization(AlsParams.Regularization.FREQUENCY)
                .withLambda(0.05).withAlpha(4f).withSeed(99);
        SparkAlsSettings s = SparkAlsSettings.of(p);
        assertEquals(new SparkAlsSettings(24, 7, 0.05, 4.0, 99), s);
        var als = s.estimator();
        assertEquals(24, als.getRank());
        assertEquals(7, als.getMaxIter());
        assertEquals(0.05, als.getRegParam());
        assertEquals(4.0, als.getAlpha());
        assertEquals(99L, als.getSeed());
        assertTrue(als.getImplicitPrefs());
        assertEquals(false, als.getNonnegative());
        assertThrows(IllegalStateException.class, () -> SparkAlsSettings.of(AlsParams.defaults()));
    }
}
