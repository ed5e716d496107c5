package io.reelstream.demo.reliability;

import io.reelstream.topology.TopologyApp;
import io.reelstream.topology.config.TopologyConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One recommender instance ({@link TopologyApp}) in its own JVM with a fixed REST port and state
 * directory, so that a restart is the same instance: same static member id, same state (unless
 * {@link #restart(boolean)} is told to wipe it, as after a lost disk).
 */
final class ChildInstance implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ChildJvm jvm;
    private final int restPort;
    private final Path stateDir;
    private final String groupInstanceId;

    private ChildInstance(ChildJvm jvm, int restPort, Path stateDir, String groupInstanceId) {
        this.jvm = jvm;
        this.restPort = restPort;
        this.stateDir = stateDir;
        this.groupInstanceId = groupInstanceId;
    }

    private static final java.util.Set<Integer> PORTS_HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Builds (does not start) instance {@code index} with the topology overrides of the run. */
    static ChildInstance create(int index, Path workDir, String bootstrapServers, Map<String, String> overrides) {
        int port = freePort();
        Path stateDir = workDir.resolve("state-" + index);
        List<String> args = new ArrayList<>();
        args.add("--" + TopologyConfig.BOOTSTRAP_SERVERS_CONFIG + "=" + bootstrapServers);
        args.add("--" + TopologyConfig.REST_PORT_CONFIG + "=" + port);
        args.add("--" + TopologyConfig.STATE_DIR_CONFIG + "=" + stateDir);
        overrides.forEach((k, v) -> args.add("--" + k + "=" + v));
        TopologyConfig.Builder b = TopologyConfig.builder();
        overrides.forEach(b::set);
        TopologyConfig config = b.set(TopologyConfig.REST_PORT_CONFIG, Integer.toString(port)).build();
        List<String> jvmOptions = new ArrayList<>(List.of("-Xmx768m", "-XX:+UseSerialGC",
                // the instance logs say what the group, the tasks and the transactions did around each kill
                "-Dlog.level.org.apache.kafka.streams.processor.internals.StreamThread=info",
                "-Dlog.level.org.apache.kafka.streams.KafkaStreams=info",
                "-Dlog.level.org.apache.kafka.clients.consumer.internals.ConsumerCoordinator=info",
                "-Dlog.level.org.apache.kafka.clients.producer.internals.TransactionManager=info",
                "-Dlog.level.org.apache.kafka.streams.processor.internals.StoreChangelogReader=info",
                // the validation slice dead-letters ~1 200 swipes on unknown movies; the verdict counts them
                "-Dlog.level.io.reelstream.topology.process.SwipeProcessor=error"));
        String extra = System.getenv("REELSTREAM_CHILD_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) jvmOptions.addAll(List.of(extra.trim().split("\\s+")));
        ChildJvm jvm = new ChildJvm("instance-" + index, jvmOptions,
                TopologyApp.class.getName(), args, workDir.resolve("instance-" + index + ".log"));
        return new ChildInstance(jvm, port, stateDir, config.groupInstanceId().orElse(""));
    }

    void start() {
        jvm.start();
    }

    /** kill -9: no shutdown hook, no commit, no leave-group; the open transaction stays open. */
    void kill9() throws InterruptedException {
        jvm.kill9();
    }

    /** Starts the killed instance again, with its state directory kept or deleted first. */
    void restart(boolean wipeState) {
        if (wipeState) deleteRecursively(stateDir);
        jvm.start();
    }

    /** Waits for GET /health to answer 200 (streams RUNNING, a model loaded). */
    boolean awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!jvm.alive()) return false;
            if (get("/health").statusCode() == 200) return true;
            Thread.sleep(200);
        }
        return false;
    }

    /** A GET on this instance's REST; status 0 when it does not answer. */
    Answer get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(restUrl() + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("X-Reelstream-Stale").orElse(""), r.body());
        } catch (IOException e) {
            return new Answer(0, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "", "interrupted");
        }
    }

    /** One REST answer: status (0 = no answer), the stale header, the body. */
    record Answer(int statusCode, String staleHeader, String body) {
        boolean stale() {
            return "true".equals(staleHeader);
        }
    }

    String restUrl() {
        return "http://localhost:" + restPort;
    }

    String name() {
        return jvm.name();
    }

    /** The static member id its stream threads join with (they add -&lt;thread index&gt;). */
    String groupInstanceId() {
        return groupInstanceId;
    }

    boolean alive() {
        return jvm.alive();
    }

    String logTail(int maxChars) {
        return jvm.logTail(maxChars);
    }

    /** Lines of this instance's log (every run of it) that contain {@code text}. */
    long logLinesContaining(String text) {
        try (Stream<String> lines = Files.lines(jvm.log())) {
            return lines.filter(l -> l.contains(text)).count();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /**
     * The stream threads that died, from this instance's log: each "stream thread failed" line with the
     * exception that follows it, split into those the broker caused (a transaction aborted by its
     * coordinator: InvalidTxnState, ProducerFenced, InvalidProducerEpoch) and the rest (our code: an
     * OutOfMemoryError, an exception out of a processor).
     */
    long[] threadDeaths() {
        long broker = 0, ours = 0;
        try {
            List<String> lines = Files.readAllLines(jvm.log());
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).contains("stream thread failed")) continue;
                boolean byBroker = false;
                for (int j = i + 1; j < Math.min(lines.size(), i + 40); j++) {
                    String l = lines.get(j);
                    if (l.contains("InvalidTxnStateException") || l.contains("ProducerFencedException")
                            || l.contains("InvalidProducerEpochException")) {
                        byBroker = true;
                        break;
                    }
                    if (l.contains("stream thread failed")) break;
                }
                if (byBroker) broker++; else ours++;
            }
        } catch (IOException | UncheckedIOException e) {
            return new long[] {-1, -1};
        }
        return new long[] {ours, broker};
    }

    /** The process id while it runs, -1 otherwise (for jcmd). */
    long pid() {
        return jvm.alive() ? jvm.pid() : -1;
    }

    /** This instance's state directory (its RocksDB stores live under it). */
    Path stateDir() {
        return stateDir;
    }

    /** SIGTERM: a graceful close (streams closed, REST stopped), SIGKILL after {@code grace}. */
    void stop(Duration grace) throws InterruptedException {
        jvm.stop(grace);
    }

    @Override
    public void close() {
        jvm.close();
    }

    /**
     * A port free now and never handed out before in this JVM: instances are created back to back
     * before any of them binds, so the OS could offer a port twice.
     */
    private static int freePort() {
        try {
            while (true) {
                try (ServerSocket s = new ServerSocket(0)) {
                    if (PORTS_HANDED_OUT.add(s.getLocalPort())) return s.getLocalPort();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for an instance's REST: " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the state directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
