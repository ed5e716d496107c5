package io.reelstream.trainer.tune;

import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.eval.Evaluator;
import io.reelstream.trainer.eval.ModelEvaluation;
import io.reelstream.trainer.eval.RecommenderModel;
import io.reelstream.trainer.tune.search.Study;

/**
 * A trial's score: the base config with the trial's keys set, the model kind named by
 * tune.model fitted on the train slice, NDCG@K over the validation users (PROTOCOL.md, the same
 * users, K and candidate set as {@code evaluate}). Intermediate models go through the same
 * evaluation to the pruner. Recall, precision and coverage are noted beside the value.
 */
final class TuneObjective implements Study.Objective {
    static final String RECALL = "recall";
    static final String PRECISION = "precision";
    static final String COVERAGE = "coverage";

    private final TrainerConfig base;
    private final TrialData data;
    private final int[] users;
    private final long[] noGenres;
    private final int threadsPerTrial;
    private final int reportEvery;

    TuneObjective(TrainerConfig base, TrialData data, int threadsPerTrial, int reportEvery) {
        this.base = base;
        this.data = data;
        this.users = Evaluator.selectUsers(data.split().heldOut().users(), base.evalMaxUsers(), base.evalSeed());
        this.noGenres = new long[data.fitted().itemCount()]; // genre diversity is not the objective
        this.threadsPerTrial = threadsPerTrial;
        this.reportEvery = reportEvery;
    }

    /** The trial's full config: the base with the trial's keys. */
    TrainerConfig configOf(Study.Trial trial) {
        return base.with(trial.assignment());
    }

    @Override
    public double run(Study.Trial trial) {
        TrainerConfig config = configOf(trial);
        ModelKind kind = ModelKinds.get(config.tuneModel());
        Evaluator evaluator = new Evaluator(data.fitted(), data.split().heldOut(), noGenres, config.evalK(), 1);
        RecommenderModel model = kind.fit(config, data, new TrialContext() {
            @Override
            public int threads() {
                return threadsPerTrial;
            }

            @Override
            public int reportEvery() {
                return reportEvery;
            }

            @Override
            public boolean report(int step, RecommenderModel intermediate) {
                return trial.report(step, evaluator.evaluate(intermediate, users).ndcg());
            }

            @Override
            public boolean outOfTime() {
                return trial.outOfTime();
            }
        });
        if (model == null) return Double.NaN; // stopped: the study knows why
        ModelEvaluation e = evaluator.evaluate(model, users);
        trial.setAttribute(RECALL, e.recall());
        trial.setAttribute(PRECISION, e.precision());
        trial.setAttribute(COVERAGE, e.coverage());
        return e.ndcg();
    }
}
