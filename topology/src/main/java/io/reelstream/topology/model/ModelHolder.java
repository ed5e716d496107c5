package io.reelstream.topology.model;

import java.util.concurrent.atomic.AtomicReference;

/**
 * What one instance serves ({@link Serving}: production, experiment arms, loaded versions), shared
 * by the global-store processors (which replace it when a marker, a registry entry or an experiment
 * changes) and the stream threads and REST handlers (which read it). A reader takes one Serving per
 * swipe or request and uses only the snapshot it assigns, so a swap in the middle of a request can
 * never mix two versions.
 */
public final class ModelHolder {
    private final AtomicReference<Serving> serving = new AtomicReference<>(Serving.EMPTY);

    /** Everything served now (never null; {@link Serving#EMPTY} before the first model). */
    public Serving serving() {
        return serving.get();
    }

    /** The production snapshot, or null when none serves (no model yet, or none promoted). */
    public ModelSnapshot current() {
        return serving.get().production();
    }

    public void publish(Serving s) {
        serving.set(s);
    }
}
