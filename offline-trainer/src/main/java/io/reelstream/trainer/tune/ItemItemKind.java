package io.reelstream.trainer.tune;

import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.eval.ItemItemRecommender;
import io.reelstream.trainer.eval.RecommenderModel;
import io.reelstream.trainer.itemitem.ItemItemFit;
import io.reelstream.trainer.itemitem.ItemItemModel;
import io.reelstream.trainer.popularity.PopularityModel;
import io.reelstream.trainer.split.ChronologicalHistory;

/**
 * The item-to-item model as a tunable kind: EASE fitted with the trial's {@code itemitem.*} keys,
 * scored in its serving form (top-M neighbours) over the recency-weighted history with the trial's
 * {@code recency.*} keys — exactly the {@code itemitem} row of {@code evaluate}. A closed form: no
 * intermediate models, so the pruner has nothing to stop (each trial is one solve, O(n³) in items).
 * The history and the popularity fallback are the same for every trial, built once per tune run.
 */
public final class ItemItemKind implements ModelKind {
    @Override
    public String name() {
        return ItemItemRecommender.NAME;
    }

    @Override
    public String description() {
        return "item-to-item EASE with recency (keys itemitem.*, recency.*), one closed-form solve per trial";
    }

    @Override
    public RecommenderModel fit(TrainerConfig config, TrialData data, TrialContext context) {
        ItemItemFit.checkCapacity(data.fitted().itemCount(), config.itemItem());
        ChronologicalHistory history = data.shared("chronological-history", () -> ChronologicalHistory.of(data.fitted()));
        int[] popular = data.shared("popularity-ranking-" + config.popularityM(),
                () -> PopularityModel.fit(data.fitted(), config.popularityM()).ranking());
        ItemItemModel model = ItemItemFit.fit(data.fitted(), config.itemItem(), context.threads()).model();
        model.releaseDense();
        return new ItemItemRecommender(ItemItemRecommender.NAME, model.serving(), history, config.itemItem().weights(),
                config.recency(), popular);
    }
}
