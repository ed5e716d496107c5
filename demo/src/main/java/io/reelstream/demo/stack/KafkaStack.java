package io.reelstream.demo.stack;

import io.reelstream.embedded.EmbeddedKafkaCluster;
import io.reelstream.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;

import java.util.Map;

/**
 * The embedded single-node KRaft broker of a run and the topics the replay needs. item-embeddings
 * and user-seeds are created compacted by the trainer's Publisher. Its owner (the demo, replay-eval)
 * closes it last from its own shutdown hook, after the clients, so the cluster's own hook is off.
 */
public final class KafkaStack implements AutoCloseable {
    /** One partition each: one stream task; swipes and user-seeds stay co-partitioned by construction. */
    public static final int PARTITIONS = 1;

    private final EmbeddedKafkaCluster cluster;
    private final Admin admin;

    private KafkaStack(EmbeddedKafkaCluster cluster) {
        this.cluster = cluster;
        this.admin = cluster.admin();
    }

    public static KafkaStack start() {
        EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start();
        cluster.handOverShutdownHook();
        return new KafkaStack(cluster);
    }

    /** swipes, recommendations and swipes-dlq under the given names (replay-eval uses one set per rule). */
    public void createReplayTopics(String swipes, String recommendations, String deadLetters) {
        cluster.createTopic(swipes, PARTITIONS, Map.of());
        cluster.createTopic(recommendations, PARTITIONS, Map.of());
        cluster.createTopic(deadLetters, PARTITIONS, Map.of());
    }

    /** The standard names of ARCHITECTURE.md. */
    public void createStandardTopics() {
        createReplayTopics(Topics.SWIPES_TOPIC, Topics.RECOMMENDATIONS_TOPIC, Topics.SWIPES_DLQ_TOPIC);
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** A shared admin client, closed with the stack. */
    public Admin admin() {
        return admin;
    }

    @Override
    public void close() {
        try {
            admin.close(java.time.Duration.ofSeconds(5));
        } finally {
            cluster.close();
        }
    }
}
