package io.reelstream.topology.rest;

import io.reelstream.core.preference.Preference;
import io.reelstream.core.rank.Scoring;
import io.reelstream.core.rank.TopK;
import io.reelstream.schemas.Swipe;
import io.reelstream.topology.RecommenderTopology;
import io.reelstream.topology.engine.RecommendationEngine;
import io.reelstream.topology.model.CatalogItem;
import io.reelstream.topology.model.ModelHolder;
import io.reelstream.topology.model.ModelSnapshot;
import io.reelstream.topology.model.Serving;
import io.reelstream.topology.online.ScopeTotals;
import io.reelstream.topology.process.SwipeValidator;
import io.reelstream.core.experiment.ArmAssignment;
import io.reelstream.core.experiment.ExperimentAnalysis;
import io.reelstream.core.experiment.ExperimentStats;
import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.OnlineMetrics;
import java.util.Map;
import io.reelstream.topology.recovery.InstanceIdentity;
import io.reelstream.topology.rank.RankedList;
import io.reelstream.topology.rank.Recommender;
import io.reelstream.topology.state.UserState;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the REST routes do. User keys are answered by the instance that owns the key's user-state
 * partition (found with {@link KafkaStreams#queryMetadataForKey}); another instance forwards the
 * request to it over HTTP, marking it so the owner answers locally even if its metadata lags.
 * Lists are computed from the stored state by the same {@link RecommendationEngine} the stream
 * uses, so REST returns the list the stream last emitted for that state.
 */
public final class RestApi {
    static final String FORWARDED_HEADER = "X-Reelstream-Forwarded";
    /** true when the answer came from a standby copy or a restoring store (also the body's "stale"). */
    public static final String STALE_HEADER = "X-Reelstream-Stale";
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final ModelHolder models;
    private final RecommendationEngine engine;
    private final Producer<Integer, Swipe> producer;
    private final String swipesTopic;
    private final int defaultN;
    private final int maxN;
    private final long windowMs;
    private final Supplier<InstanceIdentity> identity;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public RestApi(KafkaStreams streams, HostInfo self, ModelHolder models, RecommendationEngine engine,
                   Producer<Integer, Swipe> producer, String swipesTopic, int defaultN, int maxN, long windowMs,
                   Supplier<InstanceIdentity> identity) {
        this.identity = identity;
        this.windowMs = windowMs;
        this.streams = streams;
        this.self = self;
        this.models = models;
        this.engine = engine;
        this.producer = producer;
        this.swipesTopic = swipesTopic;
        this.defaultN = defaultN;
        this.maxN = maxN;
    }

    /** A positive int id from a path segment, else 400. */
    static int id(String raw, String what) {
        try {
            int id = Integer.parseInt(raw);
            if (id < 0) throw new NumberFormatException();
            return id;
        } catch (NumberFormatException e) {
            throw new ApiException(400, "bad_request", what + " '" + raw + "' is not a non-negative integer");
        }
    }

    /** n from the query (default recommendations.size), 1..rest.max.n, else 400. */
    int limit(String raw) {
        if (raw == null || raw.isEmpty()) return defaultN;
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1 && n <= maxN) return n;
        } catch (NumberFormatException ignored) {
            // falls through to the 400 below
        }
        throw new ApiException(400, "bad_request", "n='" + raw + "' must be an integer in 1.." + maxN);
    }

    JsonBeans.Health health() {
        ModelSnapshot m = models.current();
        KafkaStreams.State state = streams.state();
        boolean up = state == KafkaStreams.State.RUNNING && m != null;
        InstanceIdentity id = identity.get();
        return new JsonBeans.Health(up ? "UP" : "DOWN", state.name(), m == null ? null : m.version(),
                m == null ? 0 : m.rows(), self.host() + ":" + self.port(), id.groupInstanceIds(), id.transactionalIds());
    }

    List<JsonBeans.Instance> instances() {
        List<JsonBeans.Instance> out = new ArrayList<>();
        for (StreamsMetadata md : streams.metadataForAllStreamsClients()) {
            out.add(new JsonBeans.Instance(md.host(), md.port(),
                    md.topicPartitions().stream().map(Object::toString).sorted().toList(),
                    md.standbyTopicPartitions().stream().map(Object::toString).sorted().toList()));
        }
        return out;
    }

    JsonBeans.Popular popular(int n) {
        ModelSnapshot m = model();
        List<JsonBeans.Movie> items = new ArrayList<>();
        for (RankedList.Entry e : Recommender.popular(m, n, null)) items.add(movie(m, e));
        return new JsonBeans.Popular(m.version(), items);
    }

    /** Nearest movies by cosine of factors: yi·yj / (‖yi‖·‖yj‖). One O(n·k) scan. */
    JsonBeans.Similar similar(int movieId, int n) {
        ModelSnapshot m = model();
        int row = m.rowOf(movieId);
        if (row < 0) throw new ApiException(404, "not_found", "movie " + movieId + " is not in model " + m.version());
        float[] Y = m.factors().values();
        int k = m.k();
        float[] yi = m.factors().row(row);
        float ni = m.norm(row);
        TopK top = new TopK(n);
        for (int j = 0; j < m.rows(); j++) {
            if (j == row || m.norm(j) == 0 || ni == 0) continue;
            top.offer(j, Scoring.dot(Y, j * k, yi, k) / (ni * m.norm(j)));
        }
        int[] rows = new int[n];
        float[] scores = new float[n];
        int count = top.drainBestFirst(n, rows, scores);
        List<JsonBeans.Movie> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(movie(m, new RankedList.Entry(m.movieId(rows[i]), scores[i], "cosine of factors")));
        }
        return new JsonBeans.Similar(movieId, m.item(row).title(), m.version(), "factor-cosine", items);
    }

    RestServer.Response recommendations(int userId, int n, URI uri, boolean forwarded) {
        RestServer.Response remote = forwarded ? null : routeToOwner(userId, uri);
        if (remote != null) return remote;
        Serving.Assignment a = assignment(userId);
        ModelSnapshot m = a.model();
        LocalRead read = localReadOrNull(userId);
        if (read == null) return PageApi.coldStart(this, userId, n, a); // no swipes yet: the popularity baseline
        UserState state = read.state();
        engine.alignVector(state, m); // lazy version switch, not persisted by a read
        RankedList list = engine.recommend(state, m, n);
        List<JsonBeans.Movie> items = new ArrayList<>(list.items().size());
        for (RankedList.Entry e : list.items()) items.add(movie(m, e));
        return withFreshness(RestServer.Response.json(200, new JsonBeans.Recommendations(userId, list.modelVersion(),
                list.modelKind().wireName(), list.strategy().wireName(), a.experimentId(), a.arm(), items,
                self.host() + ":" + self.port(), read.stale())), read.stale());
    }

    RestServer.Response user(int userId, URI uri, boolean forwarded) {
        RestServer.Response remote = forwarded ? null : routeToOwner(userId, uri);
        if (remote != null) return remote;
        LocalRead read = localRead(userId);
        UserState s = read.state();
        Serving.Assignment a = models.serving().assign(userId);
        ModelSnapshot m = a.model();
        String strategy = m == null ? null : engine.recommender().strategyFor(aligned(s, m), m).wireName();
        return withFreshness(RestServer.Response.json(200, new JsonBeans.User(userId, s.swipeCount(), s.historySize(),
                s.positiveCount(), s.seeded(), s.vectorVersion(), m == null ? null : m.version(),
                m == null ? null : m.kind().wireName(), a.experimentId(), a.arm(), strategy,
                s.lastUpdateMs(), s.lastUpdateMs() == 0 ? null : Instant.ofEpochMilli(s.lastUpdateMs()).toString(),
                s.lastEventId(), self.host() + ":" + self.port(), read.stale())), read.stale());
    }

    private static RestServer.Response withFreshness(RestServer.Response r, boolean stale) {
        return r.withHeader(STALE_HEADER, Boolean.toString(stale));
    }

    /**
     * Every scope's online metrics, from the aggregator's store; its single partition lives on one
     * instance, so another instance forwards the request there.
     */
    RestServer.Response onlineMetrics(URI uri, boolean forwarded) {
        if (!forwarded) {
            RestServer.Response remote = routeToOnlineMetricsOwner(uri);
            if (remote != null) return remote;
        }
        List<JsonBeans.OnlineScope> out = new ArrayList<>();
        try {
            ReadOnlyKeyValueStore<String, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                    RecommenderTopology.ONLINE_METRICS_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore())
                    .enableStaleStores());
            long now = System.currentTimeMillis();
            try (var it = store.all()) {
                while (it.hasNext()) {
                    var kv = it.next();
                    out.add(OnlineBeans.scope(ScopeTotals.decode(kv.value).metrics(kv.key, now, windowMs)));
                }
            }
        } catch (InvalidStateStoreException e) {
            throw new ApiException(503, "rebalancing", "online-metrics store not queryable now (" + e.getMessage()
                    + "); retry shortly");
        }
        return RestServer.Response.json(200, new JsonBeans.OnlineMetricsList(out, self.host() + ":" + self.port()));
    }

    /**
     * An experiment's record, its arms' online metrics and their analysis (core ExperimentStats, the
     * same code the lifecycle decides with). 404 for an unknown id; routed to the aggregator's owner.
     */
    RestServer.Response experiment(String id, URI uri, boolean forwarded) {
        if (!forwarded) {
            RestServer.Response remote = routeToOnlineMetricsOwner(uri);
            if (remote != null) return remote;
        }
        Experiment e;
        Map<String, OnlineMetrics> arms = new java.util.HashMap<>();
        try {
            ReadOnlyKeyValueStore<String, byte[]> experiments = streams.store(StoreQueryParameters.fromNameAndType(
                    RecommenderTopology.EXPERIMENTS_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
            byte[] bytes = experiments.get(id);
            if (bytes == null) throw new ApiException(404, "not_found", "no experiment '" + id + "' on the experiments topic");
            try {
                e = EXPERIMENTS.deserialize("experiments", bytes);
            } catch (RuntimeException bad) {
                throw new ApiException(500, "bad_record", "experiment '" + id + "' cannot be decoded: " + bad.getMessage());
            }
            ReadOnlyKeyValueStore<String, byte[]> online = streams.store(StoreQueryParameters.fromNameAndType(
                    RecommenderTopology.ONLINE_METRICS_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore())
                    .enableStaleStores());
            long now = System.currentTimeMillis();
            for (String arm : List.of(ArmAssignment.CONTROL, ArmAssignment.TREATMENT)) {
                String scope = Serving.experimentScope(id, arm);
                byte[] totals = online.get(scope);
                if (totals != null) arms.put(arm, ScopeTotals.decode(totals).metrics(scope, now, windowMs));
            }
        } catch (InvalidStateStoreException ex) {
            throw new ApiException(503, "rebalancing", "experiment stores not queryable now (" + ex.getMessage()
                    + "); retry shortly");
        }
        OnlineMetrics c = arms.get(ArmAssignment.CONTROL);
        OnlineMetrics t = arms.get(ArmAssignment.TREATMENT);
        ExperimentAnalysis analysis = null;
        String summary = "no swipes judged in both arms yet";
        try {
            double previous = e.getDecision() == null ? 1.0 : e.getDecision().getSequentialPValue();
            analysis = ExperimentStats.analyze(
                    c == null ? 0 : c.getCumulative().getPositives(), c == null ? 0 : c.getCumulative().getShownSwipes(),
                    c == null ? 0 : c.getCumulative().getHits(),
                    t == null ? 0 : t.getCumulative().getPositives(), t == null ? 0 : t.getCumulative().getShownSwipes(),
                    t == null ? 0 : t.getCumulative().getHits(),
                    e.getMetric(), e.getMinSamples(), e.getMinLift(), e.getAlpha(), previous);
            summary = analysis.summary();
        } catch (IllegalArgumentException bad) {
            summary = "cannot analyse: " + bad.getMessage();
        }
        return RestServer.Response.json(200, new JsonBeans.ExperimentStatus(e.getExperimentId(), e.getStatus().name(),
                e.getControlVersion(), e.getTreatmentVersion(), e.getTreatmentShare(), e.getMetric(), e.getMinSamples(),
                e.getMinLift(), e.getAlpha(), e.getAutoPromote(), e.getStartedAt(), e.getEndedAt(), e.getStartedBy(),
                e.getReason(), c == null ? null : OnlineBeans.scope(c), t == null ? null : OnlineBeans.scope(t), analysis,
                summary, e.getDecision() == null ? null : e.getDecision().getOutcome() + ": " + e.getDecision().getNote(),
                self.host() + ":" + self.port()));
    }

    private static final org.apache.kafka.common.serialization.Deserializer<Experiment> EXPERIMENTS =
            io.reelstream.schemas.serde.AvroSerdes.serde(Experiment.class).deserializer();

    private RestServer.Response routeToOnlineMetricsOwner(URI uri) {
        KeyQueryMetadata md = streams.queryMetadataForKey(RecommenderTopology.ONLINE_METRICS_STORE, "",
                Serdes.String().serializer());
        if (md == null || md.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new ApiException(503, "rebalancing", "no instance holds the online metrics right now; retry shortly");
        }
        if (md.activeHost().equals(self)) return null;
        return forward(md.activeHost(), uri);
    }

    /** The versions this instance has loaded and which of them serve. */
    JsonBeans.Models models() {
        Serving s = models.serving();
        List<JsonBeans.LoadedModel> loaded = new ArrayList<>();
        s.loaded().values().stream().sorted(java.util.Comparator.comparing(ModelSnapshot::version)).forEach(m -> {
            String role = m == s.production() ? "production" : m == s.treatment() ? "treatment"
                    : m == s.control() ? "control" : "loaded";
            loaded.add(new JsonBeans.LoadedModel(m.version(), m.kind().wireName(), m.rows(), m.k(),
                    m.neighbours() == null ? 0 : m.neighbours().nnz(), role));
        });
        return new JsonBeans.Models(s.production() == null ? null : s.production().version(), s.experimentId(),
                s.control() == null ? null : s.control().version(), s.treatment() == null ? null : s.treatment().version(),
                s.treatmentShare(), loaded, s.notes(), self.host() + ":" + self.port());
    }

    /** Validates the body, produces a Swipe keyed by userId and waits for the broker's ack. */
    JsonBeans.SwipeAccepted swipe(int userId, JsonBeans.SwipeRequest body) {
        if (body == null || body.movieId() == null) {
            throw new ApiException(400, "bad_request", "body needs movieId and one of preference (-2,-1,1,2), bucket (1..4), rating");
        }
        int preference;
        if (body.preference() != null) {
            if (!Preference.isValidPreference(body.preference())) {
                throw new ApiException(400, "bad_request", "preference " + body.preference() + " is not one of -2, -1, 1, 2");
            }
            preference = body.preference();
        } else if (body.bucket() != null) {
            if (body.bucket() < Preference.MIN_BUCKET || body.bucket() > Preference.MAX_BUCKET) {
                throw new ApiException(400, "bad_request", "bucket " + body.bucket() + " is not in 1..4");
            }
            preference = Preference.fromBucket(body.bucket());
        } else if (body.rating() != null) {
            try {
                preference = Preference.fromRating(body.rating());
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "bad_request", e.getMessage());
            }
        } else {
            throw new ApiException(400, "bad_request", "set one of preference (-2,-1,1,2), bucket (1..4) or rating");
        }
        ModelSnapshot m = model();
        if (m.rowOf(body.movieId()) < 0) {
            throw new ApiException(404, "not_found", "movie " + body.movieId() + " is not in model " + m.version());
        }
        String eventId = body.eventId() == null || body.eventId().isBlank() ? UUID.randomUUID().toString() : body.eventId();
        if (eventId.length() > SwipeValidator.MAX_EVENT_ID_CHARS) {
            throw new ApiException(400, "bad_request", "eventId has " + eventId.length() + " characters; at most "
                    + SwipeValidator.MAX_EVENT_ID_CHARS);
        }
        long now = System.currentTimeMillis();
        long eventTime = body.eventTime() == null ? now : body.eventTime();
        if (eventTime < 0 || eventTime > now + SwipeValidator.MAX_FUTURE_MS) {
            // the stream would dead-letter it (bad_event_time): say so now instead of answering 202
            throw new ApiException(400, "bad_request", "eventTime " + eventTime + " must be epoch milliseconds from 1970"
                    + " up to a day ahead of now (" + now + ")");
        }
        Swipe swipe = Swipe.newBuilder().setEventId(eventId).setUserId(userId).setMovieId(body.movieId())
                .setPreference(preference).setBucket(null)
                .setEventTime(eventTime)
                .setSource(body.source() == null ? "rest" : body.source()).build();
        try {
            RecordMetadata md = producer.send(new ProducerRecord<>(swipesTopic, userId, swipe)).get(10, TimeUnit.SECONDS);
            return new JsonBeans.SwipeAccepted(eventId, userId, body.movieId(), preference, md.topic(), md.partition(),
                    md.offset());
        } catch (ExecutionException | TimeoutException e) {
            throw new ApiException(503, "unavailable", "could not write the swipe to " + swipesTopic + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "unavailable", "interrupted while writing the swipe");
        }
    }

    private UserState aligned(UserState s, ModelSnapshot m) {
        engine.alignVector(s, m);
        return s;
    }

    private ModelSnapshot model() {
        ModelSnapshot m = models.current();
        if (m == null) throw noModel(models.serving());
        return m;
    }

    /** The version serving this user (production or their experiment arm), else 503 saying why. */
    private Serving.Assignment assignment(int userId) {
        Serving s = models.serving();
        Serving.Assignment a = s.assign(userId);
        if (a.model() == null) throw noModel(s);
        return a;
    }

    private static ApiException noModel(Serving s) {
        return new ApiException(503, "no_model", s.notes().isEmpty()
                ? "no model loaded yet; publish one to item-embeddings (trainer 'publish')" : String.join("; ", s.notes()));
    }

    /**
     * Null when this instance should answer; otherwise another instance's answer. Order: the active
     * owner; if it does not answer (killed, not yet noticed by the group), the standbys
     * (num.standby.replicas > 0), this instance among them answering from its own copy. While the
     * group rebalances no owner is known: this instance answers if it holds a copy, flagged stale.
     */
    private RestServer.Response routeToOwner(int userId, URI uri) {
        KeyQueryMetadata md = streams.queryMetadataForKey(RecommenderTopology.USER_STATE_STORE, userId,
                Serdes.Integer().serializer());
        if (md == null || md.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            if (hasLocalCopy(userId)) return null;
            throw new ApiException(503, "rebalancing", "no instance owns user " + userId
                    + " right now and this one holds no copy; retry shortly");
        }
        if (md.activeHost().equals(self)) return null;
        ApiException lastFailure;
        try {
            return forward(md.activeHost(), uri);
        } catch (ApiException unreachable) {
            lastFailure = unreachable;
        }
        for (HostInfo standby : md.standbyHosts()) {
            if (standby.equals(self)) return null;
            try {
                return forward(standby, uri);
            } catch (ApiException unreachable) {
                lastFailure = unreachable;
            }
        }
        throw lastFailure;
    }

    /** A user's state read here, and whether it is stale (see {@link JsonBeans.Recommendations}). */
    private record LocalRead(UserState state, boolean stale) {}

    /**
     * The user's state from this instance (a fresh decoded copy): from the running active store when
     * this instance owns the user, else — a standby copy, or the active store while it restores — the
     * same store read with stale stores allowed, flagged stale. 404 if absent, 503 if no store answers.
     */
    private LocalRead localRead(int userId) {
        KeyQueryMetadata md = streams.queryMetadataForKey(RecommenderTopology.USER_STATE_STORE, userId,
                Serdes.Integer().serializer());
        boolean known = md != null && !md.equals(KeyQueryMetadata.NOT_AVAILABLE);
        if (known && md.activeHost().equals(self)) {
            try {
                return found(userId, userStore(false, md.partition()).get(userId), false);
            } catch (InvalidStateStoreException restoringOrMoving) {
                // falls through to the stale read below
            }
        }
        try {
            return found(userId, userStore(true, known ? md.partition() : null).get(userId), true);
        } catch (InvalidStateStoreException e) {
            throw new ApiException(503, "rebalancing", "user-state store not queryable now (" + e.getMessage() + "); retry shortly");
        }
    }

    /**
     * Only the running owner's store can say a user has no swipes (404): a standby may lag behind and a
     * restoring store may not have reached the user yet, so their miss is a 503 to retry.
     */
    private static LocalRead found(int userId, UserState s, boolean stale) {
        if (s == null && stale) {
            throw new ApiException(503, "rebalancing", "user " + userId + " is not in this instance's copy yet"
                    + " (a standby or a restoring store); retry shortly");
        }
        if (s == null) throw new ApiException(404, "not_found", "user " + userId + " has no swipes yet");
        return new LocalRead(s, stale);
    }

    private boolean hasLocalCopy(int userId) {
        try {
            return userStore(true, null).get(userId) != null;
        } catch (InvalidStateStoreException e) {
            return false;
        }
    }

    /** The user-state store: all local partitions or one; stale = standby and restoring copies allowed too. */
    private ReadOnlyKeyValueStore<Integer, UserState> userStore(boolean stale, Integer partition) {
        StoreQueryParameters<ReadOnlyKeyValueStore<Integer, UserState>> q = StoreQueryParameters.fromNameAndType(
                RecommenderTopology.USER_STATE_STORE, QueryableStoreTypes.<Integer, UserState>keyValueStore());
        if (partition != null) q = q.withPartition(partition);
        return streams.store(stale ? q.enableStaleStores() : q);
    }

    private RestServer.Response forward(HostInfo owner, URI uri) {
        URI target = URI.create("http://" + owner.host() + ":" + owner.port() + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        HttpRequest req = HttpRequest.newBuilder(target).timeout(FORWARD_TIMEOUT).header(FORWARDED_HEADER, self.toString())
                .GET().build();
        try {
            HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            RestServer.Response answer = new RestServer.Response(resp.statusCode(),
                    resp.headers().firstValue("Content-Type").orElse("application/json"), resp.body());
            return resp.headers().firstValue(STALE_HEADER).map(v -> answer.withHeader(STALE_HEADER, v)).orElse(answer);
        } catch (IOException e) {
            throw new ApiException(502, "owner_unreachable", "instance " + owner.host() + ":" + owner.port()
                    + " owns this key but did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "unavailable", "interrupted while asking " + owner);
        }
    }

    // Shared with the swipe page's routes (PageApi). Additive: the lookups above keep their logic.

    /** The owner's answer to a user route, or null when this instance answers it. */
    RestServer.Response ownerAnswer(int userId, URI uri, boolean forwarded) {
        return forwarded ? null : routeToOwner(userId, uri);
    }

    /** The user's state from this instance's store, or null for a valid user without swipes. */
    UserState stateOrNull(int userId) {
        LocalRead read = localReadOrNull(userId);
        return read == null ? null : read.state();
    }

    /** {@link #localRead}, or null for a valid user without swipes. */
    private LocalRead localReadOrNull(int userId) {
        try {
            return localRead(userId);
        } catch (ApiException e) {
            if (e.status() == 404) return null;
            throw e;
        }
    }

    Serving.Assignment servingAssignment(int userId) {
        return assignment(userId);
    }

    RecommendationEngine engine() {
        return engine;
    }

    int maxN() {
        return maxN;
    }

    String servedBy() {
        return self.host() + ":" + self.port();
    }

    static JsonBeans.Movie movieBean(ModelSnapshot m, RankedList.Entry e) {
        return movie(m, e);
    }

    private static JsonBeans.Movie movie(ModelSnapshot m, RankedList.Entry e) {
        int row = m.rowOf(e.movieId());
        CatalogItem item = row < 0 ? null : m.item(row);
        return new JsonBeans.Movie(e.movieId(), item == null ? null : item.title(), item == null ? null : item.year(),
                item == null ? List.of() : item.genres(), e.score(), e.reason());
    }
}
