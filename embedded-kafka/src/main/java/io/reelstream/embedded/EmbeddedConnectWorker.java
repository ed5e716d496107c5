package io.reelstream.embedded;

import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.ConnectorTaskId;
import org.apache.kafka.connect.util.FutureCallback;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real distributed Kafka Connect worker in this JVM ({@code ConnectDistributed.startConnect}, the
 * same code path as {@code connect-distributed.sh}) beside an embedded broker: internal topics with
 * replication 1, byte-array converters (the connectors hand over Avro bytes themselves), connectors
 * found on the classpath through META-INF/services, exactly-once source support on. The demo's
 * replay, the connector tests and the Connect replay measurement all run on it. Two workers started
 * with the same {@code groupId} share config, offsets and status topics, so stopping one and
 * starting another is a worker restart.
 *
 * <p>Needs {@code connect-runtime} on the classpath: an optional dependency of this module, declared
 * by the modules that start a worker.
 */
public final class EmbeddedConnectWorker implements AutoCloseable {
    /** The converter of every topic the connectors read or write: bytes in, bytes out. */
    public static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";
    /** How long a connector change or a wait for RUNNING may take before it fails with the worker's view. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Connect<?> connect;

    private EmbeddedConnectWorker(Connect<?> connect) {
        this.connect = connect;
    }

    /** Worker properties for {@code ConnectDistributed.startConnect}; a mutable map the caller may extend. */
    public static Map<String, String> workerConfig(String bootstrapServers, String groupId) {
        Map<String, String> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("group.id", groupId);
        p.put("config.storage.topic", groupId + "-configs");
        p.put("offset.storage.topic", groupId + "-offsets");
        p.put("status.storage.topic", groupId + "-status");
        p.put("config.storage.replication.factor", "1");
        p.put("offset.storage.replication.factor", "1");
        p.put("status.storage.replication.factor", "1");
        p.put("offset.storage.partitions", "1");
        p.put("status.storage.partitions", "1");
        p.put("key.converter", BYTE_ARRAY_CONVERTER);
        p.put("value.converter", BYTE_ARRAY_CONVERTER);
        p.put("listeners", "http://localhost:0"); // REST API on a free port
        p.put("plugin.discovery", "service_load");
        // each batch of records and its source offsets commit in one transaction
        p.put("exactly.once.source.support", "enabled");
        p.put("offset.flush.interval.ms", "500");
        p.put("task.shutdown.graceful.timeout.ms", "5000");
        // a worker that left is replaced at once instead of after the default 5-minute grace period
        p.put("scheduled.rebalance.max.delay.ms", "0");
        return p;
    }

    /** Starts a worker of group {@code groupId} (its REST API on a free localhost port). */
    public static EmbeddedConnectWorker start(String bootstrapServers, String groupId) {
        // startConnect calls Exit.exit(3) when the worker cannot start: fail this start, do not end the JVM
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("the Connect worker could not start (exit " + code + "): " + message);
        });
        return new EmbeddedConnectWorker(new ConnectDistributed().startConnect(workerConfig(bootstrapServers, groupId)));
    }

    public Herder herder() {
        return connect.herder();
    }

    /** Creates (or replaces) connector {@code name} and waits until the worker accepted it. */
    public void putConnector(String name, Map<String, String> config) throws InterruptedException {
        FutureCallback<Herder.Created<ConnectorInfo>> done = new FutureCallback<>();
        Map<String, String> full = new HashMap<>(config);
        full.put("name", name);
        herder().putConnectorConfig(name, full, true, done);
        await(done, "accept connector " + name);
    }

    /** Restarts one task of a connector and waits until the worker did. */
    public void restartTask(String connector, int task) throws InterruptedException {
        FutureCallback<Void> done = new FutureCallback<>();
        herder().restartTask(new ConnectorTaskId(connector, task), done);
        await(done, "restart task " + task + " of " + connector);
    }

    /** "RUNNING task 0:RUNNING", with the first line of each failure trace; "unknown (why)" before the worker knows it. */
    public String status(String connector) {
        try {
            ConnectorStateInfo s = herder().connectorStatus(connector);
            StringBuilder sb = new StringBuilder(s.connector().state());
            s.tasks().forEach(t -> sb.append(" task ").append(t.id()).append(':').append(t.state())
                    .append(t.trace() == null ? "" : " " + t.trace().lines().findFirst().orElse("")));
            return sb.toString();
        } catch (RuntimeException notYetKnown) {
            return "unknown (" + notYetKnown.getMessage() + ")";
        }
    }

    /** True when the connector or one of its tasks failed. */
    public boolean failed(String connector) {
        return status(connector).contains("FAILED");
    }

    /** Waits until the connector and {@code tasks} tasks are RUNNING on this worker's cluster. */
    public void awaitRunning(String connector, int tasks) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!running(connector, tasks)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("connector " + connector + " and " + tasks + " task(s) not RUNNING after "
                        + TIMEOUT.toSeconds() + " s: " + status(connector));
            }
            Thread.sleep(100); // polling interval of a bounded wait
        }
    }

    private boolean running(String connector, int tasks) {
        try {
            ConnectorStateInfo s = herder().connectorStatus(connector);
            return "RUNNING".equals(s.connector().state()) && s.tasks().size() == tasks
                    && s.tasks().stream().allMatch(t -> "RUNNING".equals(t.state()));
        } catch (RuntimeException notYetKnown) {
            return false;
        }
    }

    private static void await(FutureCallback<?> done, String what) throws InterruptedException {
        try {
            done.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the Connect worker refused to " + what + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the Connect worker did not " + what + " within " + TIMEOUT.toSeconds() + " s", e);
        }
    }

    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }
}
