package io.reelstream.lifecycle.registry;

import io.reelstream.schemas.registry.RegistryRefusedException;

/** A stage or experiment rule refuses a change; the message names the problem and what to do. Nothing is written. */
public class RuleException extends RegistryRefusedException {
    public RuleException(String message) {
        super(message);
    }
}
