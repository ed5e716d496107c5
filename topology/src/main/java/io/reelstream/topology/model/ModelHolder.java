package io.reelstream.topology.model;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The current {@link ModelSnapshot} of one instance, shared by the global-store processor (which
 * publishes a new version when its marker arrives) and the stream threads and REST handlers (which
 * read it). A reader takes one snapshot per swipe or request and uses only that one, so a swap in
 * the middle of a request can never mix two versions.
 */
public final class ModelHolder {
    private final AtomicReference<ModelSnapshot> current = new AtomicReference<>();

    /** The current snapshot, or null before the first model is published. */
    public ModelSnapshot current() {
        return current.get();
    }

    public void publish(ModelSnapshot snapshot) {
        current.set(snapshot);
    }
}
