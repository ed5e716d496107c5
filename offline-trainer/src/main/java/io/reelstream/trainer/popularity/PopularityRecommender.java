package io.reelstream.trainer.popularity;

import io.reelstream.trainer.eval.Recommender;
import io.reelstream.trainer.eval.RecommenderModel;

/** The popularity model under evaluation: the same global ranking for everyone, minus what they saw. */
public record PopularityRecommender(PopularityModel model) implements RecommenderModel {
    public static final String NAME = "popularity";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Recommender newRecommender() {
        return (user, seen, k, out) -> model.recommend(seen, k, out);
    }
}
