package io.reelstream.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedKafkaClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void start() {
        long t0 = System.nanoTime();
        kafka = EmbeddedKafkaCluster.start();
        System.out.printf("embedded Kafka started in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    @AfterAll
    static void stop() {
        Path dir = kafka.dataDir();
        kafka.close();
        assertFalse(Files.exists(dir), "close() deletes " + dir);
        kafka.close(); // idempotent
    }

    @Test
    void producesAndConsumesARecord() throws Exception {
        kafka.createTopic("plain", 2, Map.of());
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            producer.send(new ProducerRecord<>("plain", "k1", "v1")).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        List<ConsumerRecord<String, String>> read = readAll("plain", 1, "read_uncommitted");
        assertEquals(1, read.size());
        assertEquals("k1", read.get(0).key());
        assertEquals("v1", read.get(0).value());
    }

    @Test
    void createsACompactedTopic() throws Exception {
        kafka.createTopic("compacted", 1, Map.of("cleanup.policy", "compact"));
        try (Admin admin = kafka.admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "compacted");
            Config config = admin.describeConfigs(List.of(resource)).all()
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).get(resource);
            assertEquals("compact", config.get("cleanup.policy").value());
            assertEquals(1, admin.describeTopics(List.of("compacted")).allTopicNames()
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).get("compacted").partitions().size());
        }
        IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> kafka.createTopic("compacted", 1, Map.of()));
        assertTrue(twice.getMessage().contains("already exists"), twice.getMessage());
    }

    /** Exactly-once needs the transaction coordinator: commit is visible to read_committed, abort is not. */
    @Test
    void supportsTransactions() throws Exception {
        kafka.createTopic("tx", 1, Map.of());
        try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-test"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "a", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "c", "committed"));
            producer.commitTransaction();
        }
        List<ConsumerRecord<String, String>> read = readAll("tx", 1, "read_committed");
        assertEquals(List.of("committed"), read.stream().map(ConsumerRecord::value).toList());
    }

    @Test
    void aTakenFixedPortFailsWithAClearMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> EmbeddedKafkaCluster.start(taken.getLocalPort(), Map.of()));
            assertTrue(e.getMessage().contains("port " + taken.getLocalPort() + " is in use"), e.getMessage());
        }
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.putAll(extra);
        return new KafkaProducer<>(props);
    }

    /** Polls from the beginning until {@code expected} records arrived or {@link #WAIT} passed. */
    private static List<ConsumerRecord<String, String>> readAll(String topic, int expected, String isolation) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
