package io.reelstream.topology;

import io.reelstream.topology.config.TopologyConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the topology's topics if missing: swipes and user-seeds with the same partition count
 * (they share the user-state store, so they must be co-partitioned), item-embeddings and user-seeds
 * compacted, recommendations with the swipes' partitions, the dead-letter topic with one.
 */
public final class TopicSetup {
    private TopicSetup() {}

    public static void createIfMissing(Admin admin, TopologyConfig config, int partitions, short replication) {
        Map<String, String> compact = Map.of("cleanup.policy", "compact");
        List<NewTopic> topics = new ArrayList<>(List.of(
                new NewTopic(config.swipesTopic(), partitions, replication),
                new NewTopic(config.userSeedsTopic(), partitions, replication).configs(compact),
                new NewTopic(config.itemEmbeddingsTopic(), 1, replication).configs(compact),
                new NewTopic(config.recommendationsTopic(), partitions, replication),
                new NewTopic(config.swipesDlqTopic(), 1, replication)));
        for (NewTopic t : topics) {
            try {
                admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("creating topic " + t.name() + " failed: " + e.getCause().getMessage(),
                            e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("creating topic " + t.name() + " took over 30 s; is the broker up?", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating " + t.name(), e);
            }
        }
    }
}
