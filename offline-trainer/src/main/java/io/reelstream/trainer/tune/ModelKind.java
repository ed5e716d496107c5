package io.reelstream.trainer.tune;

import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.eval.RecommenderModel;

/**
 * A kind of model the tuner can fit and score: the value of {@code tune.model}. A kind reads its
 * own config keys (ALS: {@code als.*}) from the trial's config and fits on the trial data; the
 * tuner scores what it returns (NDCG@K on the validation slice). Register a new kind in
 * {@link ModelKinds}; its keys then go in the space file like any others, conditioned on
 * {@code tune.model} when several kinds are searched together ({@code if tune.model=itemitem}).
 */
public interface ModelKind {
    /** The tune.model value, also the model's name in the evaluation table. */
    String name();

    /** One line for tune --help. */
    String description();

    /**
     * Fits the model on data's fitted slice. A kind that learns iteratively should hand intermediate
     * models to {@link TrialContext#report} every {@link TrialContext#reportEvery()} steps and stop
     * (returning anything, e.g. null) when it answers false.
     */
    RecommenderModel fit(TrainerConfig config, TrialData data, TrialContext context);
}
