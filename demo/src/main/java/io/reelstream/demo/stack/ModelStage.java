package io.reelstream.demo.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelstream.core.model.ModelRunLayout;
import io.reelstream.lifecycle.registry.KafkaRegistry;
import io.reelstream.lifecycle.registry.RegistryPolicy;
import io.reelstream.schemas.registry.RegistryClientConfig;
import io.reelstream.trainer.PipelineListener;
import io.reelstream.trainer.TrainingPipeline;
import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.publish.PublishException;
import io.reelstream.trainer.publish.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Training (the trainer's {@link TrainingPipeline} on the PROTOCOL train slice, evaluated on
 * validation) and publishing (the trainer's {@link Publisher}: item embeddings, user seeds, marker).
 */
public final class ModelStage {
    private static final Logger log = LoggerFactory.getLogger(ModelStage.class);

    private ModelStage() {}

    /** A published run: where it is, its version, what went out, and the trainer's offline figures. */
    public record Published(Path runDir, String modelVersion, int items, int users, int factors,
                            Map<String, OfflineFigures> offline) {}

    /** One model's PROTOCOL figures from the run's manifest.json (metrics.models.&lt;name&gt;). */
    public record OfflineFigures(String model, int k, long users, double recall, double precision, double ndcg,
                                 double coverage) {}

    /**
     * Trains on {@code dataDir} into {@code modelsDir} with the trainer's defaults plus {@code overrides}
     * (trainer keys such as {@code als.iterations}); returns the run directory.
     */
    public static Path train(Path dataDir, Path modelsDir, Map<String, String> overrides) {
        Map<String, String> flags = new LinkedHashMap<>(overrides);
        flags.put(TrainerConfig.DATA_DIR_CONFIG, dataDir.toString());
        flags.put(TrainerConfig.MODELS_DIR_CONFIG, modelsDir.toString());
        TrainerConfig config = TrainerConfig.resolve(null, Map.of(), flags);
        PipelineListener listener = new PipelineListener() {
            @Override
            public void onStage(String stage) {
                log.info("  trainer: {}", stage);
            }
        };
        TrainingPipeline.Result result = new TrainingPipeline(config, listener).train();
        return result.runDir();
    }

    /**
     * Publishes a run to the broker (topics created compacted when absent), which registers it as a
     * CANDIDATE, then promotes it to PRODUCTION through the registry's gate: the demo's model serves.
     */
    public static Published publish(Path runDir, String bootstrapServers) throws PublishException {
        Published p = publishAs(runDir, bootstrapServers, null, null);
        promote(bootstrapServers, p.modelVersion(), "the demo's model");
        return p;
    }

    /**
     * Publishes a run as {@code kind} (null: its own serving kind) under {@code version} (null: the run
     * directory's name), registered as a CANDIDATE and not promoted.
     */
    public static Published publishAs(Path runDir, String bootstrapServers, String kind, String version)
            throws PublishException {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        Publisher.Result r = new Publisher(Publisher.Options.defaults(bootstrapServers).withKind(kind).withVersion(version),
                out).publish(runDir);
        log.atInfo().addKeyValue("modelVersion", r.modelVersion())
                .log("published model {}: {} items (k={}), {} neighbour rows, {} user seeds in {}; registry: {}",
                        r.modelVersion(), r.items(), r.factors(), r.neighbourItems(), r.users(), Stages.format(r.millis()),
                        r.registration());
        return new Published(runDir, r.modelVersion(), r.items(), r.users(), r.factors(), offlineFigures(runDir));
    }

    /** Promotes a registered version to PRODUCTION through the gate (lifecycle KafkaRegistry). */
    public static KafkaRegistry.Applied promote(String bootstrapServers, String version, String reason) {
        return promote(bootstrapServers, version, reason, false);
    }

    /**
     * Promotes a registered version to PRODUCTION; {@code force} passes the gate whatever the offline
     * figures say (recorded with the reason), e.g. replay-eval serving each kind in turn.
     */
    public static KafkaRegistry.Applied promote(String bootstrapServers, String version, String reason, boolean force) {
        KafkaRegistry registry = KafkaRegistry.connect(RegistryClientConfig.defaults(bootstrapServers),
                RegistryPolicy.defaults(), java.time.Clock.systemUTC());
        KafkaRegistry.Applied applied = registry.promote(version, "demo", reason, force);
        log.atInfo().addKeyValue("modelVersion", version).log("promoted {} to PRODUCTION ({})", version, applied.after().production()
                .map(e -> e.getTransitions().get(e.getTransitions().size() - 1).getReason()).orElse(""));
        return applied;
    }

    /** model name → figures, from manifest.json; empty when the run was not evaluated. */
    public static Map<String, OfflineFigures> offlineFigures(Path runDir) {
        Path manifest = runDir.resolve(ModelRunLayout.MANIFEST);
        Map<String, OfflineFigures> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(manifest)) return out;
        try {
            JsonNode models = new ObjectMapper().readTree(manifest.toFile()).path("metrics").path("models");
            models.fields().forEachRemaining(e -> {
                JsonNode m = e.getValue();
                out.put(e.getKey(), new OfflineFigures(e.getKey(), m.path("k").asInt(), m.path("users").asLong(),
                        m.path("recall").asDouble(), m.path("precision").asDouble(), m.path("ndcg").asDouble(),
                        m.path("coverage").asDouble()));
            });
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest + ": " + e.getMessage(), e);
        }
    }

    /** The run LATEST names in {@code modelsDir}. */
    public static Path latest(Path modelsDir) {
        try {
            return ModelRunLayout.latestRun(modelsDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage() + " (pass --run DIR or let the demo train)", e);
        }
    }
}
