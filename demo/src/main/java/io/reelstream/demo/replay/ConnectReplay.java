package io.reelstream.demo.replay;

import io.reelstream.connectors.source.MovieLensSourceConfig;
import io.reelstream.connectors.source.MovieLensSourceConnector;
import io.reelstream.embedded.EmbeddedConnectWorker;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's replay: the connectors module's MovieLens source connector, replaying swipes onto the
 * swipes topic, on a Kafka Connect worker in this JVM ({@link EmbeddedConnectWorker}, the one the
 * connector tests use too).
 */
public final class ConnectReplay implements AutoCloseable {
    public static final String CONNECTOR_NAME = "movielens-replay";
    public static final String WORKER_GROUP = "reelstream-demo-connect";

    private final EmbeddedConnectWorker worker;

    private ConnectReplay(EmbeddedConnectWorker worker) {
        this.worker = worker;
    }

    /** Starts the worker (its REST API on a free localhost port). */
    public static ConnectReplay startWorker(String bootstrapServers) {
        return new ConnectReplay(EmbeddedConnectWorker.start(bootstrapServers, WORKER_GROUP));
    }

    /**
     * The replay connector's config.
     *
     * @param ratingsFile     the file the connector reads
     * @param slice           PROTOCOL slice (all, train, validation, test)
     * @param swipesPerSecond rate limit, 0 = as fast as the broker takes them
     */
    public static Map<String, String> connectorConfig(Path ratingsFile, String slice, String topic, double swipesPerSecond) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", MovieLensSourceConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("key.converter", EmbeddedConnectWorker.BYTE_ARRAY_CONVERTER);
        c.put("value.converter", EmbeddedConnectWorker.BYTE_ARRAY_CONVERTER);
        c.put(MovieLensSourceConfig.FILE_CONFIG, ratingsFile.toAbsolutePath().toString());
        c.put(MovieLensSourceConfig.SLICE_CONFIG, slice);
        c.put(MovieLensSourceConfig.TOPIC_CONFIG, topic);
        c.put(MovieLensSourceConfig.MAX_SWIPES_PER_SECOND_CONFIG, String.format(Locale.ROOT, "%.3f", swipesPerSecond));
        return c;
    }

    /** Creates the replay connector ({@link #connectorConfig}) and waits until the worker accepted it. */
    public void startReplay(Path ratingsFile, String slice, String topic, double swipesPerSecond) throws InterruptedException {
        worker.putConnector(CONNECTOR_NAME, connectorConfig(ratingsFile, slice, topic, swipesPerSecond));
    }

    /** "RUNNING task 0:RUNNING" or the failure trace of the connector and its task. */
    public String status() {
        return worker.status(CONNECTOR_NAME);
    }

    /** True when the connector or its task failed. */
    public boolean failed() {
        return worker.failed(CONNECTOR_NAME);
    }

    @Override
    public void close() {
        worker.close();
    }
}
