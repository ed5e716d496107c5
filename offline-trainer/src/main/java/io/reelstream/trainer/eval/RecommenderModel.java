package io.reelstream.trainer.eval;

/** A fitted model under evaluation: a name for the table and a recommender per thread. */
public interface RecommenderModel {
    String name();

    Recommender newRecommender();
}
