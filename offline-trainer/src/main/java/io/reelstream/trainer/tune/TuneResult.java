package io.reelstream.trainer.tune;

import io.reelstream.trainer.TrainingPipeline;
import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.eval.ModelEvaluation;
import io.reelstream.trainer.tune.search.SearchSpace;
import io.reelstream.trainer.tune.search.Study;
import io.reelstream.trainer.tune.search.TrialRecord;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a tune run found: the trials, the chosen trial and its config, the chosen config's
 * full evaluation on validation (refit on train) and on test (refit on train+validation), the same
 * two for the base config (what train would do without tuning; null when the budget left no room
 * for them), and where it was recorded.
 *
 * @param tuneRunId the tune run's id in the runs store, 0 when runs.store is none
 */
public record TuneResult(TrainerConfig base, SearchSpace space, String spaceSource, TuneSettings settings,
                         String dataDir, String dataFingerprint, int ratings, Study.Result study, TrialRecord best,
                         TrainerConfig bestConfig, TrainingPipeline.Result validation, TrainingPipeline.Result test,
                         TrainingPipeline.Result baseValidation, TrainingPipeline.Result baseTest,
                         Map<Integer, Long> trialRunIds, long tuneRunId, Duration elapsed, Duration loadTime) {

    /** The tuned model kind's row in an evaluation, if that kind is part of the trainer's evaluation table. */
    public Optional<ModelEvaluation> row(TrainingPipeline.Result result, String model) {
        return result.evaluations().stream().filter(e -> e.model().equals(model)).findFirst();
    }

    /** The tuned model kind's NDCG@K in an evaluation, NaN when that kind is not in the table or there is no evaluation. */
    public double ndcg(TrainingPipeline.Result result, String model) {
        if (result == null) return Double.NaN;
        return row(result, model).map(ModelEvaluation::ndcg).orElse(Double.NaN);
    }
}
