package io.reelstream.connectors.cli;

import io.reelstream.connectors.testing.Recommendations;
import io.reelstream.embedded.EmbeddedKafkaCluster;
import io.reelstream.schemas.ItemEmbedding;
import io.reelstream.schemas.ModelKeys;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.serde.AvroSerdes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ProduceSwipes and TailRecommendations against a real broker. */
class CliIntegrationTest {
    static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaCluster.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) kafka.close();
    }

    @Test
    void produceSwipesSendsGoodLinesAndReportsBadOnesByLineNumber() {
        kafka.createTopic("swipes-cli", 1, Map.of());
        String input = "{\"userId\":1,\"movieId\":2,\"rating\":4.5}\n"
                + "not json\n"
                + "\n"
                + "{\"userId\":3,\"movieId\":4,\"preference\":-1,\"eventTime\":1000}\n"
                + "{\"userId\":3}\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ProduceSwipes.run(new String[] {"--bootstrap-servers", kafka.bootstrapServers(), "--topic", "swipes-cli"},
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), new PrintStream(out), new PrintStream(err));
        String errors = err.toString(StandardCharsets.UTF_8);
        assertEquals(ProduceSwipes.EXIT_SOME_LINES_SKIPPED, exit, errors);
        assertTrue(errors.contains("stdin:2: not JSON"), errors);
        assertTrue(errors.contains("stdin:5: needs an integer movieId"), errors);
        assertTrue(errors.contains("sent 2 swipe(s) to swipes-cli"), errors);

        List<Swipe> swipes = new ArrayList<>();
        try (KafkaConsumer<Integer, Swipe> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new IntegerDeserializer(), AvroSerdes.serde(Swipe.class).deserializer())) {
            TopicPartition tp = new TopicPartition("swipes-cli", 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (swipes.size() < 2 && System.nanoTime() < deadline) {
                for (ConsumerRecord<Integer, Swipe> r : consumer.poll(Duration.ofMillis(200))) {
                    assertEquals(r.value().getUserId(), r.key());
                    swipes.add(r.value());
                }
            }
        }
        assertEquals(2, swipes.size());
        assertEquals(2, swipes.get(0).getPreference());
        assertEquals("cli:3:4:1000", swipes.get(1).getEventId());
    }

    @Test
    void tailRecommendationsPrintsListsWithTitlesFromTheEmbeddingsTopic() throws Exception {
        kafka.createTopic("recommendations-cli", 1, Map.of());
        kafka.createTopic("item-embeddings-cli", 1, Map.of("cleanup.policy", "compact"));
        RecommendationList list = Recommendations.list(42, 7_000, "run_t");
        int movie = list.getItems().get(0).getMovieId();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            var strings = new org.apache.kafka.common.serialization.StringSerializer();
            var ints = new IntegerSerializer();
            ItemEmbedding heat = ItemEmbedding.newBuilder().setModelVersion("run_t").setMovieId(movie)
                    .setFactors(List.of(0.1f, 0.2f)).setTitle("Heat").setYear(1995).setGenres(List.of("Crime"))
                    .setPopularityScore(1.0).setPopularityRank(1).setContentNeighbours(List.of()).build();
            var embeddings = AvroSerdes.serde(ItemEmbedding.class).serializer();
            producer.send(new ProducerRecord<>("item-embeddings-cli", strings.serialize("", ModelKeys.itemKey("run_t", movie)),
                    embeddings.serialize("item-embeddings-cli", heat)));
            producer.send(new ProducerRecord<>("item-embeddings-cli", strings.serialize("", ModelKeys.markerKey("run_t")),
                    embeddings.serialize("item-embeddings-cli",
                            ModelKeys.markerRecord(ModelKeys.version("run_t", 1, 0, 2)))));
            var lists = AvroSerdes.serde(RecommendationList.class).serializer();
            producer.send(new ProducerRecord<>("recommendations-cli", ints.serialize("", 41), lists.serialize("recommendations-cli",
                    Recommendations.list(41, 6_000, "run_t"))));
            producer.send(new ProducerRecord<>("recommendations-cli", ints.serialize("", 42),
                    lists.serialize("recommendations-cli", list)));
            producer.flush();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = TailRecommendations.run(new String[] {"--bootstrap-servers", kafka.bootstrapServers(),
                "--topic", "recommendations-cli", "--titles-from-topic=item-embeddings-cli", "--from-beginning",
                "--user", "42", "--max-messages", "1"}, new PrintStream(out), new PrintStream(err));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(TailRecommendations.EXIT_OK, exit, err.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("loaded 1 titles"), err.toString(StandardCharsets.UTF_8));
        assertTrue(text.startsWith("user 42  vector  model run_t"), text);
        assertTrue(text.contains("1. Heat (1995)"), text);
        assertTrue(!text.contains("user 41"), text);
    }

    @Test
    void usageErrorsExitWithTwoAndHelpWithZero() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, ProduceSwipes.run(new String[] {"--bogus"}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option '--bogus'"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, TailRecommendations.run(new String[] {"--help"}, new PrintStream(out), new PrintStream(err)));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--titles-from-topic"));
        assertEquals(2, TailRecommendations.run(new String[] {"--movies", "a.csv", "--titles-from-topic"},
                new PrintStream(out), new PrintStream(err)));
    }
}
