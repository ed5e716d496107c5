package io.reelstream.lifecycle.trigger;

/**
 * What can start a retrain. The wire name is what ModelLineage.trigger records
 * ("quality-drop", "drift", "feedback-count", "schedule"; "manual" is not a rule).
 */
public enum TriggerKind {
    QUALITY_DROP("quality-drop"),
    DRIFT("drift"),
    FEEDBACK_COUNT("feedback-count"),
    SCHEDULE("schedule");

    private final String wireName;

    TriggerKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
