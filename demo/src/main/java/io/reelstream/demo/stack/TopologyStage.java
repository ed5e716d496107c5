package io.reelstream.demo.stack;

import io.reelstream.topology.RecommenderInstance;
import io.reelstream.topology.config.TopologyConfig;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Starts one recommender instance (Kafka Streams topology + REST) in a fresh state directory and
 * waits, with bounds, until it runs with the model loaded and every user seed applied — so a
 * replayed swipe of a trained user always finds the user warm.
 */
public final class TopologyStage implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TopologyStage.class);
    public static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final RecommenderInstance instance;
    private final Path stateDir;

    private TopologyStage(RecommenderInstance instance, Path stateDir) {
        this.instance = instance;
        this.stateDir = stateDir;
    }

    /**
     * @param overrides topology keys (TopologyConfig *_CONFIG) on top of the defaults; bootstrap
     *                  servers and state dir are set here
     */
    public static TopologyStage start(String bootstrapServers, Admin admin, Map<String, String> overrides)
            throws InterruptedException {
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("reelstream-streams-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Kafka Streams state dir under "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }
        TopologyConfig.Builder b = TopologyConfig.builder()
                .set(TopologyConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers)
                .set(TopologyConfig.STATE_DIR_CONFIG, stateDir.toString());
        overrides.forEach(b::set);
        TopologyConfig config = b.build();
        RecommenderInstance instance = RecommenderInstance.start(config);
        TopologyStage stage = new TopologyStage(instance, stateDir);
        try {
            if (!instance.awaitRunning(START_TIMEOUT)) {
                throw new IllegalStateException("topology " + config.applicationId() + " not RUNNING with a model after "
                        + START_TIMEOUT.toSeconds() + " s (streams state " + instance.streams().state()
                        + ", model " + (instance.models().current() == null ? "none" : instance.models().current().version())
                        + "); check that the model was published to " + config.itemEmbeddingsTopic());
            }
            long lag = GroupLag.awaitCaughtUp(admin, config.applicationId(), config.userSeedsTopic(), START_TIMEOUT);
            if (lag > 0) {
                throw new IllegalStateException("topology " + config.applicationId() + " still has " + lag + " user seeds of "
                        + config.userSeedsTopic() + " to apply after " + START_TIMEOUT.toSeconds() + " s");
            }
            log.atInfo().addKeyValue("modelVersion", instance.models().current().version())
                    .log("topology {} RUNNING with model {} ({} items), user seeds applied; REST {}", config.applicationId(),
                            instance.models().current().version(), instance.models().current().rows(), instance.restUrl());
            return stage;
        } catch (RuntimeException | InterruptedException e) {
            stage.close();
            throw e;
        }
    }

    public RecommenderInstance instance() {
        return instance;
    }

    public String restUrl() {
        return instance.restUrl();
    }

    /** Items of the loaded model: the catalogue coverage is measured against. */
    public int catalogueSize() {
        return instance.models().current().rows();
    }

    @Override
    public void close() {
        try {
            instance.close();
        } finally {
            deleteQuietly(stateDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete the state dir {}: {}", dir, e.toString());
        }
    }
}
