package io.reelstream.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelstream.core.als.AlsListener;
import io.reelstream.core.als.AlsModel;
import io.reelstream.core.als.ImplicitAls;
import io.reelstream.core.als.Interactions;
import io.reelstream.core.itemitem.ItemNeighbours;
import io.reelstream.trainer.TestData;
import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.io.Dataset;
import io.reelstream.trainer.io.MovieLensLoader;
import io.reelstream.trainer.itemitem.ItemItemFit;
import io.reelstream.trainer.popularity.PopularityModel;
import io.reelstream.trainer.split.ChronologicalHistory;
import io.reelstream.trainer.split.FittedData;
import io.reelstream.trainer.split.HeldOut;
import io.reelstream.trainer.split.SplitMode;
import io.reelstream.trainer.split.SplitPlan;
import org.junit.jupiter.api.Test;

/**
 * The blend row on ml-latest-small's validation slice with the shipped defaults: at β = 0 it is the
 * itemitem row user for user, at β = 1 the als+recency row (its ALS side is the decayed fold-in), and
 * at the shipped β it scores above the item-to-item model (0.1130 against 0.1098 when written).
 */
class BlendBarTest {
    @Test
    void endsReproduceTheTwoRowsAndTheShippedWeightBeatsItemItem() {
        Dataset data = MovieLensLoader.load(TestData.mlLatestSmall(), false);
        TrainerConfig shipped = TrainerConfig.defaults().with(TrainerConfig.THREADS_CONFIG, 2);
        SplitPlan plan = SplitPlan.of(data.ratings(), SplitMode.TEMPORAL, false);
        FittedData fitted = FittedData.of(data.ratings(), plan.fitted());
        HeldOut heldOut = HeldOut.of(data.ratings(), plan.scored());
        ChronologicalHistory history = ChronologicalHistory.of(fitted);
        int[] popular = PopularityModel.fit(fitted, shipped.popularityM()).ranking();
        AlsModel als = ImplicitAls.fit(Interactions.fromTriples(fitted.userCount(), fitted.itemCount(), fitted.userOfEntries(),
                fitted.itemOfEntries(), fitted.preferenceOfEntries()), shipped.als().withComputeLoss(false), AlsListener.NONE);
        var itemItem = ItemItemFit.fit(fitted, shipped.itemItem(), 2).model();
        itemItem.releaseDense();
        ItemNeighbours neighbours = itemItem.serving();
        Evaluator evaluator = new Evaluator(fitted, heldOut, new long[fitted.itemCount()], 10, 2);
        int[] users = Evaluator.selectUsers(heldOut.users(), 0, 0);

        ModelEvaluation ii = evaluator.evaluate(new ItemItemRecommender(ItemItemRecommender.NAME, neighbours, history,
                shipped.itemItem().weights(), shipped.recency(), popular), users);
        ModelEvaluation alsRecency = evaluator.evaluate(new AlsRecencyRecommender(als, shipped.als(), history, shipped.recency()),
                users);
        ModelEvaluation[] blend = new ModelEvaluation[3];
        double[] betas = {0, 1, shipped.blendWeight()};
        for (int b = 0; b < betas.length; b++) {
            blend[b] = evaluator.evaluate(new BlendRecommender(als, shipped.als(), neighbours, history,
                    shipped.itemItem().weights(), shipped.recency(), betas[b], popular), users);
        }
        System.out.printf("validation NDCG@10: itemitem %.4f, als+recency %.4f, blend(0) %.4f, blend(1) %.4f, blend(%.2f) %.4f%n",
                ii.ndcg(), alsRecency.ndcg(), blend[0].ndcg(), blend[1].ndcg(), betas[2], blend[2].ndcg());
        assertArrayEquals(ii.perUser().ndcg(), blend[0].perUser().ndcg(), "β = 0 is the item-to-item model");
        assertArrayEquals(alsRecency.perUser().ndcg(), blend[1].perUser().ndcg(), "β = 1 is ALS with the decayed fold-in");
        assertTrue(blend[2].ndcg() > ii.ndcg(), "blend " + blend[2].ndcg() + " <= itemitem " + ii.ndcg());
    }
}
