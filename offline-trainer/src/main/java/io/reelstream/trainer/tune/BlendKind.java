package io.reelstream.trainer.tune;

import io.reelstream.core.als.AlsListener;
import io.reelstream.core.als.AlsModel;
import io.reelstream.core.als.AlsParams;
import io.reelstream.core.als.ImplicitAls;
import io.reelstream.core.als.Interactions;
import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.eval.BlendRecommender;
import io.reelstream.trainer.eval.RecommenderModel;
import io.reelstream.trainer.itemitem.ItemItemFit;
import io.reelstream.trainer.itemitem.ItemItemModel;
import io.reelstream.trainer.popularity.PopularityModel;
import io.reelstream.trainer.split.ChronologicalHistory;

/**
 * The blend of the item-to-item model and ALS as a tunable kind — exactly the {@code blend} row of
 * {@code evaluate}: EASE fitted with the trial's {@code itemitem.*} keys, the trial's {@code recency.*}
 * and {@code blend.weight}, and ALS with the trial's {@code als.*} keys.
 *
 * <p>In the default space the {@code als.*} keys are searched only for {@code tune.model=als}, so every
 * blend trial shares one ALS fit (the base config's, cached per tune run under its parameters): a blend
 * trial then costs what an item-to-item trial costs (one EASE solve) instead of an ALS fit more, and
 * the default budget covers all three kinds. What the blend gains over item-to-item comes from β and
 * from the item-to-item side's settings (offline-trainer/README.md, "The blend"); a space may still
 * condition {@code als.*} keys on {@code tune.model=blend}, at the price of an ALS fit per trial.
 */
public final class BlendKind implements ModelKind {
    @Override
    public String name() {
        return BlendRecommender.NAME;
    }

    @Override
    public String description() {
        return "blend of item-to-item and ALS (keys blend.weight, itemitem.*, recency.*, als.*), one EASE solve per trial,"
                + " one ALS fit per distinct als.* setting";
    }

    @Override
    public RecommenderModel fit(TrainerConfig config, TrialData data, TrialContext context) {
        ItemItemFit.checkCapacity(data.fitted().itemCount(), config.itemItem());
        ChronologicalHistory history = data.shared("chronological-history", () -> ChronologicalHistory.of(data.fitted()));
        int[] popular = data.shared("popularity-ranking-" + config.popularityM(),
                () -> PopularityModel.fit(data.fitted(), config.popularityM()).ranking());
        AlsParams alsParams = config.als().withThreads(context.threads()).withComputeLoss(false);
        Interactions csr = data.implicitInteractions(); // outside the ALS cache's computation: no nested update of the cache
        AlsModel als = data.shared("blend-als " + alsParams.withThreads(1), () -> ImplicitAls.fit(csr, alsParams, AlsListener.NONE));
        ItemItemModel model = ItemItemFit.fit(data.fitted(), config.itemItem(), context.threads()).model();
        model.releaseDense();
        return new BlendRecommender(als, config.als(), model.serving(), history, config.itemItem().weights(), config.recency(),
                config.blendWeight(), popular);
    }
}
