package io.reelstream.topology.rest;

import java.util.List;

/** The REST layer's JSON shapes: plain records, never Avro objects. */
public final class JsonBeans {
    private JsonBeans() {}

    /** One movie in a list, with the metadata a client needs to show it. */
    public record Movie(int movieId, String title, Integer year, List<String> genres, double score, String reason) {
    }

    public record Recommendations(int userId, String modelVersion, String strategy, List<Movie> items,
                                  String servedBy) {
    }

    public record User(int userId, long swipeCount, int historySize, int positiveCount, boolean seeded,
                       String vectorModelVersion, String currentModelVersion, String strategy, long lastUpdateMs,
                       String lastUpdate, String lastEventId, String servedBy) {
    }

    public record Similar(int movieId, String title, String modelVersion, String measure, List<Movie> items) {
    }

    public record Popular(String modelVersion, List<Movie> items) {
    }

    /** Body of POST /users/{id}/swipes: preference, or bucket, or rating (PROTOCOL.md mapping). */
    public record SwipeRequest(Integer movieId, Integer preference, Integer bucket, Double rating, String eventId,
                               Long eventTime, String source) {
    }

    public record SwipeAccepted(String eventId, int userId, int movieId, int preference, String topic, int partition,
                                long offset) {
    }

    public record Health(String status, String streamsState, String modelVersion, int modelItems, String instance) {
    }

    /** Which instance holds which partitions of user-state (interactive-query routing). */
    public record Instance(String host, int port, List<String> activePartitions, List<String> standbyPartitions) {
    }

    public record Error(int status, String error, String detail) {
    }
}
