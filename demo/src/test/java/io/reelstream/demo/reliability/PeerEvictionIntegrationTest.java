package io.reelstream.demo.reliability;

import io.reelstream.demo.lifecycle.TinyMovieLens;
import io.reelstream.demo.stack.ModelStage;
import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.Topics;
import io.reelstream.schemas.serde.AvroSerdes;
import io.reelstream.topology.config.TopologyConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of one of two instances (separate JVMs, real broker) whose session and transaction timeouts
 * are a minute: the killed instance's partitions can only be processing again within the test's wait
 * because the survivor saw its port refuse connections and evicted it (recovery.PeerWatch), fencing
 * its producer and removing its static member. Its swipes are then applied once each.
 */
class PeerEvictionIntegrationTest {
    private static final int PARTITIONS = 4;
    private static final Duration WAIT = Duration.ofSeconds(40);

    @Test
    void aKilledInstanceIsEvictedLongBeforeItsSessionOrTransactionWouldExpire(@TempDir Path dir) throws Exception {
        TinyMovieLens.write(dir.resolve("data"), 80, 60, 11);
        Path run = ModelStage.train(dir.resolve("data"), dir.resolve("models"),
                Map.of("als.factors", "4", "als.iterations", "3", "threads", "1"));
        Map<String, String> slow = Map.of(
                TopologyConfig.SESSION_TIMEOUT_MS_CONFIG, "60000",
                TopologyConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000",
                TopologyConfig.TRANSACTION_TIMEOUT_MS_CONFIG, "60000");
        List<ChildInstance> instances = new ArrayList<>();
        try (ChildBroker broker = ChildBroker.start(dir, Duration.ofSeconds(90));
             Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                     broker.bootstrapServers()))) {
            CrashScenario.createTopics(admin, PARTITIONS);
            ModelStage.publish(run, broker.bootstrapServers());
            for (int i = 0; i < 2; i++) instances.add(ChildInstance.create(i, dir, broker.bootstrapServers(), slow));
            instances.forEach(ChildInstance::start);
            for (ChildInstance in : instances) assertTrue(in.awaitHealthy(Duration.ofSeconds(120)), in.logTail(3000));
            ChildInstance survivor = instances.get(0), victim = instances.get(1);
            GroupOwnership group = new GroupOwnership(admin, TopologyConfig.DEFAULT_APPLICATION_ID, Topics.SWIPES_TOPIC);
            Set<Integer> owned = awaitOwned(group, victim);

            try (ListWatcher watcher = new ListWatcher(broker.bootstrapServers(), Topics.RECOMMENDATIONS_TOPIC,
                    Topics.SWIPES_DLQ_TOPIC, PARTITIONS);
                 KafkaProducer<Integer, Swipe> producer = new KafkaProducer<>(Map.of(
                         ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                         ProducerConfig.ACKS_CONFIG, "all"),
                         new IntegerSerializer(), AvroSerdes.serde(Swipe.class).serializer())) {
                watcher.start();
                victim.kill9();
                long killedAt = System.nanoTime();
                int[] users = SwipeLoad.probeUsers(PARTITIONS);
                List<String> sent = new ArrayList<>();
                for (int p : owned) {
                    String id = "after-kill-" + p;
                    producer.send(new ProducerRecord<>(Topics.SWIPES_TOPIC, users[p], Swipe.newBuilder().setEventId(id)
                            .setUserId(users[p]).setMovieId(1).setPreference(1).setBucket(null)
                            .setEventTime(System.currentTimeMillis()).setSource("peer-eviction-test").build())).get();
                    sent.add(id);
                }
                long back = watcher.awaitFirstListsAfter(owned, killedAt, WAIT);
                assertTrue(back > 0, "no list on the killed instance's partitions " + owned + " within " + WAIT.toSeconds()
                        + " s, with a 60 s session and transaction timeout: it was not evicted. Survivor's log:\n"
                        + survivor.logTail(4000));
                assertTrue(watcher.awaitAll(sent, WAIT), "every swipe sent after the kill has a list");
                for (String id : sent) assertEquals(1, watcher.lists(id), "applied once: " + id);
                String metrics = survivor.get("/metrics").body();
                assertFalse(metrics.contains("reelstream_peer_evictions_total 0"), "the survivor counted its eviction");
                assertTrue(metrics.contains("reelstream_peer_evictions_total 1"), metrics);
            }
        } finally {
            instances.forEach(ChildInstance::close);
        }
    }

    /** The victim's partitions once the group has given each instance some. */
    private static Set<Integer> awaitOwned(GroupOwnership group, ChildInstance victim) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Set<Integer>> now = group.assignment();
            Set<Integer> owned = group.partitionsOf(victim.groupInstanceId());
            if (now.size() == 2 && now.values().stream().mapToInt(Set::size).sum() == PARTITIONS && !owned.isEmpty()) {
                return owned;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the group never gave both instances partitions");
    }
}
