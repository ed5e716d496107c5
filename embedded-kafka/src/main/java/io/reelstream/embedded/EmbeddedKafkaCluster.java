package io.reelstream.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real single-node Kafka 4.1 cluster in this JVM: one KRaft process that is both broker and
 * controller ({@code process.roles=broker,controller}), storing everything in a temp directory
 * that {@link #close()} deletes. For the integration tests of every module and for the demo.
 *
 * <p>Start-up is the same as {@code kafka-storage.sh format} followed by {@code kafka-server-start.sh}:
 * the metadata log is formatted with Kafka's {@link Formatter} (latest production metadata version,
 * so transactions v2 / exactly-once v2 and the consumer-group protocol are on), then a
 * {@link KafkaRaftServer} is started. Internal topics have replication factor 1 and min ISR 1 so
 * transactions and consumer groups work on one node; the initial rebalance delay is 0.
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start()) {
 *     kafka.createTopic("item-embeddings", 1, Map.of("cleanup.policy", "compact"));
 *     props.put("bootstrap.servers", kafka.bootstrapServers());
 *     ...
 * }
 * }</pre>
 *
 * Server logs stay at WARN through the logging module's configuration (every library from WARN up).
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);

    public static final String BROKER_LISTENER = "PLAINTEXT";
    public static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int NODE_ID = 1;
    /** A free port found by binding port 0 may be taken by someone else before Kafka binds it. */
    private static final int START_ATTEMPTS = 3;
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final Path baseDir;
    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Thread deleteOnExit;
    /** A node of a multi-node cluster keeps its data: it is restarted on it after a crash. */
    private final boolean keepData;
    private boolean closed;

    private EmbeddedKafkaCluster(Path baseDir, KafkaRaftServer server, String bootstrapServers, boolean keepData) {
        this.baseDir = baseDir;
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.keepData = keepData;
        // Deletes the data dir if the JVM exits without close() (a demo stopped with Ctrl-C).
        this.deleteOnExit = new Thread(this::stopAndDelete, "embedded-kafka-shutdown");
        Runtime.getRuntime().addShutdownHook(deleteOnExit);
    }

    /** Starts a broker with the defaults of {@link #brokerConfig}. */
    public static EmbeddedKafkaCluster start() {
        return start(Map.of());
    }

    /**
     * Starts a broker; {@code overrides} replace or add broker configs (e.g. {@code num.partitions}).
     * Blocks until the broker is registered, unfenced and answers an admin request.
     */
    public static EmbeddedKafkaCluster start(Map<String, String> overrides) {
        return start(0, overrides);
    }

    /**
     * Starts a broker whose client listener is {@code localhost:brokerPort} (0 = a free port), e.g.
     * 9092 for a demo that command-line tools should find. A taken fixed port fails at once.
     */
    public static EmbeddedKafkaCluster start(int brokerPort, Map<String, String> overrides) {
        if (brokerPort < 0 || brokerPort > 65535) throw new IllegalArgumentException("broker port must be 0..65535, got " + brokerPort);
        if (brokerPort != 0 && !isFree(brokerPort)) throw portInUse(brokerPort, null);
        RuntimeException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(brokerPort == 0 ? freePort() : brokerPort, overrides);
            } catch (RuntimeException e) {
                if (!causedByBind(e)) throw e;
                if (brokerPort != 0) throw portInUse(brokerPort, e);
                last = e;
                log.warn("embedded Kafka: port taken before the broker bound it (attempt {}/{}), retrying",
                        attempt, START_ATTEMPTS);
            }
        }
        throw last;
    }

    private static EmbeddedKafkaCluster startOnce(int brokerPort, Map<String, String> overrides) {
        long t0 = System.nanoTime();
        Path baseDir;
        try {
            baseDir = Files.createTempDirectory("reelstream-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir for the embedded broker under "
                    + System.getProperty("java.io.tmpdir") + "; check free space and permissions", e);
        }
        int controllerPort = freePort();
        Map<String, String> props = brokerConfig(baseDir, brokerPort, controllerPort);
        props.putAll(overrides);
        KafkaRaftServer server = null;
        try {
            KafkaConfig config = new KafkaConfig(props, false);
            format(config, props, NODE_ID, Uuid.randomUuid().toString(), false);
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            String bootstrap = "localhost:" + brokerPort;
            EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(baseDir, server, bootstrap, false);
            cluster.awaitReady();
            log.info("embedded Kafka up at {} in {} ms (data in {})", bootstrap,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), baseDir);
            return cluster;
        } catch (RuntimeException e) {
            if (server != null) {
                try {
                    server.shutdown();
                    server.awaitShutdown();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            deleteQuietly(baseDir);
            throw e;
        }
    }

    /**
     * The broker configuration: one combined node, PLAINTEXT on localhost, internal topics sized for
     * one node, few threads (tests share small machines).
     */
    static Map<String, String> brokerConfig(Path baseDir, int brokerPort, int controllerPort) {
        Map<String, String> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        p.put("listeners", BROKER_LISTENER + "://localhost:" + brokerPort + ","
                + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://localhost:" + brokerPort);
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("log.dirs", baseDir.resolve("data").toString());
        p.put("metadata.log.dir", baseDir.resolve("metadata").toString());
        // One node: every internal topic has one replica, and one in-sync replica is enough.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("num.partitions", "1");
        // Tests and the demo want a group to start consuming at once, not after 3 s.
        p.put("group.initial.rebalance.delay.ms", "0");
        // Small machines: fewer threads and a 2 MB (not 128 MB) log-cleaner dedupe buffer.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        // Registration and unfencing ride on heartbeats: a faster heartbeat makes start-up faster.
        p.put("broker.heartbeat.interval.ms", "500");
        // Exactly-once apps commit every ~20 ms: a transaction's first write to a partition often
        // arrives while the previous one's markers are still being written, and the broker retries
        // adding the partition after this backoff (default 20 ms, up to 100 ms: the swipe → list
        // latency tail). A few ms keeps that wait as short as the markers themselves.
        p.put("add.partitions.to.txn.retry.backoff.ms", "2");
        // A killed exactly-once instance leaves its transaction open; past transaction.timeout.ms the
        // coordinator aborts it, but only when it next scans (default every 10 s): until then every
        // read_committed reader of those partitions waits. Scan every second (README "Recovery").
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        return p;
    }

    /**
     * One node of a KRaft cluster of {@code clusterSize} combined broker+controller nodes with a static
     * quorum ({@code quorumVoters}: {@code 1@localhost:9093,2@localhost:9094,...}), for tests of broker
     * failures: every node is started in a JVM of its own with the same {@code clusterId} and voters,
     * and can be killed and started again on its {@code dataDir}, which {@link #close()} leaves in
     * place. Ports are fixed (the voters name them); the data dir is formatted on first start only.
     */
    public record NodeSpec(int nodeId, String clusterId, int brokerPort, int controllerPort, String quorumVoters,
                           int clusterSize, Path dataDir) {
        public NodeSpec {
            if (clusterSize < 1) throw new IllegalArgumentException("cluster size must be >= 1, got " + clusterSize);
            if (nodeId < 1 || nodeId > clusterSize) {
                throw new IllegalArgumentException("node id must be 1.." + clusterSize + ", got " + nodeId);
            }
            if (brokerPort < 1 || brokerPort > 65535 || controllerPort < 1 || controllerPort > 65535) {
                throw new IllegalArgumentException("a cluster node needs fixed ports 1..65535, got broker " + brokerPort
                        + " and controller " + controllerPort);
            }
        }

        /** Replicas of every topic and internal topic: three at most. */
        public int replication() {
            return Math.min(3, clusterSize);
        }

        /** min.insync.replicas: a write survives one lost replica when there are three. */
        public int minInsync() {
            return replication() >= 3 ? 2 : 1;
        }
    }

    /**
     * Starts one node of a multi-node cluster (see {@link NodeSpec}); returns once this node answers an
     * admin request, which needs a quorum: start the other nodes at the same time.
     */
    public static EmbeddedKafkaCluster startNode(NodeSpec node, Map<String, String> overrides) {
        Map<String, String> props = brokerConfig(node.dataDir(), node.brokerPort(), node.controllerPort());
        props.put("node.id", Integer.toString(node.nodeId()));
        props.put("controller.quorum.voters", node.quorumVoters());
        String rf = Integer.toString(node.replication());
        String isr = Integer.toString(node.minInsync());
        props.put("offsets.topic.replication.factor", rf);
        props.put("transaction.state.log.replication.factor", rf);
        props.put("transaction.state.log.min.isr", isr);
        props.put("share.coordinator.state.topic.replication.factor", rf);
        props.put("share.coordinator.state.topic.min.isr", isr);
        props.put("default.replication.factor", rf);
        props.put("min.insync.replicas", isr);
        // A killed node's partitions get new leaders once the controller fences it, after this much
        // silence (default 9 s): 3 s, six of its 500 ms heartbeats, as the topology's instances are
        // declared dead after a 6 s session rather than Kafka's 45.
        props.put("broker.session.timeout.ms", "3000");
        props.putAll(overrides);
        try {
            Files.createDirectories(node.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the node's data dir " + node.dataDir(), e);
        }
        KafkaConfig config = new KafkaConfig(props, false);
        format(config, props, node.nodeId(), node.clusterId(), true);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(node.dataDir(), server, "localhost:" + node.brokerPort(), true);
        cluster.awaitReady();
        return cluster;
    }

    /**
     * The equivalent of {@code kafka-storage.sh format -t <cluster id> -c server.properties}; with
     * {@code ignoreFormatted} a node restarted on its data keeps it ({@code --ignore-formatted}).
     */
    private static void format(KafkaConfig config, Map<String, String> props, int nodeId, String clusterId,
                               boolean ignoreFormatted) {
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8))
                .setNodeId(nodeId)
                .setClusterId(clusterId)
                .setDirectories(List.of(props.get("log.dirs"), props.get("metadata.log.dir")))
                .setMetadataLogDirectory(props.get("metadata.log.dir"))
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setIgnoreFormatted(ignoreFormatted);
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("formatting the embedded broker's storage in "
                    + props.get("metadata.log.dir") + " failed: " + e.getMessage(), e);
        }
    }

    /** Waits (bounded) until the broker answers: startup() returns before clients can always connect. */
    private void awaitReady() {
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the embedded broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("embedded broker at " + bootstrapServers
                    + " did not answer describeCluster within " + ADMIN_TIMEOUT, e);
        }
    }

    /** host:port for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** A new admin client on this cluster; the caller closes it. */
    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        return Admin.create(props);
    }

    /**
     * Creates a topic with replication factor 1 and waits until it exists.
     *
     * @param config topic configs, e.g. {@code cleanup.policy=compact}
     * @throws IllegalStateException if the topic exists already or the broker refuses the config
     */
    public void createTopic(String name, int partitions, Map<String, String> config) {
        NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(config);
        try (Admin admin = admin()) {
            admin.createTopics(List.of(topic)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                throw new IllegalStateException("topic " + name + " already exists on " + bootstrapServers, e.getCause());
            }
            throw new IllegalStateException("creating topic " + name + " (" + partitions + " partitions, config "
                    + config + ") failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating topic " + name + " took longer than " + ADMIN_TIMEOUT, e);
        }
    }

    /** Path of the broker's data, deleted by {@link #close()}. */
    public Path dataDir() {
        return baseDir;
    }

    /**
     * For an owner whose own shutdown hook stops the broker's clients first and then calls
     * {@link #close()} (the demo): removes this cluster's hook. The JVM runs hooks concurrently,
     * so both hooks at once stopped the broker under the clients' graceful close ("Graceful stop of
     * task failed" on Ctrl-C). After this call the owner must close the cluster on exit.
     */
    public void handOverShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(deleteOnExit);
        } catch (IllegalStateException jvmShuttingDown) {
            // too late to hand over: the hook runs and finds the broker to stop
        }
    }

    /** Stops the broker and deletes its directory (a {@link #startNode cluster node} keeps it). Safe to call twice. */
    @Override
    public void close() {
        stopAndDelete();
        try {
            Runtime.getRuntime().removeShutdownHook(deleteOnExit);
        } catch (IllegalStateException jvmShuttingDown) {
            // the hook is running or will run; it finds closed == true
        }
    }

    private synchronized void stopAndDelete() {
        if (closed) return;
        closed = true;
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (!keepData) deleteQuietly(baseDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            log.warn("could not delete the embedded broker's directory {}: {}", dir, e.toString());
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port for the embedded broker", e);
        }
    }

    private static IllegalStateException portInUse(int port, Exception cause) {
        return new IllegalStateException("port " + port + " is in use: stop what listens there"
                + " (another broker?) or start the embedded broker on port 0 (a free port)", cause);
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) return true;
            String message = t.getMessage();
            if (message != null && message.contains("Address already in use")) return true;
        }
        return false;
    }
}
