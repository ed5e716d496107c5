package io.reelstream.schemas.registry;

/**
 * The registry's rules refuse a change (a version registered twice, an unknown version, a gate
 * that does not pass, ...): bad input, not a failure. Nothing is written. The lifecycle's stage
 * rules throw subclasses of this.
 */
public class RegistryRefusedException extends RuntimeException {
    public RegistryRefusedException(String message) {
        super(message);
    }
}
