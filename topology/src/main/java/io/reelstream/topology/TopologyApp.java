package io.reelstream.topology;

import io.reelstream.topology.config.TopologyConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one recommender instance until Ctrl-C. Only wires and stops:
 * <pre>
 *   java -cp topology.jar io.reelstream.topology.TopologyApp --bootstrap.servers=localhost:9092 --rest.port=7070
 *   REELSTREAM_UPDATE_RULE=gradient java ... TopologyApp --config instance.properties
 *   java ... TopologyApp --topics.create.partitions=4     (dev: create missing topics first)
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
        if (config.createTopicsPartitions() > 0) {
            try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    config.bootstrapServers()))) {
                TopicSetup.createIfMissing(admin, config, config.createTopicsPartitions(), (short) 1);
            }
        }
        RecommenderInstance instance = RecommenderInstance.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            instance.close();
            stopped.countDown();
        }, "reelstream-shutdown"));
        stopped.await();
    }
}
