package io.reelstream.connectors.it;

import io.reelstream.connectors.testing.Await;
import io.reelstream.connectors.testing.RatingsFiles.Rating;
import io.reelstream.connectors.testing.RatingsFiles;
import io.reelstream.connectors.testing.Recommendations;
import io.reelstream.connectors.testing.SwipeConsumer;
import io.reelstream.connectors.testing.TestPostgres;
import io.reelstream.embedded.EmbeddedConnectWorker;
import io.reelstream.embedded.EmbeddedKafkaCluster;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.serde.AvroSerdes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shaded plugin jar as a user deploys it: dropped into {@code plugin.path} of a Connect worker
 * that runs in its own JVM with only Kafka's classpath (none of our classes, no Avro, no PostgreSQL
 * driver), configured over the REST API. Runs in the integration-test phase, after {@code package}
 * built {@code target/reelstream-connectors-plugin.jar}.
 */
class PluginJarIntegrationTest {
    static final String PLUGIN_JAR_PROPERTY = "reelstream.plugin.jar";
    /** Classpath entries of ours, or that the plugin jar bundles: left out of the worker's JVM. */
    static final List<String> NOT_ON_WORKER_CLASSPATH = List.of("/io/reelstream/", "/target/classes",
            "/target/test-classes", "/org/apache/avro/", "/org/postgresql/", "/io/zonky/", "/org/junit/");

    static EmbeddedKafkaCluster kafka;
    static TestPostgres postgres;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafkaCluster.start();
        postgres = TestPostgres.shared();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
    }

    @Test
    void pluginJarInPluginPathRunsTheSourceAndTheSinkInAnIsolatedWorker() throws Exception {
        Path pluginJar = Path.of(System.getProperty(PLUGIN_JAR_PROPERTY, "target/reelstream-connectors-plugin.jar"));
        assertTrue(Files.isRegularFile(pluginJar), pluginJar + " missing: run `mvn package` first");
        Path pluginDir = Files.createDirectories(dir.resolve("plugins/reelstream-connectors"));
        Files.copy(pluginJar, pluginDir.resolve(pluginJar.getFileName()));

        List<Rating> ratings = RatingsFiles.generate(10, 10, 5);
        Path ratingsFile = RatingsFiles.writeCsv(Files.createDirectories(dir.resolve("data")), ratings);
        kafka.createTopic("swipes-plugin", 1, Map.of());
        kafka.createTopic("recommendations-plugin", 1, Map.of());

        int restPort = freePort();
        Path workerProps = dir.resolve("worker.properties");
        Files.writeString(workerProps, String.join("\n",
                "bootstrap.servers=" + kafka.bootstrapServers(),
                "group.id=plugin-jar-test",
                "config.storage.topic=plugin-jar-configs",
                "offset.storage.topic=plugin-jar-offsets",
                "status.storage.topic=plugin-jar-status",
                "config.storage.replication.factor=1",
                "offset.storage.replication.factor=1",
                "status.storage.replication.factor=1",
                "offset.storage.partitions=1",
                "status.storage.partitions=1",
                "key.converter=" + EmbeddedConnectWorker.BYTE_ARRAY_CONVERTER,
                "value.converter=" + EmbeddedConnectWorker.BYTE_ARRAY_CONVERTER,
                "plugin.path=" + dir.resolve("plugins"),
                "plugin.discovery=service_load",
                "exactly.once.source.support=enabled",
                "listeners=http://localhost:" + restPort,
                "scheduled.rebalance.max.delay.ms=0",
                ""));
        Path log = dir.resolve("worker.log");
        Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", workerClasspath(), "org.apache.kafka.connect.cli.ConnectDistributed", workerProps.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String rest = "http://localhost:" + restPort;
            Await.until("our connectors listed by GET /connector-plugins", () -> {
                String plugins = get(rest + "/connector-plugins");
                return plugins.contains("io.reelstream.connectors.source.MovieLensSourceConnector")
                        && plugins.contains("io.reelstream.connectors.sink.PostgresRecommendationsSinkConnector");
            }, () -> tail(log));

            put(rest + "/connectors/replay/config", "{"
                    + "\"connector.class\":\"io.reelstream.connectors.source.MovieLensSourceConnector\","
                    + "\"file\":\"" + ratingsFile + "\",\"topic\":\"swipes-plugin\","
                    + "\"key.converter\":\"" + EmbeddedConnectWorker.BYTE_ARRAY_CONVERTER + "\","
                    + "\"value.converter\":\"" + EmbeddedConnectWorker.BYTE_ARRAY_CONVERTER + "\"}");
            try (SwipeConsumer swipes = new SwipeConsumer(kafka.bootstrapServers(), "swipes-plugin")) {
                swipes.readAtLeast(ratings.size());
                assertEquals(ratings.size(), swipes.readToEnd().stream().map(r -> r.value().getEventId())
                        .collect(Collectors.toSet()).size());
            }

            put(rest + "/connectors/to-postgres/config", "{"
                    + "\"connector.class\":\"io.reelstream.connectors.sink.PostgresRecommendationsSinkConnector\","
                    + "\"topics\":\"recommendations-plugin\",\"connection.url\":\"" + postgres.jdbcUrl() + "\","
                    + "\"connection.user\":\"" + postgres.user() + "\",\"table.name\":\"plugin_recs\","
                    + "\"key.converter\":\"" + EmbeddedConnectWorker.BYTE_ARRAY_CONVERTER + "\","
                    + "\"value.converter\":\"" + EmbeddedConnectWorker.BYTE_ARRAY_CONVERTER + "\"}");
            RecommendationList list = Recommendations.list(5, 3_000, "run_plugin");
            try (KafkaProducer<Integer, byte[]> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new IntegerSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>("recommendations-plugin", 5,
                        AvroSerdes.serde(RecommendationList.class).serializer().serialize("recommendations-plugin", list)));
            }
            Await.until("user 5's row in plugin_recs", () -> "run_plugin".equals(modelVersionOfUser5()),
                    () -> get(rest + "/connectors/to-postgres/status") + "\n" + tail(log));
        } finally {
            worker.destroy();
            if (!worker.waitFor(30, TimeUnit.SECONDS)) worker.destroyForcibly();
        }
    }

    /** This JVM's classpath without our code and without what the plugin jar bundles: Kafka's own jars. */
    private static String workerClasspath() {
        List<String> kept = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String path = entry.replace('\\', '/');
            if (NOT_ON_WORKER_CLASSPATH.stream().noneMatch(path::contains)) kept.add(entry);
        }
        return String.join(File.pathSeparator, kept);
    }

    private static String modelVersionOfUser5() {
        try (Connection c = postgres.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT model_version FROM plugin_recs WHERE user_id = 5")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (Exception tableNotThereYet) {
            return null;
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static void put(String url, String json) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() == 200 || response.statusCode() == 201,
                "PUT " + url + " answered " + response.statusCode() + ": " + response.body());
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no worker log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
