package io.reelstream.trainer.tune;

import io.reelstream.core.als.AlsListener;
import io.reelstream.core.als.AlsModel;
import io.reelstream.core.als.AlsParams;
import io.reelstream.core.als.ImplicitAls;
import io.reelstream.core.als.Interactions;
import io.reelstream.core.itemitem.ItemNeighbours;
import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.eval.BlendRecommender;
import io.reelstream.trainer.eval.RecommenderModel;
import io.reelstream.trainer.itemitem.ItemItemFit;
import io.reelstream.trainer.itemitem.ItemItemModel;
import io.reelstream.trainer.popularity.PopularityModel;
import io.reelstream.trainer.split.ChronologicalHistory;

/**
 * The blend of the item-to-item model and ALS as a tunable kind — exactly the {@code blend} row of
 * {@code evaluate}: EASE fitted with the trial's {@code itemitem.*} keys, ALS with its {@code als.*}
 * keys, the history scored with its {@code recency.*} and {@code blend.weight}.
 *
 * <p>Both fits are cached per tune run under their parameters. The default space searches only β and
 * the recency pair for the blend — the keys that change how a history is scored, not what is fitted —
 * so every blend trial shares one ALS fit and one EASE solve (the base config's) and costs one
 * evaluation pass (seconds, against a solve per item-to-item trial and a fit per ALS trial). That keeps
 * three kinds inside the default budget on 2 cores; the fitted settings are what the {@code als} and
 * {@code itemitem} trials search, and a space that conditions {@code itemitem.*} or {@code als.*} on
 * {@code tune.model=blend} pays a fit per distinct setting instead.
 */
public final class BlendKind implements ModelKind {
    @Override
    public String name() {
        return BlendRecommender.NAME;
    }

    @Override
    public String description() {
        return "blend of item-to-item and ALS (keys blend.weight, recency.*; itemitem.*, als.*), one ALS fit and one EASE"
                + " solve per distinct setting of their keys, cached for the tune run";
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
        ItemNeighbours neighbours = data.shared("blend-itemitem " + config.itemItem(), () -> {
            ItemItemModel model = ItemItemFit.fit(data.fitted(), config.itemItem(), context.threads()).model();
            model.releaseDense();
            return model.serving();
        });
        return new BlendRecommender(als, config.als(), neighbours, history, config.itemItem().weights(), config.recency(),
                config.blendWeight(), popular);
    }
}
