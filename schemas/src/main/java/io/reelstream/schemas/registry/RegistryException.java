package io.reelstream.schemas.registry;

/**
 * The registry could not be read or written: the broker is unreachable, a wait timed out, or a
 * change was fenced or conflicted more often than allowed. The message says what to check. The
 * registry is unchanged (a change is one transaction).
 */
public class RegistryException extends RuntimeException {
    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
