package io.reelstream.trainer.tune;

import io.reelstream.core.als.AlsListener;
import io.reelstream.core.als.AlsModel;
import io.reelstream.core.als.AlsParams;
import io.reelstream.core.als.ImplicitAls;
import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.eval.AlsRecommender;
import io.reelstream.trainer.eval.RecommenderModel;

/**
 * Implicit ALS as a tunable kind: fits with the trial's {@code als.*} keys on the trial's threads
 * (factors do not depend on the thread count), hands the factors after every
 * {@link TrialContext#reportEvery()}-th iteration to the pruner (except after the last, which is
 * the trial's result), and stops when told. Stopping at iteration t leaves exactly the factors of a
 * t-iteration fit (core's AlsListener contract), so an intermediate score is the score a shorter
 * run would get.
 */
public final class AlsKind implements ModelKind {
    @Override
    public String name() {
        return AlsRecommender.NAME;
    }

    @Override
    public String description() {
        return "implicit ALS (keys als.*), pruned on its intermediate iterations";
    }

    @Override
    public RecommenderModel fit(TrainerConfig config, TrialData data, TrialContext context) {
        AlsParams params = config.als().withThreads(context.threads()).withComputeLoss(false);
        int iterations = params.iterations();
        boolean[] stopped = {false};
        AlsModel model = ImplicitAls.fit(data.implicitInteractions(), params, new AlsListener() {
            @Override
            public void onIteration(int iteration, double loss, long nanos) { }

            @Override
            public boolean continueAfter(int iteration, AlsModel current) {
                boolean goOn = context.reportEvery() > 0 && iteration % context.reportEvery() == 0 && iteration < iterations
                        ? context.report(iteration, new AlsRecommender(current))
                        : !context.outOfTime();
                stopped[0] = !goOn;
                return goOn;
            }
        });
        return stopped[0] ? null : new AlsRecommender(model);
    }
}
