package io.reelstream.topology.model;

import io.reelstream.core.als.AlsParams;
import io.reelstream.topology.config.TopologyConfig;

/**
 * The fold-in parameters set explicitly in config; an unset one (NaN, null) is taken from the
 * model marker, else from the trainer's defaults ({@link FoldInParams#TRAINER_DEFAULTS}).
 */
public record FoldInOverrides(double lambda, double alpha, AlsParams.Regularization regularization) {
    public static final FoldInOverrides NONE = new FoldInOverrides(Double.NaN, Double.NaN, null);

    public static FoldInOverrides from(TopologyConfig config) {
        return new FoldInOverrides(config.alsLambdaOverride(), config.alsAlphaOverride(),
                config.alsRegularizationOverride());
    }
}
