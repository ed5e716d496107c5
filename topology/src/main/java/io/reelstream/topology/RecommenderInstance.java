package io.reelstream.topology;

import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.serde.AvroSerdes;
import io.reelstream.topology.config.TopologyConfig;
import io.reelstream.topology.engine.RecommendationEngine;
import io.reelstream.topology.metrics.StreamMetrics;
import io.reelstream.topology.model.ModelHolder;
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
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

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
    private boolean closed;

    private RecommenderInstance(TopologyConfig config, KafkaStreams streams, RestServer rest,
                                Producer<Integer, Swipe> producer, ModelHolder models, StreamMetrics metrics,
                                SseHub events, RecommendationsTail tail) {
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
        RestApi api = new RestApi(streams, new HostInfo(bound.restHost(), rest.port()), models,
                RecommendationEngine.from(bound, metrics), producer, bound.swipesTopic(),
                bound.recommendationsSize(), bound.restMaxN(), bound.onlineMetricsWindowMs());
        SseHub events = new SseHub();
        // every instance tails every list, so a browser on any instance sees its user's lists live
        RecommendationsTail tail = new RecommendationsTail(bound.bootstrapServers(), bound.recommendationsTopic(),
                bound.applicationId() + "-sse-" + rest.port(), events, models);
        tail.start();
        streams.start();
        rest.start(api, events);
        log.info("recommender instance {} started: REST http://{}:{}", bound.applicationId(), bound.restHost(), rest.port());
        return new RecommenderInstance(bound, streams, rest, producer, models, metrics, events, tail);
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

    /** Stops REST, Kafka Streams (bounded wait) and the producer; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        rest.close();
        events.close();
        tail.close();
        streams.close(new KafkaStreams.CloseOptions().timeout(CLOSE_TIMEOUT));
        producer.close(Duration.ofSeconds(5));
        log.info("recommender instance on port {} stopped", rest.port());
    }
}
