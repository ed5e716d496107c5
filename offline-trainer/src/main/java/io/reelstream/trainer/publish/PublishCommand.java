package io.reelstream.trainer.publish;

import io.reelstream.core.model.ModelRunLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code publish [--run DIR] [--models DIR] [--bootstrap-servers HOST:PORT] [--partitions N]
 * [--replication-factor N] [--timeout SECONDS]}: writes a trained run to Kafka with {@link Publisher}.
 * Exit code 0 on success, 1 when publishing failed (the message says what to check), 2 on bad usage.
 */
@Command(name = "publish",
        description = "Publish a trained run to Kafka as one model version: item embeddings + marker to"
                + " item-embeddings, the item-to-item rows to item-neighbours (keys '<version>/<movieId>'), user seeds to"
                + " user-seeds (all compacted, created if absent).")
public final class PublishCommand implements Callable<Integer> {
    public static final String DEFAULT_MODELS_DIR = "models";

    @Spec
    CommandSpec spec;

    // --help by hand: the standard mixin's --version would clash with --version NAME below, and picocli then
    // dropped the mixin, so 'publish --help' was an unknown option
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--run", paramLabel = "DIR",
            description = "Run directory to publish (default: the run that <models>/LATEST names).")
    Path run;

    @Option(names = "--models", paramLabel = "DIR", defaultValue = DEFAULT_MODELS_DIR,
            description = "Models directory holding run_<ts>/ and LATEST (default: ${DEFAULT-VALUE}).")
    Path models;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = Publisher.DEFAULT_BOOTSTRAP_SERVERS,
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "" + Publisher.DEFAULT_PARTITIONS,
            description = "Partitions of topics this command creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "" + Publisher.DEFAULT_REPLICATION_FACTOR,
            description = "Replication factor of topics this command creates (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Give up when the broker does not answer within this time (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--prune", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Tombstone user seeds of older models that this run lacks (default: ${DEFAULT-VALUE};"
                    + " --no-prune keeps them).")
    boolean prune;

    @Option(names = "--keep-versions", paramLabel = "N", defaultValue = "" + Publisher.DEFAULT_KEEP_VERSIONS,
            description = "Without a model registry in use, keep the newest N model versions on the model topics and"
                    + " tombstone older ones (default: ${DEFAULT-VALUE}). With a registry, archiving removes versions.")
    int keepVersions;

    @Option(names = "--register", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Register the version as a CANDIDATE on model-registry (default: ${DEFAULT-VALUE}); it serves"
                    + " nobody until promoted (reelstream models promote VERSION). --no-register writes the rows only.")
    boolean register;

    @Option(names = "--as-kind", paramLabel = "KIND",
            description = "Publish the run as this kind instead of its own serving kind: als (its ALS factors, no"
                    + " item-to-item rows), itemitem, or blend (both, with the run's blend.weight).")
    String asKind;

    @Option(names = "--version", paramLabel = "NAME",
            description = "Publish under this version name instead of the run directory's (e.g. run_X-als beside run_X).")
    String versionName;

    @Option(names = "--trigger", paramLabel = "WHAT", defaultValue = "manual",
            description = "What started this training, kept in the version's lineage (default: ${DEFAULT-VALUE}).")
    String trigger;

    @Override
    public Integer call() {
        if (partitions < 1) throw new ParameterException(spec.commandLine(), "--partitions must be >= 1, got " + partitions);
        if (replicationFactor < 1) {
            throw new ParameterException(spec.commandLine(), "--replication-factor must be >= 1, got " + replicationFactor);
        }
        if (timeoutSeconds < 1) throw new ParameterException(spec.commandLine(), "--timeout must be >= 1 s, got " + timeoutSeconds);
        if (keepVersions < 1) throw new ParameterException(spec.commandLine(), "--keep-versions must be >= 1, got " + keepVersions);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Path runDir = run != null ? run : latest();
            out.println("publishing " + runDir + " to " + bootstrapServers);
            out.flush();
            Publisher.Options options = Publisher.Options.defaults(bootstrapServers)
                    .withPartitions(partitions)
                    .withReplicationFactor(replicationFactor)
                    .withTimeout(Duration.ofSeconds(timeoutSeconds))
                    .withPrune(prune)
                    .withKeepVersions(keepVersions)
                    .withRegister(register)
                    .withTrigger(trigger)
                    .withKind(asKind)
                    .withVersion(versionName);
            Publisher.Result r = new Publisher(options, out, System.console() != null).publish(runDir);
            out.printf("published model %s: %d items (k=%d) to %s, %d neighbour rows to %s, %d user seeds to %s,"
                            + " marker under key %s, in %.1f s%n",
                    r.modelVersion(), r.items(), r.factors(), options.itemEmbeddingsTopic(), r.neighbourItems(),
                    options.itemNeighboursTopic(), r.users(), options.userSeedsTopic(),
                    io.reelstream.schemas.ModelKeys.markerKey(r.modelVersion()), r.millis() / 1000.0);
            out.println("registry: " + r.registration());
            out.flush();
            return 0;
        } catch (PublishException e) {
            err.println("publish failed: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private Path latest() throws PublishException {
        try {
            return ModelRunLayout.latestRun(models);
        } catch (IOException e) {
            throw new PublishException(e.getMessage() + " (or pass --run DIR / --models DIR)", e);
        }
    }
}
