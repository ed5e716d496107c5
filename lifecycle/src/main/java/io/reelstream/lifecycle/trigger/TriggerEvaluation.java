package io.reelstream.lifecycle.trigger;

/**
 * One rule's verdict on one set of observations: whether its condition holds, whether it fired
 * (the condition holds and the rule is not cooling down), the number it compared and its
 * threshold, and a one-line explanation with the numbers, e.g.
 * {@code feedback-count: 5230 new swipes since run_X (threshold 5000)}.
 */
public record TriggerEvaluation(TriggerKind kind, boolean conditionMet, boolean fired, double value, double threshold,
                                String explanation) {

    /** The same verdict, held back by the cooldown. */
    TriggerEvaluation suppressed(String why) {
        return new TriggerEvaluation(kind, conditionMet, false, value, threshold, explanation + "; " + why);
    }

    /** {@code [fired] feedback-count: 5230 new swipes since run_X (threshold 5000)}; [cooldown] or [quiet] otherwise. */
    @Override
    public String toString() {
        return (fired ? "[fired] " : conditionMet ? "[cooldown] " : "[quiet] ") + explanation;
    }
}
