package io.reelstream.demo.replay;

import io.reelstream.connectors.source.MovieLensSourceConfig;
import io.reelstream.connectors.source.MovieLensSourceConnector;
import io.reelstream.connectors.worker.SingleNodeWorker;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.util.FutureCallback;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Kafka Connect worker in this JVM — the same code path as {@code connect-distributed.sh}, with
 * its config, offsets and status in Kafka topics and exactly-once source support on — running the
 * connectors module's MovieLens source connector, which replays swipes onto the swipes topic.
 */
public final class ConnectReplay implements AutoCloseable {
    public static final String CONNECTOR_NAME = "movielens-replay";
    public static final String WORKER_GROUP = "reelstream-demo-connect";
    static final String BYTE_ARRAY_CONVERTER = SingleNodeWorker.BYTE_ARRAY_CONVERTER;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Connect<?> connect;

    private ConnectReplay(Connect<?> connect) {
        this.connect = connect;
    }

    /** Starts the worker (its REST API on a free localhost port). */
    public static ConnectReplay startWorker(String bootstrapServers) {
        // startConnect calls Exit.exit(3) when the worker cannot start: fail this run, do not kill the JVM
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("the Connect worker could not start (exit " + code + "): " + message);
        });
        Map<String, String> p = SingleNodeWorker.config(bootstrapServers, WORKER_GROUP);
        return new ConnectReplay(new ConnectDistributed().startConnect(p));
    }

    /**
     * Creates the replay connector and waits until the worker accepted it.
     *
     * @param ratingsFile     the file the connector reads
     * @param slice           PROTOCOL slice (all, train, validation, test)
     * @param swipesPerSecond rate limit, 0 = as fast as the broker takes them
     */
    public void startReplay(Path ratingsFile, String slice, String topic, double swipesPerSecond) throws InterruptedException {
        Map<String, String> c = new HashMap<>();
        c.put("name", CONNECTOR_NAME);
        c.put("connector.class", MovieLensSourceConnector.class.getName());
        c.put("tasks.max", "1");
        c.put("key.converter", BYTE_ARRAY_CONVERTER);
        c.put("value.converter", BYTE_ARRAY_CONVERTER);
        c.put(MovieLensSourceConfig.FILE_CONFIG, ratingsFile.toAbsolutePath().toString());
        c.put(MovieLensSourceConfig.SLICE_CONFIG, slice);
        c.put(MovieLensSourceConfig.TOPIC_CONFIG, topic);
        c.put(MovieLensSourceConfig.MAX_SWIPES_PER_SECOND_CONFIG, String.format(Locale.ROOT, "%.3f", swipesPerSecond));
        FutureCallback<Herder.Created<ConnectorInfo>> done = new FutureCallback<>();
        connect.herder().putConnectorConfig(CONNECTOR_NAME, c, true, done);
        try {
            done.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the Connect worker refused connector " + CONNECTOR_NAME + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the Connect worker did not accept connector " + CONNECTOR_NAME + " within "
                    + TIMEOUT.toSeconds() + " s", e);
        }
    }

    /** "RUNNING [0:RUNNING]" or the failure trace of the connector and its task. */
    public String status() {
        try {
            var s = connect.herder().connectorStatus(CONNECTOR_NAME);
            StringBuilder sb = new StringBuilder(s.connector().state());
            s.tasks().forEach(t -> sb.append(" task ").append(t.id()).append(':').append(t.state())
                    .append(t.trace() == null ? "" : " " + t.trace().lines().findFirst().orElse("")));
            return sb.toString();
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** True when the connector or its task failed. */
    public boolean failed() {
        return status().contains("FAILED");
    }

    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }
}
