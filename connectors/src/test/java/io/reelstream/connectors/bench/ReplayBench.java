package io.reelstream.connectors.bench;

import io.reelstream.connectors.source.MovieLensSourceConfig;
import io.reelstream.connectors.source.MovieLensSourceConnector;
import io.reelstream.connectors.testing.TestConnectWorker;
import io.reelstream.embedded.EmbeddedKafkaCluster;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints how fast an unpaced replay of a ratings file goes through a real Connect worker with
 * exactly-once source support: time to the first committed swipe and committed swipes per second
 * after it, as a read_committed consumer sees them. Not a test: it prints numbers.
 * <pre>
 *   mvn -pl connectors exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.reelstream.connectors.bench.ReplayBench \
 *     -Dexec.args="data/ml-latest-small/ratings.csv 500"      # args: ratings file, batch.size
 * </pre>
 */
public final class ReplayBench {
    private ReplayBench() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "data/ml-latest-small/ratings.csv").toAbsolutePath();
        String batchSize = args.length > 1 ? args[1] : Integer.toString(MovieLensSourceConfig.DEFAULT_BATCH_SIZE);
        long expected;
        try (var lines = Files.lines(file)) {
            expected = lines.filter(l -> !l.isBlank()).count() - (file.toString().endsWith(".csv") ? 1 : 0);
        }
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start()) {
            kafka.createTopic("swipes", 1, Map.of());
            try (TestConnectWorker worker = TestConnectWorker.start(kafka.bootstrapServers(), "replay-bench");
                 KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                         ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                         ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                         ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000),
                         new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.assign(List.of(new TopicPartition("swipes", 0)));
                Map<String, String> config = new HashMap<>();
                config.put("connector.class", MovieLensSourceConnector.class.getName());
                config.put("key.converter", TestConnectWorker.BYTE_ARRAY_CONVERTER);
                config.put("value.converter", TestConnectWorker.BYTE_ARRAY_CONVERTER);
                config.put(MovieLensSourceConfig.FILE_CONFIG, file.toString());
                config.put(MovieLensSourceConfig.BATCH_SIZE_CONFIG, batchSize);
                long t0 = System.nanoTime();
                worker.putConnector("replay-bench", config);
                long read = 0;
                long first = 0;
                long deadline = t0 + Duration.ofMinutes(10).toNanos();
                while (read < expected && System.nanoTime() < deadline) {
                    int n = consumer.poll(Duration.ofMillis(200)).count();
                    if (n > 0 && first == 0) first = System.nanoTime();
                    read += n;
                }
                long t1 = System.nanoTime();
                System.out.printf("%s, batch.size %s: %d of %d swipes committed; first after %.1f s, all after %.1f s; "
                                + "%.0f swipes/s from first to last%n", file.getFileName(), batchSize, read, expected,
                        (first - t0) / 1e9, (t1 - t0) / 1e9, read * 1e9 / Math.max(1, t1 - first));
            }
        }
    }
}
