package io.reelstream.topology.model;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The current {@link ModelSnapshot} of one instance, shared by the global-store processor (which
 * publishes a new version when its marker arrives) and the stream threads and REST handlers (which
 * read it). A reader takes one snapshot per swipe or request and uses only that one, so a swap in
 * the middle of a request can never mix two versions.
 */
public final class ModelHolder {
    private final AtomicReference<ModelSnapshot> current = new AtomicReference<>();
    private final Object rebuildLock = new Object();

    /** The current snapshot, or null before the first model is published. */
    public ModelSnapshot current() {
        return current.get();
    }

    public void publish(ModelSnapshot snapshot) {
        current.set(snapshot);
    }

    /**
     * Rebuilds if the wanted version differs from the current one. Serialised, so several threads
     * that notice a new marker at once build it once.
     *
     * @param wantedVersion the version the store's marker names (null = no model yet)
     * @param builder builds the snapshot; may return null when the version is incomplete
     */
    public ModelSnapshot refreshIfStale(String wantedVersion, Supplier<ModelSnapshot> builder) {
        ModelSnapshot now = current.get();
        if (wantedVersion == null || (now != null && now.version().equals(wantedVersion))) return now;
        synchronized (rebuildLock) {
            now = current.get();
            if (now != null && now.version().equals(wantedVersion)) return now;
            ModelSnapshot built = builder.get();
            if (built != null) current.set(built);
            return current.get();
        }
    }
}
