package io.reelstream.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three KRaft nodes (broker + controller each) form one cluster: a topic gets three replicas and
 * min.insync.replicas 2, writes go on with a node stopped, and the node restarts on its kept data.
 */
class ClusterNodeTest {
    @Test
    void threeNodesReplicateAndANodeRestartsOnItsData() throws Exception {
        long t0 = System.nanoTime();
        Path base = Files.createTempDirectory("reelstream-cluster-test");
        String clusterId = Uuid.randomUuid().toString();
        int[] ports = freePorts(6);
        String voters = "1@localhost:" + ports[1] + ",2@localhost:" + ports[3] + ",3@localhost:" + ports[5];
        List<EmbeddedKafkaCluster.NodeSpec> specs = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            specs.add(new EmbeddedKafkaCluster.NodeSpec(n, clusterId, ports[2 * (n - 1)], ports[2 * (n - 1) + 1], voters, 3,
                    base.resolve("node-" + n)));
        }
        List<CompletableFuture<EmbeddedKafkaCluster>> starting = new ArrayList<>();
        for (EmbeddedKafkaCluster.NodeSpec s : specs) { // a node answers only once a quorum is up: start them together
            starting.add(CompletableFuture.supplyAsync(() -> EmbeddedKafkaCluster.startNode(s, Map.of())));
        }
        List<EmbeddedKafkaCluster> nodes = new ArrayList<>();
        for (CompletableFuture<EmbeddedKafkaCluster> f : starting) nodes.add(f.get(120, TimeUnit.SECONDS));
        String bootstrap = String.join(",", nodes.stream().map(EmbeddedKafkaCluster::bootstrapServers).toList());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000),
                     new StringSerializer(), new StringSerializer())) {
            admin.createTopics(List.of(new NewTopic("t", java.util.Optional.of(2), java.util.Optional.empty()))).all().get(30, TimeUnit.SECONDS);
            TopicDescription d = admin.describeTopics(List.of("t")).allTopicNames().get(30, TimeUnit.SECONDS).get("t");
            assertEquals(3, d.partitions().get(0).replicas().size(), "the broker default replication is 3");
            producer.send(new ProducerRecord<>("t", "k", "before")).get(30, TimeUnit.SECONDS);
            System.out.printf("3-node cluster up and writing after %.1f s%n", (System.nanoTime() - t0) / 1e9);

            // stop a node that is not the active controller (a controller stopping itself waits for a new
            // leader before its broker half may shut down: slow, and not what this test is about)
            int leader = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
            int victim = leader == 3 ? 1 : 2; // index into nodes: node id victim + 1
            nodes.get(victim).close(); // one of three down: two in sync are enough
            assertTrue(Files.isDirectory(specs.get(victim).dataDir()), "a cluster node keeps its data on close");
            producer.send(new ProducerRecord<>("t", "k", "during")).get(60, TimeUnit.SECONDS);

            nodes.set(victim, EmbeddedKafkaCluster.startNode(specs.get(victim), Map.of()));
            producer.send(new ProducerRecord<>("t", "k", "after")).get(60, TimeUnit.SECONDS);
            System.out.printf("node %d stopped and restarted on its data after %.1f s%n", victim + 1, (System.nanoTime() - t0) / 1e9);
        } finally {
            // together: a node stopped after the others has no quorum to confirm its controlled shutdown
            List<CompletableFuture<Void>> stopping = new ArrayList<>();
            for (EmbeddedKafkaCluster n : nodes) stopping.add(CompletableFuture.runAsync(n::close));
            for (CompletableFuture<Void> f : stopping) f.get(120, TimeUnit.SECONDS);
            org.apache.kafka.common.utils.Utils.delete(base.toFile()); // the nodes keep their data: the test removes it
        }
    }

    @Test
    void standaloneNodeFlagsAreCheckedAndNamed() {
        EmbeddedKafkaCluster.NodeSpec s = StandaloneBroker.nodeSpec(new String[] {"--node-id=2", "--nodes=3",
                "--cluster-id=abc", "--port=39092", "--controller-port=39093", "--voters=1@localhost:1", "--data-dir=/tmp/x"});
        assertEquals(2, s.nodeId());
        assertEquals(2, s.minInsync());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> StandaloneBroker.nodeSpec(new String[] {"--node-id=1"}));
        assertTrue(missing.getMessage().contains("--nodes= is missing"), missing.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> StandaloneBroker.nodeSpec(new String[] {"--node-id=4", "--nodes=3", "--cluster-id=abc", "--port=1",
                        "--controller-port=2", "--voters=v", "--data-dir=d"}));
        assertTrue(bad.getMessage().contains("node id must be 1..3, got 4"), bad.getMessage());
    }

    private static int[] freePorts(int n) throws Exception {
        int[] out = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                held.add(s);
                out[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : held) s.close();
        }
        return out;
    }
}
