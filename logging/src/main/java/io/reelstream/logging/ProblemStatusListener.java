package io.reelstream.logging;

import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;

import java.io.PrintStream;

/**
 * Logback's own status, reduced to what a user must see: its warnings and errors (a bad
 * {@code -Dlog.level.*}, a broken configuration file), one line each on stderr. Without a listener
 * Logback prints its whole start-up status (~40 lines) whenever one entry is a warning, and one always
 * is: the appender the chosen {@code log.format} leaves unused ("Appender named [json] not
 * referenced"), which is by design and is dropped here.
 */
public final class ProblemStatusListener implements StatusListener {
    private final PrintStream out;

    public ProblemStatusListener() {
        this(System.err);
    }

    ProblemStatusListener(PrintStream out) {
        this.out = out;
    }

    @Override
    public void addStatusEvent(Status status) {
        if (shown(status)) out.println("logback " + (status.getLevel() == Status.ERROR ? "ERROR" : "WARN") + ": " + status.getMessage());
    }

    static boolean shown(Status status) {
        if (status.getLevel() < Status.WARN) return false;
        String message = String.valueOf(status.getMessage());
        return !(message.startsWith("Appender named [") && message.endsWith("] not referenced. Skipping further processing."));
    }

    @Override
    public boolean isResetResistant() {
        return false; // a reset re-reads the configuration, which adds it again
    }
}
