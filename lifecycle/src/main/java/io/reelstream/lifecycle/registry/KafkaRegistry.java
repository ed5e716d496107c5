package io.reelstream.lifecycle.registry;

import io.reelstream.schemas.ModelLineage;
import io.reelstream.schemas.StageTransition;
import io.reelstream.schemas.registry.ModelRegistryClient;
import io.reelstream.schemas.registry.RegistryClientConfig;
import io.reelstream.schemas.registry.RegistryCommit;
import io.reelstream.schemas.registry.RegistryState;
import io.reelstream.schemas.registry.SkippedRecord;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The stage rules on Kafka: each call reads the registry through the fenced writer of
 * {@link ModelRegistryClient}, applies one rule of {@link StageRules} to that state, and commits
 * the result (entries, audit records, tombstones) in one transaction. A rule that refuses throws its
 * {@link RuleException} and nothing is written.
 */
public final class KafkaRegistry {
    private final ModelRegistryClient client;
    private final StageRules rules;

    public KafkaRegistry(ModelRegistryClient client, StageRules rules) {
        this.client = client;
        this.rules = rules;
    }

    public static KafkaRegistry connect(RegistryClientConfig config, RegistryPolicy policy, Clock clock) {
        return new KafkaRegistry(new ModelRegistryClient(config, clock), new StageRules(policy, clock));
    }

    /**
     * What one applied rule changed.
     *
     * @param before      the registry the rule saw
     * @param after       the registry after the commit
     * @param change      what the rule decided
     * @param transitions the transitions appended (also written to the audit topic), in order
     * @param rowsRemoved per retired version, the row keys tombstoned on item-embeddings and item-neighbours
     * @param attempts    1, or more when fenced by another writer or conflicting
     * @param skipped     malformed registry records skipped while reading
     */
    public record Applied(RegistryView before, RegistryView after, RegistryChange change, List<StageTransition> transitions,
                          Map<String, Integer> rowsRemoved, int attempts, List<SkippedRecord> skipped) {}

    public StageRules rules() {
        return rules;
    }

    public ModelRegistryClient client() {
        return client;
    }

    /** The registry as of now, with any malformed records it skipped. */
    public RegistryState readState() {
        return client.read();
    }

    public RegistryView read() {
        return RegistryView.of(client.read());
    }

    /** Applies {@code rule} to the registry as read by the fenced writer, and commits its change. */
    public Applied apply(Function<RegistryView, RegistryChange> rule) {
        AtomicReference<RegistryChange> decided = new AtomicReference<>();
        RegistryCommit commit = client.apply(state -> {
            RegistryChange change = rule.apply(RegistryView.of(state));
            decided.set(change);
            return change.toWrite();
        });
        RegistryView before = RegistryView.of(commit.before());
        RegistryChange change = decided.get();
        return new Applied(before, before.apply(change), change, commit.audit(), commit.rowsRemoved(), commit.attempts(),
                commit.before().skipped());
    }

    public Applied register(String version, String kind, ModelLineage lineage, Map<String, Double> offlineMetrics,
                            String by, String reason) {
        return apply(view -> rules.register(view, version, kind, lineage, offlineMetrics, by, reason));
    }

    public Applied promote(String version, String by, String reason, boolean force) {
        return apply(view -> rules.promote(view, version, by, reason, force));
    }

    public Applied rollback(String by, String reason) {
        return apply(view -> rules.rollback(view, by, reason));
    }

    public Applied archive(String version, String by, String reason) {
        return apply(view -> rules.archive(view, version, by, reason));
    }
}
