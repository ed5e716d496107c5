package io.reelstream.topology;

import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.serde.AvroSerdes;
import io.reelstream.topology.config.TopologyConfig;
import io.reelstream.topology.engine.RecommendationEngine;
import io.reelstream.topology.metrics.StreamMetrics;
import io.reelstream.topology.model.ModelHolder;
import io.reelstream.topology.recovery.InstanceIdentity;
import io.reelstream.topology.recovery.PeerWatch;
import io.reelstream.topology.rest.RecommendationsTail;
import io.reelstream.topology.rest.RestApi;
import io.reelstream.topology.rest.RestServer;
import io.reelstream.topology.rest.SseHub;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * One running recommender: Kafka Streams with the topology, the REST server answering for it and a
 * producer for POSTed swipes. {@link #start} returns once everything is started (the streams may
 * still be rebalancing: {@link #awaitRunning}); {@link #close} stops all three. For TopologyApp,
 * the demo and the tests; no System.exit here.
 */
public final class RecommenderInstance implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecommenderInstance.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final TopologyConfig config;
    private final KafkaStreams streams;
    private final RestServer rest;
    private final Producer<Integer, Swipe> producer;
    private final ModelHolder models;
    private final StreamMetrics metrics;
    private final SseHub events;
    private final RecommendationsTail tail;
    private final PeerWatch peers; // null when peer.watch.interval.ms is 0
    private boolean closed;

    private RecommenderInstance(TopologyConfig config, KafkaStreams streams, RestServer rest,
                                Producer<Integer, Swipe> producer, ModelHolder models, StreamMetrics metrics,
                                SseHub events, RecommendationsTail tail, PeerWatch peers) {
        this.peers = peers;
        this.events = events;
        this.tail = tail;
        this.config = config;
        this.streams = streams;
        this.rest = rest;
        this.producer = producer;
        this.models = models;
        this.metrics = metrics;
    }

    /**
     * Binds REST first (so rest.port=0 resolves to a real port before application.server is set),
     * then starts Kafka Streams and serves REST.
     */
    public static RecommenderInstance start(TopologyConfig config) {
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.bootstrapServers()))) {
            TopicSetup.checkCoPartitioned(admin, config);
            TopicSetup.ensureModelTopics(admin, config);
        }
        StreamMetrics metrics = new StreamMetrics();
        ModelHolder models = new ModelHolder();
        RestServer rest;
        try {
            rest = new RestServer(config.restHost(), config.restPort(), metrics, config.restServer());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind REST on " + config.restHost() + ":" + config.restPort()
                    + " (" + e.getMessage() + "); set " + TopologyConfig.REST_PORT_CONFIG + " to a free port", e);
        }
        TopologyConfig bound = config.with(TopologyConfig.REST_PORT_CONFIG, Integer.toString(rest.port()));
        Properties props = RecommenderTopology.streamsConfig(bound);
        KafkaStreams streams = new KafkaStreams(RecommenderTopology.buildTopology(bound, models, metrics), props);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("stream thread failed; replacing it (state is restored from the changelog)", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        Producer<Integer, Swipe> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bound.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, bound.applicationId() + "-rest-" + rest.port()),
                Serdes.Integer().serializer(), AvroSerdes.serde(Swipe.class).serializer());
        HostInfo self = new HostInfo(bound.restHost(), rest.port());
        boolean exactlyOnce = bound.processingGuarantee().startsWith("exactly_once");
        Supplier<InstanceIdentity> identity = () -> InstanceIdentity.of(bound.groupInstanceId(), exactlyOnce,
                streams.metadataForLocalThreads().stream().map(ThreadMetadata::threadName).toList());
        RestApi api = new RestApi(streams, self, models,
                RecommendationEngine.from(bound, metrics), producer, bound.swipesTopic(),
                bound.recommendationsSize(), bound.restMaxN(), bound.onlineMetricsWindowMs(), identity);
        SseHub events = new SseHub();
        // every instance tails every list, so a browser on any instance sees its user's lists live
        RecommendationsTail tail = new RecommendationsTail(bound.bootstrapServers(), bound.recommendationsTopic(),
                bound.applicationId() + "-sse-" + rest.port(), events, models);
        tail.start();
        streams.start();
        rest.start(api, events);
        PeerWatch peers = bound.peerWatchIntervalMs() == 0 ? null : new PeerWatch(bound.applicationId(), self,
                () -> streams.metadataForAllStreamsClients().stream().map(StreamsMetadata::hostInfo).toList(),
                Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bound.bootstrapServers(),
                        AdminClientConfig.CLIENT_ID_CONFIG, bound.applicationId() + "-peer-watch-" + rest.port())),
                Duration.ofMillis(bound.peerWatchIntervalMs()), bound.peerWatchRefusals(), metrics).start();
        log.info("recommender instance {} started: REST http://{}:{}", bound.applicationId(), bound.restHost(), rest.port());
        return new RecommenderInstance(bound, streams, rest, producer, models, metrics, events, tail, peers);
    }

    /** Waits until Kafka Streams is RUNNING and a model is loaded; false on timeout. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (streams.state() == KafkaStreams.State.RUNNING && models.current() != null) return true;
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    public TopologyConfig config() { return config; }
    public KafkaStreams streams() { return streams; }
    public ModelHolder models() { return models; }
    public StreamMetrics metrics() { return metrics; }
    public int restPort() { return rest.port(); }
    /** Open server-sent-event streams on this instance. */
    public int eventSubscribers() { return events.subscribers(); }

    public String restUrl() {
        return "http://" + config.restHost() + ":" + rest.port();
    }

    /**
     * Stops Kafka Streams (bounded wait), then REST and the producer; a second call does nothing. Streams
     * first: peers evict an instance whose REST port closes (PeerWatch), and by then its last transaction
     * is committed, so the eviction only hands its partitions over sooner (a static member does not leave
     * the group on close; without the eviction its partitions would wait for the session to expire).
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        int port = rest.port();
        if (peers != null) peers.close();
        streams.close(new KafkaStreams.CloseOptions().timeout(CLOSE_TIMEOUT));
        rest.close();
        events.close();
        tail.close();
        producer.close(Duration.ofSeconds(5));
        log.info("recommender instance on port {} stopped", port);
    }
}
