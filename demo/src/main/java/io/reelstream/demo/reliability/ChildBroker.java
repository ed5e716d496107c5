package io.reelstream.demo.reliability;

import io.reelstream.embedded.StandaloneBroker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A KRaft broker ({@link StandaloneBroker}) in its own JVM: a single node on a free port, or one node
 * of a {@link ChildCluster} (fixed ports, data kept in its directory, so that a {@link #kill9()} and
 * {@link #restart} is a broker crash and recovery on the same log).
 */
final class ChildBroker implements AutoCloseable {
    private static final Pattern UP = Pattern.compile("broker up at (\\S+)");

    private final ChildJvm jvm;
    private volatile String bootstrapServers;

    private ChildBroker(ChildJvm jvm) {
        this.jvm = jvm;
    }

    /** Starts a single-node broker on a free port and waits for its "broker up" line. */
    static ChildBroker start(Path workDir, Duration timeout) throws InterruptedException {
        ChildBroker b = new ChildBroker(new ChildJvm("broker", List.of("-Xmx1g"), StandaloneBroker.class.getName(),
                List.of("0"), workDir.resolve("broker.log")));
        b.jvm.start();
        b.awaitUp(timeout);
        return b;
    }

    /** Builds (does not start) node {@code nodeId} of a cluster; see {@link StandaloneBroker}'s --node-id form. */
    static ChildBroker node(Path workDir, int nodeId, int nodes, String clusterId, int port, int controllerPort,
                            String voters) {
        List<String> args = new ArrayList<>(List.of("--node-id=" + nodeId, "--nodes=" + nodes, "--cluster-id=" + clusterId,
                "--port=" + port, "--controller-port=" + controllerPort, "--voters=" + voters,
                "--data-dir=" + workDir.resolve("broker-" + nodeId + "-data")));
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m", "-XX:+UseSerialGC",
                // C1 only: a node restarted on two cores shared with five other JVMs spent 20-32 s starting,
                // most of it C2 compiling, and a partition stalls until its node is back (README, Known limits);
                // C1 alone starts it in 10-13 s, and its throughput is ample at the bounce's rates
                "-XX:TieredStopAtLevel=1",
                // what the cluster did around a kill: fencing, leader elections, ISR changes, transaction coordination
                "-Dlog.level.org.apache.kafka.controller.ReplicationControlManager=info",
                "-Dlog.level.org.apache.kafka.controller.BrokerHeartbeatManager=info",
                "-Dlog.level.org.apache.kafka.controller.ClusterControlManager=info",
                "-Dlog.level.kafka.cluster.Partition=info",
                "-Dlog.level.kafka.coordinator.transaction=info",
                "-Dlog.level.org.apache.kafka.coordinator.transaction=info"));
        String extra = System.getenv("REELSTREAM_BROKER_JAVA_OPTS"); // e.g. -Xlog:gc to see the nodes' pauses
        if (extra != null && !extra.isBlank()) jvm.addAll(List.of(extra.trim().split("\\s+")));
        ChildBroker b = new ChildBroker(new ChildJvm("broker-" + nodeId, jvm,
                StandaloneBroker.class.getName(), args, workDir.resolve("broker-" + nodeId + ".log")));
        b.bootstrapServers = "localhost:" + port;
        return b;
    }

    void start() {
        jvm.start();
    }

    /** Waits for the "broker up" line of the current run (a restart appends to the same log). */
    void awaitUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String log = jvm.logTail(1 << 20);
            Matcher m = UP.matcher(log.substring(Math.max(0, log.lastIndexOf("---- start"))));
            if (m.find()) {
                bootstrapServers = m.group(1);
                return;
            }
            if (!jvm.alive()) break;
            Thread.sleep(100);
        }
        String tail = jvm.logTail(2000);
        jvm.close();
        throw new IllegalStateException(jvm.name() + " did not come up within " + timeout.toSeconds() + " s; its log ("
                + jvm.log() + ") ends:\n" + tail);
    }

    /** SIGKILL: no controlled shutdown, no flush; the node's data stays for {@link #restart()}. */
    void kill9() throws InterruptedException {
        jvm.kill9();
    }

    /** Starts the killed node again on its data. */
    void restart() {
        jvm.start();
    }

    boolean alive() {
        return jvm.alive();
    }

    String name() {
        return jvm.name();
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        jvm.close(); // SIGTERM: its shutdown hook stops it (a single node also deletes its data)
    }

    /** SIGKILL without waiting for a controlled shutdown (a cluster's last nodes have no quorum to confirm one). */
    void closeNow() {
        try {
            jvm.kill9();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
