package io.reelstream.topology.rest;

import java.util.List;

/** The REST layer's JSON shapes: plain records, never Avro objects. */
public final class JsonBeans {
    private JsonBeans() {}

    /** One movie in a list, with the metadata a client needs to show it. */
    public record Movie(int movieId, String title, Integer year, List<String> genres, double score, String reason) {
    }

    /** A user's list with the model version and kind that scored it, and the experiment arm if any. */
    /** stale: answered from a standby copy or a store still restoring, not from the running owner. */
    public record Recommendations(int userId, String modelVersion, String modelKind, String strategy,
                                  String experimentId, String arm, List<Movie> items, String servedBy, boolean stale) {
    }

    /** stale: as in {@link Recommendations}. */
    public record User(int userId, long swipeCount, int historySize, int positiveCount, boolean seeded,
                       String vectorModelVersion, String currentModelVersion, String modelKind, String experimentId,
                       String arm, String strategy, long lastUpdateMs, String lastUpdate, String lastEventId,
                       String servedBy, boolean stale) {
    }

    /** One loaded model version on this instance. */
    public record LoadedModel(String version, String kind, int items, int k, int neighbourWeights, String role) {
    }

    /** What this instance serves: production, the experiment's arms, every loaded version, and why. */
    public record Models(String production, String experimentId, String control, String treatment,
                         double treatmentShare, List<LoadedModel> loaded, List<String> notes, String instance) {
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

    /**
     * groupInstanceIds and transactionalIds name what this instance holds in Kafka, so that a peer can
     * evict it after a crash (recovery.InstanceIdentity, PeerWatch).
     */
    public record Health(String status, String streamsState, String modelVersion, int modelItems, String instance,
                         List<String> groupInstanceIds, List<String> transactionalIds) {
    }

    /** Which instance holds which partitions of user-state (interactive-query routing). */
    public record Instance(String host, int port, List<String> activePartitions, List<String> standbyPartitions) {
    }

    public record Error(int status, String error, String detail) {
    }

    /** Counts and rates of one online-metrics scope (cumulative, or one window). */
    public record Counts(long users, long swipes, long positives, long shownSwipes, long hits, Double hitRate,
                         Double likeRate, Double swipesPerUser) {
    }

    /** One scope's online metrics: an experiment arm (exp/&lt;id&gt;/&lt;arm&gt;) or a production version (version/&lt;v&gt;). */
    public record OnlineScope(String scope, String modelVersion, String experimentId, String arm, Counts cumulative,
                              long windowStart, long windowMs, Counts window, long updatedAt) {
    }

    public record OnlineMetricsList(List<OnlineScope> scopes, String servedBy) {
    }

    /**
     * One experiment: its record, both arms' online metrics and the analysis of core ExperimentStats
     * (the always-valid p here starts from the experiment's last recorded decision, or 1.0: valid,
     * and at most as small as the lifecycle service's running value).
     */
    public record ExperimentStatus(String experimentId, String status, String control, String treatment,
                                   double treatmentShare, String metric, long minSamples, double minLift, double alpha,
                                   boolean autoPromote, long startedAt, Long endedAt, String startedBy, String reason,
                                   OnlineScope controlArm, OnlineScope treatmentArm,
                                   io.reelstream.core.experiment.ExperimentAnalysis analysis, String summary,
                                   String decision, String servedBy) {
    }
}
