package io.reelstream.lifecycle.trigger;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The enabled retraining rules plus a cooldown, as a pure step: (config, observations, cooldown
 * state) → (every enabled rule's evaluation, the next cooldown state). The caller passes "now" in
 * the observations and keeps the state between steps; nothing here reads a clock or a topic.
 *
 * <p>Cooldown: a rule that fired at t stays quiet while its retrain has not finished
 * ({@code lastTrainingAt < t}) and for at most {@code cooldownMs} after t — so one condition does
 * not start a second retrain before the first is registered, and a retrain that died does not
 * silence its trigger for ever. Once the retrain finished, each rule looks only at evidence newer
 * than it: feedback-count and schedule count from the new training, quality-drop counts only
 * windows that start after it, and the caller recomputes the drift readings against the new
 * training data. Cooldowns are per rule: two different conditions may each fire once; the service
 * decides whether a second retrain may start while one runs. A lost state (a restart) only means
 * a condition that still holds may fire once more.
 */
public final class RetrainTriggers {
    private final TriggerConfig config;

    public RetrainTriggers(TriggerConfig config) {
        if (config == null) throw new IllegalArgumentException("trigger config is missing");
        this.config = config;
    }

    public TriggerConfig config() {
        return config;
    }

    /** When each rule last fired (epoch ms); immutable. {@link #EMPTY} at start. */
    public record CooldownState(Map<TriggerKind, Long> firedAt) {
        public static final CooldownState EMPTY = new CooldownState(Map.of());

        public CooldownState {
            firedAt = Collections.unmodifiableMap(firedAt.isEmpty() ? new EnumMap<>(TriggerKind.class) : new EnumMap<>(firedAt));
        }
    }

    /** Every enabled rule's evaluation (in {@link TriggerKind} order) and the state for the next step. */
    public record Step(List<TriggerEvaluation> evaluations, CooldownState state) {
        /** The evaluations that fired. */
        public List<TriggerEvaluation> fired() {
            return evaluations.stream().filter(TriggerEvaluation::fired).toList();
        }

        public boolean anyFired() {
            return evaluations.stream().anyMatch(TriggerEvaluation::fired);
        }

        /** What to record as ModelLineage.trigger: the fired rules' names joined by '+', e.g. {@code feedback-count+drift}. */
        public String triggerName() {
            return fired().stream().map(e -> e.kind().wireName()).collect(Collectors.joining("+"));
        }

        /** One line per evaluation. */
        @Override
        public String toString() {
            return evaluations.stream().map(TriggerEvaluation::toString).collect(Collectors.joining("\n"));
        }
    }

    /** The rules without cooldown: what each enabled rule's condition says now. */
    public List<TriggerEvaluation> conditions(Observations o) {
        List<TriggerEvaluation> out = new ArrayList<>(4);
        if (config.qualityDrop().enabled()) out.add(TriggerRules.qualityDrop(config.qualityDrop(), o));
        if (config.drift().enabled()) out.add(TriggerRules.drift(config.drift(), o));
        if (config.feedbackCount().enabled()) out.add(TriggerRules.feedbackCount(config.feedbackCount(), o));
        if (config.schedule().enabled()) out.add(TriggerRules.schedule(config.schedule(), o));
        return out;
    }

    /** One step: the rules, then the cooldown. O(windows + readings). */
    public Step evaluate(Observations o, CooldownState state) {
        Map<TriggerKind, Long> next = new EnumMap<>(TriggerKind.class);
        List<TriggerEvaluation> out = new ArrayList<>(4);
        for (TriggerEvaluation e : conditions(o)) {
            Long firedAt = state.firedAt().get(e.kind());
            boolean cooling = firedAt != null && o.lastTrainingAt() < firedAt && o.now() - firedAt < config.cooldownMs();
            if (cooling) next.put(e.kind(), firedAt);
            if (e.conditionMet() && cooling) {
                e = e.suppressed("cooling down: fired " + Durations.format(o.now() - firedAt) + " ago, retrain not finished"
                        + " (quiet for at most " + Durations.format(firedAt + config.cooldownMs() - o.now()) + " more)");
            }
            if (e.fired()) next.put(e.kind(), o.now());
            out.add(e);
        }
        return new Step(List.copyOf(out), new CooldownState(next));
    }
}
