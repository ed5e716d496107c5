package io.reelstream.connectors.cli;

import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.Topics;
import io.reelstream.schemas.serde.AvroSerdes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.IntegerSerializer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends swipes written as JSON lines to the swipes topic, for people without Kafka Connect:
 * <pre>
 *   echo '{"userId":1,"movieId":2,"rating":4.5}' | java -jar reelstream-connectors-cli.jar --bootstrap-servers localhost:9092
 * </pre>
 * A malformed line is reported with its line number on stderr, skipped and counted.
 */
public final class ProduceSwipes {
    static final String BOOTSTRAP_SERVERS_OPTION = "--bootstrap-servers";
    static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    static final String TOPIC_OPTION = "--topic";
    static final String SOURCE_OPTION = "--source";
    static final String DEFAULT_SOURCE = "cli";
    static final String INPUT_OPTION = "--input";
    static final String HELP_FLAG = "--help";

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_SOME_LINES_SKIPPED = 3;

    static final String USAGE = String.join("\n",
            "Usage: ProduceSwipes [--bootstrap-servers HOST:PORT] [--topic swipes] [--source cli] [--input FILE]",
            "",
            "Reads one swipe per line as JSON from stdin (or --input FILE) and sends it to the swipes topic",
            "(key userId as int, value the Swipe Avro record the topology reads). Fields:",
            "  userId, movieId     integers, required",
            "  rating              0..5 scale, mapped by PROTOCOL (>=4 superlike, >=3 like, >=2 dislike, else strong no)",
            "  preference          or directly -2, -1, 1, 2",
            "  eventTime           optional, epoch milliseconds (default: now)",
            "  eventId             optional (default: cli:<userId>:<movieId>:<eventTime>)",
            "Example:",
            "  echo '{\"userId\":1,\"movieId\":2,\"rating\":4.5}' | ProduceSwipes --bootstrap-servers localhost:9092",
            "",
            "Options:",
            "  --bootstrap-servers  Kafka brokers (default " + DEFAULT_BOOTSTRAP_SERVERS + ")",
            "  --topic              topic (default " + Topics.SWIPES_TOPIC + ")",
            "  --source             value of Swipe.source (default " + DEFAULT_SOURCE + ")",
            "  --input              read this file instead of stdin",
            "  --help               this text",
            "Exit status: 0 all lines sent, 3 some malformed lines skipped (the rest sent), 1 Kafka failed, 2 bad usage.");

    private ProduceSwipes() {}

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        CliArgs cli;
        try {
            cli = CliArgs.parse(args, Set.of(BOOTSTRAP_SERVERS_OPTION, TOPIC_OPTION, SOURCE_OPTION, INPUT_OPTION), Set.of(HELP_FLAG));
        } catch (CliArgs.UsageException e) {
            err.println("ProduceSwipes: " + e.getMessage() + " (see --help)");
            return EXIT_USAGE;
        }
        if (cli.has(HELP_FLAG)) {
            out.println(USAGE);
            return EXIT_OK;
        }
        String bootstrap = cli.get(BOOTSTRAP_SERVERS_OPTION, DEFAULT_BOOTSTRAP_SERVERS);
        String topic = cli.get(TOPIC_OPTION, Topics.SWIPES_TOPIC);
        SwipeLineParser parser = new SwipeLineParser(cli.get(SOURCE_OPTION, DEFAULT_SOURCE));
        String inputName = cli.get(INPUT_OPTION);
        InputStream input;
        try {
            input = inputName == null ? stdin : Files.newInputStream(Path.of(inputName));
        } catch (NoSuchFileException e) {
            err.println("ProduceSwipes: no file " + inputName + " (" + INPUT_OPTION + ")");
            return EXIT_USAGE;
        } catch (IOException e) {
            err.println("ProduceSwipes: cannot read " + inputName + " (" + INPUT_OPTION + "): " + e.getMessage());
            return EXIT_USAGE;
        }
        String where = inputName == null ? "stdin" : inputName;

        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        long sent = 0;
        long skipped = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
             KafkaProducer<Integer, Swipe> producer = new KafkaProducer<>(props, new IntegerSerializer(),
                     AvroSerdes.serde(Swipe.class).serializer())) {
            String line;
            long lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                SwipeLineParser.Parsed parsed = parser.parse(line, System.currentTimeMillis());
                if (parsed.error() != null) {
                    skipped++;
                    err.println(where + ":" + lineNo + ": " + parsed.error() + " — line skipped");
                    continue;
                }
                Swipe swipe = parsed.swipe();
                producer.send(new ProducerRecord<>(topic, swipe.getUserId(), swipe), (metadata, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e);
                    }
                });
                sent++;
            }
            producer.flush();
        } catch (IOException e) {
            err.println("ProduceSwipes: reading " + where + " failed: " + e.getMessage());
            return EXIT_FAILED;
        } catch (RuntimeException e) {
            err.println("ProduceSwipes: Kafka at " + bootstrap + " (" + BOOTSTRAP_SERVERS_OPTION + ") failed: " + e.getMessage());
            return EXIT_FAILED;
        }
        if (failed.get() > 0) {
            err.println("ProduceSwipes: " + failed.get() + " of " + sent + " swipes were not acknowledged by " + bootstrap
                    + " topic " + topic + ": " + firstFailure.get().getMessage()
                    + "; check " + BOOTSTRAP_SERVERS_OPTION + " and that the topic exists");
            return EXIT_FAILED;
        }
        err.println("sent " + sent + " swipe(s) to " + topic + " at " + bootstrap
                + (skipped > 0 ? "; skipped " + skipped + " malformed line(s)" : ""));
        return skipped > 0 ? EXIT_SOME_LINES_SKIPPED : EXIT_OK;
    }
}
