package io.reelstream.topology;

import io.reelstream.logging.LogSetup;
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
        System.exit(run(args));
    }

    /**
     * Starts the instance and returns once it stopped (Ctrl-C): 0; 2 after one line naming a bad
     * flag, key or value (nothing started).
     */
    public static int run(String... args) throws InterruptedException {
        TopologyConfig config;
        try {
            config = TopologyConfig.load(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("reelstream topology: " + e.getMessage());
            return 2;
        }
        LogSetup.useFormat(config.logFormat().isEmpty() ? LogSetup.format() : config.logFormat());
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
        return 0;
    }

    /** For {@code --help} (a picocli footer: %n for new lines): how keys are given, then every key with its default. */
    public static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("Runs one recommender instance (Kafka Streams topology + REST) until Ctrl-C.%n");
        sb.append("Keys: --KEY=VALUE flags, --config FILE (properties), REELSTREAM_<KEY> env vars (dots as _); flags win.%n%n");
        TopologyConfig.defaultConfig().asMap().forEach((k, v) -> sb.append(String.format("  %-36s default %s%n", k,
                v.isEmpty() ? "<unset>" : v).replace("%", "%%")));
        return sb.toString();
    }
}
