package io.reelstream.embedded;

/**
 * Runs an {@link EmbeddedKafkaCluster} on its own, until Ctrl-C: a broker in a separate JVM for
 * load measurements (the streaming figures' {@code --bootstrap-servers localhost:39092}) or for trying the CLIs
 * without Docker. Its data lives in a temp directory, deleted on exit.
 * <pre>
 *   java -cp demo/target/reelstream-demo.jar io.reelstream.embedded.StandaloneBroker [port]   (default 9092)
 * </pre>
 */
public final class StandaloneBroker {
    private StandaloneBroker() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 1 || (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h")))) {
            System.out.println("usage: StandaloneBroker [port]   a single-node KRaft broker on localhost:port (default 9092)"
                    + " until Ctrl-C; data in a temp dir, deleted on exit");
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
}
