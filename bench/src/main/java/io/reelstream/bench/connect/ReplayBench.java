package io.reelstream.bench.connect;

import io.reelstream.connectors.source.MovieLensSourceConfig;
import io.reelstream.connectors.source.MovieLensSourceConnector;
import io.reelstream.embedded.EmbeddedConnectWorker;
import io.reelstream.embedded.EmbeddedKafkaCluster;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Prints how fast an unpaced replay of a ratings file goes through a real Connect worker with
 * exactly-once source support: time to the first committed swipe and committed swipes per second
 * after it, as a read_committed consumer sees them. Not a test: it prints numbers.
 * <pre>
 *   bin/bench connect-replay [RATINGS_FILE [BATCH_SIZE]]   # default data/ml-latest-small/ratings.csv, the connector's batch.size
 * </pre>
 */
@Command(name = "connect-replay", mixinStandardHelpOptions = true,
        description = "Unpaced replay of a ratings file through a real Connect worker (exactly-once source): "
                + "time to the first committed swipe and committed swipes/s after it.")
public final class ReplayBench implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", defaultValue = "data/ml-latest-small/ratings.csv",
            description = "The ratings file the MovieLens source connector replays. Default: ${DEFAULT-VALUE}.")
    Path ratings;

    @Parameters(index = "1", arity = "0..1", defaultValue = "" + MovieLensSourceConfig.DEFAULT_BATCH_SIZE,
            description = "The connector's batch.size. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        Path file = ratings.toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "no ratings file at " + file);
        }
        long expected;
        try (var lines = Files.lines(file)) {
            expected = lines.filter(l -> !l.isBlank()).count() - (file.toString().endsWith(".csv") ? 1 : 0);
        }
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start()) {
            kafka.createTopic("swipes", 1, Map.of());
            try (EmbeddedConnectWorker worker = EmbeddedConnectWorker.start(kafka.bootstrapServers(), "replay-bench");
                 KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                         ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                         ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                         ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000),
                         new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.assign(List.of(new TopicPartition("swipes", 0)));
                Map<String, String> config = new HashMap<>();
                config.put("connector.class", MovieLensSourceConnector.class.getName());
                config.put("key.converter", EmbeddedConnectWorker.BYTE_ARRAY_CONVERTER);
                config.put("value.converter", EmbeddedConnectWorker.BYTE_ARRAY_CONVERTER);
                config.put(MovieLensSourceConfig.FILE_CONFIG, file.toString());
                config.put(MovieLensSourceConfig.BATCH_SIZE_CONFIG, Integer.toString(batchSize));
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
        return 0;
    }
}
