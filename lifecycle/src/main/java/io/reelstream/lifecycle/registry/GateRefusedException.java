package io.reelstream.lifecycle.registry;

/** The promotion gate refuses a version; {@link #gate()} holds the numbers behind the refusal. */
public final class GateRefusedException extends RuleException {
    private final Gate.Result gate;

    public GateRefusedException(String message, Gate.Result gate) {
        super(message);
        this.gate = gate;
    }

    public Gate.Result gate() {
        return gate;
    }
}
