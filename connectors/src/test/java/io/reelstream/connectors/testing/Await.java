package io.reelstream.connectors.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** A bounded wait for the connector tests: polls a condition and fails with the state it saw. */
public final class Await {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Await() {}

    /** Polls {@code condition} every 100 ms until it holds; after 60 s fails naming {@code what} and {@code state}. */
    public static void until(String what, BooleanSupplier condition, Supplier<Object> state) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + TIMEOUT + " waiting for " + what + "; state: " + state.get());
            }
            try {
                Thread.sleep(100); // polling interval of a bounded wait, not a guess at a duration
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
