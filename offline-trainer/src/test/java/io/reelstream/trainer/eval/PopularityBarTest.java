package io.reelstream.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reelstream.trainer.TestData;
import io.reelstream.trainer.io.Dataset;
import io.reelstream.trainer.io.MovieLensLoader;
import io.reelstream.trainer.popularity.PopularityModel;
import io.reelstream.trainer.popularity.PopularityRecommender;
import io.reelstream.trainer.split.FittedData;
import io.reelstream.trainer.split.HeldOut;
import io.reelstream.trainer.split.SplitMode;
import io.reelstream.trainer.split.SplitPlan;
import org.junit.jupiter.api.Test;

/** The reference figures of popularity (m = 20) on ml-latest-small's validation slice. */
class PopularityBarTest {
    private static final double TOLERANCE = 0.0005;

    @Test
    void popularityOnValidationReproducesTheReferenceFigures() {
        Dataset data = MovieLensLoader.load(TestData.mlLatestSmall(), false);
        SplitPlan plan = SplitPlan.of(data.ratings(), SplitMode.TEMPORAL, false);
        FittedData fitted = FittedData.of(data.ratings(), plan.fitted());
        HeldOut heldOut = HeldOut.of(data.ratings(), plan.scored());
        Evaluator evaluator = new Evaluator(fitted, heldOut, new long[fitted.itemCount()], 10, 1);

        ModelEvaluation e = evaluator.evaluate(new PopularityRecommender(PopularityModel.fit(fitted, 20)),
                Evaluator.selectUsers(heldOut.users(), 0, 0));

        System.out.printf("popularity m=20 validation: users=%d R@10=%.4f P@10=%.4f NDCG@10=%.4f Cov@10=%.4f%n",
                e.users(), e.recall(), e.precision(), e.ndcg(), e.coverage());
        assertEquals(595, e.users());
        assertEquals(0.0365, e.recall(), TOLERANCE);
        assertEquals(0.0346, e.precision(), TOLERANCE);
        assertEquals(0.0467, e.ndcg(), TOLERANCE);
        assertEquals(0.0074, e.coverage(), TOLERANCE);
    }
}
