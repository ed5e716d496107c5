package io.reelstream.topology;

import io.reelstream.topology.config.TopologyConfig;

import java.util.concurrent.CountDownLatch;

/**
 * Runs one recommender instance until Ctrl-C. Only wires and stops:
 * <pre>
 *   java -cp topology.jar io.reelstream.topology.TopologyApp --bootstrap.servers=localhost:9092 --rest.port=7070
 *   REELSTREAM_UPDATE_RULE=gradient java ... TopologyApp --config instance.properties
 * </pre>
 * Every key and its default: TopologyConfig; the effective config is printed at start.
 */
public final class TopologyApp {
    private TopologyApp() {}

    public static void main(String[] args) throws InterruptedException {
        TopologyConfig config;
        try {
            config = TopologyConfig.load(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("reelstream topology: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.print(config.describe());
        RecommenderInstance instance = RecommenderInstance.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            instance.close();
            stopped.countDown();
        }, "reelstream-shutdown"));
        stopped.await();
    }
}
