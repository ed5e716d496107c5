package io.reelstream.connectors.cli;

import io.reelstream.schemas.ItemEmbedding;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.Topics;
import io.reelstream.schemas.serde.AvroSerdes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints the recommendations topic as readable text with movie titles, for people without Connect:
 * <pre>
 *   java -cp reelstream-connectors-cli.jar io.reelstream.connectors.cli.TailRecommendations \
 *        --bootstrap-servers localhost:9092 --movies data/ml-latest-small/movies.csv
 * </pre>
 * Titles come from a MovieLens movies file ({@code --movies}) or from the ItemEmbedding rows of the
 * published model ({@code --titles-from-topic}). No consumer group: it reads, it commits nothing.
 */
public final class TailRecommendations {
    static final String BOOTSTRAP_SERVERS_OPTION = "--bootstrap-servers";
    static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    static final String TOPIC_OPTION = "--topic";
    static final String MOVIES_OPTION = "--movies";
    static final String TITLES_FROM_TOPIC_OPTION = "--titles-from-topic";
    static final String USER_OPTION = "--user";
    static final String MAX_MESSAGES_OPTION = "--max-messages";
    static final String IDLE_TIMEOUT_OPTION = "--idle-timeout-ms";
    static final String FROM_BEGINNING_FLAG = "--from-beginning";
    static final String HELP_FLAG = "--help";
    static final Duration POLL = Duration.ofMillis(500);
    static final Duration TITLES_TIMEOUT = Duration.ofSeconds(60);

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    static final String USAGE = String.join("\n",
            "Usage: TailRecommendations [--bootstrap-servers HOST:PORT] [--topic recommendations]",
            "                           [--movies movies.csv | --titles-from-topic[=item-embeddings]]",
            "                           [--from-beginning] [--user ID] [--max-messages N] [--idle-timeout-ms MS]",
            "",
            "Prints each RecommendationList on the topic as text: a header line per list, then rank, title,",
            "[movieId], score and reason per movie.",
            "",
            "Options:",
            "  --bootstrap-servers  Kafka brokers (default " + DEFAULT_BOOTSTRAP_SERVERS + ")",
            "  --topic              topic to read (default " + Topics.RECOMMENDATIONS_TOPIC + ")",
            "  --movies FILE        titles from a MovieLens movies.csv, movies.dat or u.item",
            "  --titles-from-topic  titles from the published model's ItemEmbedding rows (default topic "
                    + Topics.ITEM_EMBEDDINGS_TOPIC + ")",
            "  --from-beginning     start at the oldest list (default: only new lists)",
            "  --user ID            only this user's lists",
            "  --max-messages N     stop after N lists",
            "  --idle-timeout-ms MS stop after MS ms without a new list (default: run until Ctrl-C)",
            "  --help               this text",
            "Exit status: 0 done, 1 Kafka or file failed, 2 bad usage.");

    private TailRecommendations() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CliArgs cli;
        long maxMessages;
        long idleTimeoutMs;
        Integer user;
        try {
            // --titles-from-topic is a flag, or --titles-from-topic=TOPIC
            cli = CliArgs.parse(args, Set.of(BOOTSTRAP_SERVERS_OPTION, TOPIC_OPTION, MOVIES_OPTION, USER_OPTION,
                    MAX_MESSAGES_OPTION, IDLE_TIMEOUT_OPTION, TITLES_FROM_TOPIC_OPTION),
                    Set.of(FROM_BEGINNING_FLAG, HELP_FLAG, TITLES_FROM_TOPIC_OPTION));
            maxMessages = cli.getLong(MAX_MESSAGES_OPTION, Long.MAX_VALUE);
            idleTimeoutMs = cli.getLong(IDLE_TIMEOUT_OPTION, -1);
            long userValue = cli.getLong(USER_OPTION, Long.MIN_VALUE);
            user = userValue == Long.MIN_VALUE ? null : (int) userValue;
            if (cli.has(MOVIES_OPTION) && cli.has(TITLES_FROM_TOPIC_OPTION)) {
                throw new CliArgs.UsageException("give " + MOVIES_OPTION + " or " + TITLES_FROM_TOPIC_OPTION + ", not both");
            }
        } catch (CliArgs.UsageException e) {
            err.println("TailRecommendations: " + e.getMessage() + " (see --help)");
            return EXIT_USAGE;
        }
        if (cli.has(HELP_FLAG)) {
            out.println(USAGE);
            return EXIT_OK;
        }
        String bootstrap = cli.get(BOOTSTRAP_SERVERS_OPTION, DEFAULT_BOOTSTRAP_SERVERS);
        String topic = cli.get(TOPIC_OPTION, Topics.RECOMMENDATIONS_TOPIC);

        Map<Integer, String> titles = Map.of();
        try {
            if (cli.has(MOVIES_OPTION)) {
                titles = MovieTitles.load(Path.of(cli.get(MOVIES_OPTION)));
                err.println("loaded " + titles.size() + " titles from " + cli.get(MOVIES_OPTION));
            } else if (cli.has(TITLES_FROM_TOPIC_OPTION)) {
                String embeddings = cli.get(TITLES_FROM_TOPIC_OPTION, Topics.ITEM_EMBEDDINGS_TOPIC);
                titles = titlesFromTopic(bootstrap, embeddings);
                err.println("loaded " + titles.size() + " titles from topic " + embeddings);
            }
        } catch (NoSuchFileException e) {
            err.println("TailRecommendations: no movies file " + e.getFile() + " (" + MOVIES_OPTION + ")");
            return EXIT_FAILED;
        } catch (IOException e) {
            err.println("TailRecommendations: reading " + cli.get(MOVIES_OPTION) + " (" + MOVIES_OPTION + ") failed: " + e.getMessage());
            return EXIT_FAILED;
        } catch (RuntimeException e) {
            err.println("TailRecommendations: loading titles from Kafka at " + bootstrap + " failed: " + e.getMessage());
            return EXIT_FAILED;
        }

        RecommendationFormatter formatter = new RecommendationFormatter(titles);
        Deserializer<RecommendationList> values = AvroSerdes.serde(RecommendationList.class).deserializer();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            if (cli.has(FROM_BEGINNING_FLAG)) consumer.seekToBeginning(partitions);
            else consumer.seekToEnd(partitions);
            long printed = 0;
            long idleSince = System.nanoTime();
            while (printed < maxMessages) {
                boolean any = false;
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    any = true;
                    if (record.value() == null) continue;
                    RecommendationList list;
                    try {
                        list = values.deserialize(record.topic(), record.value());
                    } catch (RuntimeException e) {
                        err.println(record.topic() + "/" + record.partition() + "@" + record.offset()
                                + ": not a RecommendationList (" + e.getMessage() + "), skipped");
                        continue;
                    }
                    if (user != null && list.getUserId() != user) continue;
                    out.print(formatter.format(list));
                    out.flush();
                    if (++printed >= maxMessages) break;
                }
                if (any) idleSince = System.nanoTime();
                else if (idleTimeoutMs >= 0 && System.nanoTime() - idleSince > idleTimeoutMs * 1_000_000L) break;
            }
            return EXIT_OK;
        } catch (IllegalStateException e) {
            err.println("TailRecommendations: " + e.getMessage());
            return EXIT_FAILED;
        } catch (RuntimeException e) {
            err.println("TailRecommendations: Kafka at " + bootstrap + " (" + BOOTSTRAP_SERVERS_OPTION + ") failed: " + e.getMessage());
            return EXIT_FAILED;
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist yet (" + TOPIC_OPTION
                    + "); start the topology or create the topic first");
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /** Reads the embeddings topic from the start to its current end: movieId → "title (year)". */
    static Map<Integer, String> titlesFromTopic(String bootstrap, String topic) {
        Deserializer<ItemEmbedding> values = AvroSerdes.serde(ItemEmbedding.class).deserializer();
        Map<Integer, String> titles = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TITLES_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " to its end took longer than " + TITLES_TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.value() == null) continue;
                    ItemEmbedding item;
                    try {
                        item = values.deserialize(topic, record.value());
                    } catch (RuntimeException e) {
                        continue; // not ours; the title is only cosmetic
                    }
                    if (item.getMarker() != null) continue; // a version's marker, no movie
                    // every version names a movie alike; the last one read wins
                    titles.put(item.getMovieId(), titleWithYear(item.getTitle(), item.getYear()));
                }
            }
        }
        return titles;
    }

    static String titleWithYear(String title, Integer year) {
        if (year == null || title.endsWith("(" + year + ")")) return title;
        return title + " (" + year + ")";
    }
}
