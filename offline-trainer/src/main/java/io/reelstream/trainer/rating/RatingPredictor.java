package io.reelstream.trainer.rating;

/** Predicts a user's rating of an item in stars; either index may be -1 (not in the fitted data). */
public interface RatingPredictor {
    String name();

    double predict(int user, int item);
}
