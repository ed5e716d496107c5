package io.reelstream.demo.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Closes what a run started in reverse order of starting (connector worker before topology before
 * broker), once, from {@link #close()} or from the JVM shutdown hook on Ctrl-C. A failing close is
 * logged and the rest still close.
 */
public final class Closer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Closer.class);

    private final Deque<Named> resources = new ArrayDeque<>();
    private boolean closed;

    private record Named(String name, AutoCloseable resource) {}

    /** Registers a resource; returns it. */
    public synchronized <T extends AutoCloseable> T register(String name, T resource) {
        if (closed) {
            closeQuietly(new Named(name, resource));
            throw new IllegalStateException("shutting down: " + name + " was closed at once");
        }
        resources.push(new Named(name, resource));
        return resource;
    }

    /** Closes one resource early (e.g. a rule's topology in replay-eval) and forgets it. */
    public synchronized void closeNow(AutoCloseable resource) {
        for (var it = resources.iterator(); it.hasNext(); ) {
            Named n = it.next();
            if (n.resource() == resource) {
                it.remove();
                closeQuietly(n);
                return;
            }
        }
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        while (!resources.isEmpty()) closeQuietly(resources.pop());
    }

    private static void closeQuietly(Named n) {
        long t0 = System.nanoTime();
        try {
            n.resource().close();
            log.info("stopped {} in {}", n.name(), Stages.format((System.nanoTime() - t0) / 1_000_000));
        } catch (Exception e) {
            log.warn("stopping {} failed: {}", n.name(), e.toString());
        }
    }
}
