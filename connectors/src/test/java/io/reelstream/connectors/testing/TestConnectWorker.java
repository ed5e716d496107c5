package io.reelstream.connectors.testing;

import io.reelstream.connectors.worker.SingleNodeWorker;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.ConnectorTaskId;
import org.apache.kafka.connect.util.FutureCallback;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real distributed Kafka Connect worker in this JVM ({@code ConnectDistributed.startConnect}, the
 * same code path as {@code connect-distributed.sh}), with exactly-once source support on.
 * Two workers started with the same {@code groupId} share config, offsets and status topics, so
 * stopping one and starting another is a worker restart.
 */
public final class TestConnectWorker implements AutoCloseable {
    public static final String BYTE_ARRAY_CONVERTER = SingleNodeWorker.BYTE_ARRAY_CONVERTER;
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Connect<DistributedHerder> connect;

    private TestConnectWorker(Connect<DistributedHerder> connect) {
        this.connect = connect;
    }

    public static TestConnectWorker start(String bootstrapServers, String groupId) {
        // startConnect calls Exit.exit(3) if the worker fails to start: a test must fail, not the JVM exit
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("Connect worker wanted to exit with " + code + ": " + message);
        });
        Map<String, String> p = SingleNodeWorker.config(bootstrapServers, groupId);
        // a worker that left is replaced at once instead of after the default 5-minute grace period
        p.put("scheduled.rebalance.max.delay.ms", "0");
        @SuppressWarnings("unchecked")
        Connect<DistributedHerder> connect = (Connect<DistributedHerder>) (Connect<?>) new ConnectDistributed().startConnect(p);
        return new TestConnectWorker(connect);
    }

    public Herder herder() {
        return connect.herder();
    }

    /** Creates (or replaces) a connector and waits until the herder accepted it. */
    public void putConnector(String name, Map<String, String> config) throws Exception {
        FutureCallback<Herder.Created<org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo>> done = new FutureCallback<>();
        Map<String, String> full = new HashMap<>(config);
        full.put("name", name);
        herder().putConnectorConfig(name, full, true, done);
        done.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void restartTask(String connector, int task) throws Exception {
        FutureCallback<Void> done = new FutureCallback<>();
        herder().restartTask(new ConnectorTaskId(connector, task), done);
        done.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until the connector and {@code tasks} tasks are RUNNING on this worker's cluster. */
    public void awaitRunning(String connector, int tasks) {
        awaitCondition("connector " + connector + " and " + tasks + " task(s) RUNNING", () -> {
            try {
                ConnectorStateInfo status = herder().connectorStatus(connector);
                return "RUNNING".equals(status.connector().state()) && status.tasks().size() == tasks
                        && status.tasks().stream().allMatch(t -> "RUNNING".equals(t.state()));
            } catch (RuntimeException notYetKnown) {
                return false;
            }
        }, () -> {
            try {
                ConnectorStateInfo status = herder().connectorStatus(connector);
                return status.connector().state() + " " + status.tasks().stream()
                        .map(t -> t.id() + ":" + t.state() + (t.trace() == null ? "" : " " + t.trace())).toList();
            } catch (RuntimeException e) {
                return e.toString();
            }
        });
    }

    public static void awaitCondition(String what, BooleanSupplier condition, java.util.function.Supplier<Object> state) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + TIMEOUT + " waiting for " + what + "; state: " + state.get());
            }
            try {
                Thread.sleep(100); // polling interval of a bounded wait, not a guess at a duration
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }
}
