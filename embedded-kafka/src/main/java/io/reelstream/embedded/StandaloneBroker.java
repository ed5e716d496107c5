package io.reelstream.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an {@link EmbeddedKafkaCluster} on its own, until Ctrl-C: a broker in a separate JVM for
 * load measurements (the streaming figures' {@code --bootstrap-servers localhost:39092}) or for trying the CLIs
 * without Docker. Its data lives in a temp directory, deleted on exit.
 * <pre>
 *   java -cp demo/target/reelstream-demo.jar io.reelstream.embedded.StandaloneBroker [port]   (default 9092)
 * </pre>
 * Or one node of a multi-node KRaft cluster ({@link EmbeddedKafkaCluster.NodeSpec}), each node in a JVM
 * of its own, its data kept in {@code --data-dir} so that a killed node can be started again on it
 * ({@code bin/reliability}'s broker bounce):
 * <pre>
 *   ... StandaloneBroker --node-id=1 --nodes=3 --cluster-id=ID --port=39092 --controller-port=39093 \
 *       --voters=1@localhost:39093,2@localhost:39193,3@localhost:39293 --data-dir=/tmp/node-1
 * </pre>
 */
public final class StandaloneBroker {
    private static final List<String> NODE_KEYS = List.of("node-id", "nodes", "cluster-id", "port", "controller-port",
            "voters", "data-dir");
    private static final String USAGE = "usage: StandaloneBroker [port]   a single-node KRaft broker on localhost:port"
            + " (default 9092) until Ctrl-C; data in a temp dir, deleted on exit\n"
            + "       StandaloneBroker --node-id=N --nodes=M --cluster-id=ID --port=P --controller-port=C"
            + " --voters=1@localhost:C1,... --data-dir=DIR   one node of an M-node cluster, data kept in DIR";

    private StandaloneBroker() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].startsWith("--node-id")) {
            System.exit(node(args)); // returns only when the node could not start
        }
        if (args.length > 1 || (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h")))) {
            System.out.println(USAGE);
            System.exit(args.length > 1 ? 2 : 0);
        }
        int port = 9092;
        if (args.length == 1) {
            try {
                port = Integer.parseInt(args[0]);
            } catch (NumberFormatException e) {
                System.err.println("error: port must be a number 0..65535 (0 = a free port), got '" + args[0] + "'");
                System.exit(2);
            }
        }
        EmbeddedKafkaCluster cluster;
        try {
            cluster = EmbeddedKafkaCluster.start(port, java.util.Map.of());
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println("broker up at " + cluster.bootstrapServers() + " (data in " + cluster.dataDir()
                + "); Ctrl-C stops it and deletes the data");
        Thread.currentThread().join(); // the cluster's shutdown hook stops it on exit
    }

    /** Runs one cluster node until the JVM exits; returns an exit code only when it cannot start (2 bad flags, 1 failed). */
    private static int node(String[] args) throws InterruptedException {
        EmbeddedKafkaCluster.NodeSpec spec;
        try {
            spec = nodeSpec(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        EmbeddedKafkaCluster node;
        try {
            node = EmbeddedKafkaCluster.startNode(spec, Map.of());
        } catch (RuntimeException e) {
            System.err.println("error: node " + spec.nodeId() + " did not start: " + e.getMessage());
            return 1;
        }
        System.out.println("broker up at " + node.bootstrapServers() + " (node " + spec.nodeId() + " of " + spec.clusterSize()
                + ", data in " + spec.dataDir() + ", kept on exit)");
        Thread.currentThread().join();
        return 0;
    }

    /** Parses the {@code --key=value} flags of one cluster node; every key is required. */
    static EmbeddedKafkaCluster.NodeSpec nodeSpec(String[] args) {
        Map<String, String> v = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            String key = a.startsWith("--") && eq > 2 ? a.substring(2, eq) : null;
            if (key == null || !NODE_KEYS.contains(key)) {
                throw new IllegalArgumentException("'" + a + "' is not one of --" + String.join("=, --", NODE_KEYS) + "=");
            }
            v.put(key, a.substring(eq + 1));
        }
        for (String k : NODE_KEYS) if (!v.containsKey(k)) throw new IllegalArgumentException("--" + k + "= is missing");
        return new EmbeddedKafkaCluster.NodeSpec(number(v, "node-id"), v.get("cluster-id"), number(v, "port"),
                number(v, "controller-port"), v.get("voters"), number(v, "nodes"), Path.of(v.get("data-dir")));
    }

    private static int number(Map<String, String> v, String key) {
        try {
            return Integer.parseInt(v.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a number, got '" + v.get(key) + "'");
        }
    }
}
