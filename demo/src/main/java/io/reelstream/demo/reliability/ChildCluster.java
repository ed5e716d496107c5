package io.reelstream.demo.reliability;

import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The brokers of a scenario, each in a JVM of its own: one node on a free port, or a KRaft cluster of
 * {@code n} combined broker+controller nodes with a static quorum (replication min(3, n), min.insync 2
 * with three), whose nodes can be killed and restarted on their data.
 */
final class ChildCluster implements AutoCloseable {
    private final List<ChildBroker> nodes;

    private ChildCluster(List<ChildBroker> nodes) {
        this.nodes = nodes;
    }

    /** {@code n} nodes started together (a node answers only once a quorum of them is up). */
    static ChildCluster start(Path workDir, int n, Duration timeout) throws InterruptedException {
        if (n == 1) return new ChildCluster(List.of(ChildBroker.start(workDir, timeout)));
        int[] ports = freePorts(2 * n);
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < n; i++) voters.add((i + 1) + "@localhost:" + ports[2 * i + 1]);
        String clusterId = Uuid.randomUuid().toString();
        List<ChildBroker> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(ChildBroker.node(workDir, i + 1, n, clusterId, ports[2 * i], ports[2 * i + 1], String.join(",", voters)));
        }
        ChildCluster cluster = new ChildCluster(List.copyOf(nodes));
        try {
            nodes.forEach(ChildBroker::start);
            for (ChildBroker b : nodes) b.awaitUp(timeout);
        } catch (RuntimeException | InterruptedException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Every node's host:port (a client finds the cluster through any that answers). */
    String bootstrapServers() {
        return String.join(",", nodes.stream().map(ChildBroker::bootstrapServers).toList());
    }

    List<ChildBroker> nodes() {
        return nodes;
    }

    /** Node {@code nodeId} (1-based, the KRaft node id). */
    ChildBroker node(int nodeId) {
        return nodes.get(nodeId - 1);
    }

    int size() {
        return nodes.size();
    }

    @Override
    public void close() {
        if (nodes.size() == 1) {
            nodes.get(0).close();
        } else {
            nodes.forEach(ChildBroker::closeNow); // their data lives in the scenario's work dir, deleted with it
        }
    }

    private static int[] freePorts(int n) {
        int[] out = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                held.add(s);
                out[i] = s.getLocalPort();
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("no free local ports for a broker cluster: " + e.getMessage(), e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // released anyway
                }
            }
        }
    }
}
