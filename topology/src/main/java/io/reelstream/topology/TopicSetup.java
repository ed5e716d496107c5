package io.reelstream.topology;

import io.reelstream.topology.config.TopologyConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
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

    /**
     * Fails when swipes and user-seeds differ in partition count: they share the user-state store,
     * and Kafka Streams does not enforce co-partitioning for a shared store, so a seed would land in
     * another task's store than its user's swipes — silently cold users. Missing topics are left to
     * Kafka Streams' own check.
     *
     * @throws IllegalStateException naming both counts and the fix
     */
    public static void checkCoPartitioned(Admin admin, TopologyConfig config) {
        Map<String, TopicDescription> d;
        try {
            d = admin.describeTopics(List.of(config.swipesTopic(), config.userSeedsTopic())).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return; // a topic is missing: Kafka Streams reports MissingSourceTopicException with the names
        } catch (TimeoutException e) {
            throw new IllegalStateException("describing " + config.swipesTopic() + " and " + config.userSeedsTopic()
                    + " took over 30 s on " + config.bootstrapServers() + "; is the broker up?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topics", e);
        }
        int swipes = d.get(config.swipesTopic()).partitions().size();
        int seeds = d.get(config.userSeedsTopic()).partitions().size();
        if (swipes != seeds) {
            throw new IllegalStateException("topic " + config.swipesTopic() + " has " + swipes + " partitions but "
                    + config.userSeedsTopic() + " has " + seeds + "; they share the user-state store and must be "
                    + "co-partitioned by userId: recreate " + config.userSeedsTopic() + " with " + swipes
                    + " partitions (or publish with --partitions " + swipes + ")");
        }
    }

    /**
     * The single-partition compacted topics every instance mirrors into a global store
     * (item-neighbours, model-registry, experiments) and the online-metrics output: Kafka Streams
     * will not start with a global source topic missing, and a deployment without the item-to-item
     * model or the lifecycle simply leaves them empty. Replication is the broker's default.
     */
    public static void ensureModelTopics(Admin admin, TopologyConfig config) {
        Map<String, String> compact = Map.of("cleanup.policy", "compact");
        List<NewTopic> topics = new ArrayList<>();
        for (String name : List.of(config.itemEmbeddingsTopic(), config.itemNeighboursTopic(), config.modelRegistryTopic(),
                config.experimentsTopic(), config.onlineMetricsTopic())) {
            topics.add(new NewTopic(name, java.util.Optional.of(1), java.util.Optional.empty()).configs(compact));
        }
        topics.add(new NewTopic(config.onlineMetricPartialsTopic(), java.util.Optional.of(1), java.util.Optional.empty())
                .configs(compact)); // keys '<scope>#<partition>' carry cumulative counts: the newest per key is all that matters
        create(admin, topics);
    }

    public static void createIfMissing(Admin admin, TopologyConfig config, int partitions, short replication) {
        Map<String, String> compact = Map.of("cleanup.policy", "compact");
        List<NewTopic> topics = new ArrayList<>(List.of(
                new NewTopic(config.swipesTopic(), partitions, replication),
                new NewTopic(config.userSeedsTopic(), partitions, replication).configs(compact),
                new NewTopic(config.itemEmbeddingsTopic(), 1, replication).configs(compact),
                new NewTopic(config.recommendationsTopic(), partitions, replication),
                new NewTopic(config.swipesDlqTopic(), 1, replication)));
        create(admin, topics);
        ensureModelTopics(admin, config);
    }

    private static void create(Admin admin, List<NewTopic> topics) {
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
