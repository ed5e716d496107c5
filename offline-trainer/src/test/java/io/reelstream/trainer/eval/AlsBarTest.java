package io.reelstream.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelstream.core.als.AlsModel;
import io.reelstream.core.als.AlsParams;
import io.reelstream.core.als.ImplicitAls;
import io.reelstream.core.als.Interactions;
import io.reelstream.trainer.TestData;
import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.io.Dataset;
import io.reelstream.trainer.io.MovieLensLoader;
import io.reelstream.trainer.split.FittedData;
import io.reelstream.trainer.split.HeldOut;
import io.reelstream.trainer.split.SplitMode;
import io.reelstream.trainer.split.SplitPlan;
import org.junit.jupiter.api.Test;

/** The ALS quality bar: shipped defaults on ml-latest-small, fit on train, scored on validation. */
class AlsBarTest {

    @Test
    void shippedDefaultsClearTheValidationBar() {
        Dataset data = MovieLensLoader.load(TestData.mlLatestSmall(), false);
        SplitPlan plan = SplitPlan.of(data.ratings(), SplitMode.TEMPORAL, false);
        FittedData fitted = FittedData.of(data.ratings(), plan.fitted());
        HeldOut heldOut = HeldOut.of(data.ratings(), plan.scored());
        Interactions csr = Interactions.fromTriples(fitted.userCount(), fitted.itemCount(),
                fitted.userOfEntries(), fitted.itemOfEntries(), fitted.preferenceOfEntries());
        // the trainer's shipped config (TrainerConfig defaults = core AlsParams defaults); the loss pass only logs
        AlsParams shipped = TrainerConfig.defaults().als().withComputeLoss(false);
        AlsModel model = ImplicitAls.fit(csr, shipped, (it, loss, nanos) -> { });

        ModelEvaluation e = new Evaluator(fitted, heldOut, new long[fitted.itemCount()], 10, 2)
                .evaluate(new AlsRecommender(model), Evaluator.selectUsers(heldOut.users(), 0, 0));

        System.out.printf("als defaults validation: users=%d R@10=%.4f P@10=%.4f NDCG@10=%.4f Cov@10=%.4f%n",
                e.users(), e.recall(), e.precision(), e.ndcg(), e.coverage());
        assertTrue(e.ndcg() >= 0.087, "NDCG@10 " + e.ndcg() + " < 0.087");
        assertTrue(e.recall() >= 0.087, "Recall@10 " + e.recall() + " < 0.087");
    }
}
