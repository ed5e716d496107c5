package io.reelstream.topology.rest;

import java.util.List;

/** JSON shapes of the swipe page's routes (events, cards, explanations, recent swipes). */
public final class PageBeans {
    private PageBeans() {}

    /** One server-sent event: a list the stream emitted, with titles; causeEventId is the swipe behind it. */
    public record ListEvent(int userId, String modelVersion, String modelKind, String strategy, String experimentId,
                            String arm, String causeEventId, long generatedAt, List<JsonBeans.Movie> items) {
    }

    /**
     * The list of a user with no swipes: the popularity baseline every new user starts from, said
     * so in {@code coldStart} and {@code note} (the shape of {@link JsonBeans.Recommendations} plus both).
     */
    public record ColdStartRecommendations(int userId, String modelVersion, String modelKind, String strategy,
                                           String experimentId, String arm, List<JsonBeans.Movie> items,
                                           String servedBy, boolean coldStart, String note) {
    }

    /** The next movie to judge and why it was picked. */
    public record Card(int userId, int movieId, String title, Integer year, List<String> genres, String pickedBecause,
                       String modelVersion, String servedBy) {
    }

    public record Contribution(int movieId, String title, int preference, double contribution, Double share) {
    }

    /** Which swiped movies put {@code movieId} where it is for this user, with the numbers. */
    public record Explanation(int userId, int movieId, String title, String modelVersion, String modelKind,
                              String strategy, Integer rank, String reason, double score, String measure,
                              List<Contribution> contributions, String servedBy) {
    }

    /** One swipe in the user's stored history (the latest preference per movie). */
    public record RecentSwipe(int movieId, String title, Integer year, int preference, String verdict, long eventTime) {
    }

    public record RecentSwipes(int userId, long swipeCount, List<RecentSwipe> swipes, String servedBy) {
    }
}
