package io.reelstream.demo;

import io.reelstream.core.model.ModelRunLayout;
import io.reelstream.demo.stack.KafkaStack;
import io.reelstream.demo.stack.TopologyStage;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.Topics;
import io.reelstream.schemas.serde.AvroSerdes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.IntegerSerializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the serving integration tests share: a published run's files read back (popularity order,
 * titles), and one user liking movies in turn through a fresh topology, up to the list the last like
 * caused.
 */
final class ServedList {
    private ServedList() {}

    /**
     * Starts a topology with {@code topologyConfig} on the stack's standard topics, sends {@code user}
     * a like of each movie in order (event ids {@code prefix-0}, {@code prefix-1}, ...), and returns the
     * list the last like caused, as read_committed readers see it.
     */
    static RecommendationList afterLikes(KafkaStack kafka, Map<String, String> topologyConfig, int user,
                                         List<Integer> likes, String prefix, Duration wait) throws Exception {
        String lastEvent = prefix + "-" + (likes.size() - 1);
        try (TopologyStage topology = TopologyStage.start(kafka.bootstrapServers(), kafka.admin(), topologyConfig);
             ReplayTopicsReader topics = new ReplayTopicsReader(kafka.bootstrapServers(), Topics.SWIPES_TOPIC,
                     Topics.RECOMMENDATIONS_TOPIC, Topics.SWIPES_DLQ_TOPIC);
             KafkaProducer<Integer, Swipe> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                     new IntegerSerializer(), AvroSerdes.serde(Swipe.class).serializer())) {
            for (int i = 0; i < likes.size(); i++) {
                producer.send(new ProducerRecord<>(Topics.SWIPES_TOPIC, user, Swipe.newBuilder()
                        .setEventId(prefix + "-" + i).setUserId(user).setMovieId(likes.get(i)).setPreference(1)
                        .setBucket(null).setEventTime(1_000_000L + 1000L * i).setSource("it").build()));
            }
            producer.flush();
            topics.pollUntil("a list for each of the " + likes.size() + " swipes",
                    () -> topics.lists().stream().anyMatch(l -> l.getCauseEventId().equals(lastEvent)), wait);
            return topics.lists().stream().filter(l -> l.getCauseEventId().equals(lastEvent)).findFirst().orElseThrow();
        }
    }

    /** Movie ids of the run's popularity file, most popular first. */
    static List<Integer> popularMovies(Path run) throws Exception {
        List<Integer> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(run.resolve(ModelRunLayout.POPULARITY), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) out.add(Integer.parseInt(line.split("\t", 2)[0]));
        return out;
    }

    /** movieId → title, from the run's items file. */
    static Map<Integer, String> titles(Path run) throws Exception {
        Map<Integer, String> out = new HashMap<>();
        List<String> lines = Files.readAllLines(run.resolve(ModelRunLayout.ITEMS), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            out.put(Integer.parseInt(f[0]), f[1]);
        }
        return out;
    }
}
