package io.reelstream.lifecycle.experiment;

import io.reelstream.lifecycle.registry.KafkaRegistry;
import io.reelstream.lifecycle.registry.RegistryView;
import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ExperimentDecision;

import java.util.List;

/**
 * The experiment rules on Kafka: each call goes through {@link KafkaRegistry#apply}, so the
 * experiment record and the treatment's stage change commit in one fenced transaction.
 */
public final class KafkaExperiments {
    private final KafkaRegistry registry;
    private final ExperimentRules rules;

    public KafkaExperiments(KafkaRegistry registry) {
        this.registry = registry;
        this.rules = new ExperimentRules(registry.rules());
    }

    public KafkaRegistry.Applied start(ExperimentSpec spec, String by, String reason) {
        return registry.apply(view -> rules.start(view, spec, by, reason));
    }

    public KafkaRegistry.Applied stop(String id, String by, String reason) {
        return registry.apply(view -> rules.stop(view, id, by, reason));
    }

    /** For the lifecycle service: end a running experiment with its statistical decision. */
    public KafkaRegistry.Applied conclude(String id, ExperimentDecision decision, String by, String reason) {
        return registry.apply(view -> rules.conclude(view, id, decision, by, reason));
    }

    /** {@link #conclude} with more numbers for the treatment's transition (keys prefixed experiment.). */
    public KafkaRegistry.Applied conclude(String id, ExperimentDecision decision, java.util.Map<String, Double> details,
                                          String by, String reason) {
        return registry.apply(view -> rules.conclude(view, id, decision, details, by, reason));
    }

    /** Stores a running experiment's latest INCONCLUSIVE look (its always-valid p) in its record. */
    public KafkaRegistry.Applied recordLook(String id, ExperimentDecision look) {
        return registry.apply(view -> rules.recordLook(view, id, look));
    }

    /** Every experiment, oldest first. */
    public List<Experiment> list() {
        return ExperimentRules.list(registry.read());
    }

    /** The experiment {@code id}; RuleException when unknown. */
    public Experiment show(String id) {
        RegistryView view = registry.read();
        return ExperimentRules.requireKnown(view, id);
    }
}
