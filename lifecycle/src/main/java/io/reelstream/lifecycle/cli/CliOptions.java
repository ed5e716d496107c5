package io.reelstream.lifecycle.cli;

import io.reelstream.lifecycle.registry.KafkaRegistry;
import io.reelstream.lifecycle.registry.RegistryPolicy;
import io.reelstream.schemas.Topics;
import io.reelstream.schemas.registry.ModelRegistryClient;
import io.reelstream.schemas.registry.RegistryClientConfig;
import io.reelstream.schemas.registry.SkippedRecord;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Options every command shares: where Kafka is, how long to wait, and config keys (--set). */
final class CliOptions {
    /** Topic the topology writes per-arm online counts to (read by 'experiments show'). */
    static final String ONLINE_METRICS_TOPIC_CONFIG = "topic.online-metrics";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", defaultValue = RegistryClientConfig.DEFAULT_BOOTSTRAP_SERVERS,
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Give up when the broker does not answer within this time (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Set a config key (repeatable): topic names, registry.transactional.id, gate.metric, gate.margin,"
                    + " gate.comparable.keys, retention.keep.archived, ... ('reelstream --help' lists them).")
    List<String> settings = new ArrayList<>();

    private RegistryClientConfig clientConfig;
    private RegistryPolicy policy;
    private String onlineMetricsTopic;

    /** Parses --timeout and --set once; a bad value is a ParameterException (exit 2). */
    private void resolve() {
        if (clientConfig != null) return;
        if (timeoutSeconds < 1) throw new ParameterException(spec.commandLine(), "--timeout must be >= 1 s, got " + timeoutSeconds);
        RegistryClientConfig c = RegistryClientConfig.defaults(bootstrapServers).withTimeout(Duration.ofSeconds(timeoutSeconds));
        RegistryPolicy p = RegistryPolicy.defaults();
        String metrics = Topics.ONLINE_METRICS_TOPIC;
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            if (eq <= 0) throw new ParameterException(spec.commandLine(), "--set expects KEY=VALUE, got '" + setting + "'");
            String key = setting.substring(0, eq).trim();
            String value = setting.substring(eq + 1).trim();
            try {
                if (RegistryClientConfig.isKey(key)) c = c.with(key, value);
                else if (RegistryPolicy.isKey(key)) p = p.with(key, value);
                else if (ONLINE_METRICS_TOPIC_CONFIG.equals(key)) metrics = value;
                else throw new IllegalArgumentException("unknown config key '" + key + "' ('reelstream --help' lists the keys)");
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--set " + setting + ": " + e.getMessage());
            }
        }
        clientConfig = c;
        policy = p;
        onlineMetricsTopic = metrics;
    }

    RegistryClientConfig clientConfig() {
        resolve();
        return clientConfig;
    }

    String onlineMetricsTopic() {
        resolve();
        return onlineMetricsTopic;
    }

    Duration timeout() {
        return clientConfig().timeout();
    }

    KafkaRegistry registry() {
        resolve();
        return new KafkaRegistry(new ModelRegistryClient(clientConfig), new io.reelstream.lifecycle.registry.StageRules(policy,
                Clock.systemUTC()));
    }

    RegistryPolicy policy() {
        resolve();
        return policy;
    }

    /** Malformed registry records are reported, never fatal. */
    static void warnSkipped(List<SkippedRecord> skipped, PrintWriter err) {
        for (SkippedRecord s : skipped) err.println("warning: skipped malformed record " + s);
        err.flush();
    }
}
