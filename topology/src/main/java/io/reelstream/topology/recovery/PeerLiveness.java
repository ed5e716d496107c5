package io.reelstream.topology.recovery;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Decides from TCP connects alone when a peer instance has crashed. A crashed process (kill -9, an
 * OOM kill, a segfault) on a live host leaves its port closed: the kernel refuses a connect at once.
 * A paused JVM (a long GC, a stalled disk) still owns its listening socket, so the kernel completes
 * the handshake: answered. A lost host or network times out: unknown, and left to Kafka's session
 * timeout. So {@code refusalsToEvict} refusals in a row from a peer that once answered mean a crash
 * that the group coordinator would learn of only when the session expires; a pause never does.
 *
 * <p>{@link #record} says "evict" once per crash; the peer is eligible again only after it answers
 * (a restarted instance on the same host and port). Not thread-safe: one PeerWatch thread calls it.
 *
 * @param <P> how a peer is named (host and port)
 */
public final class PeerLiveness<P> {
    /** The outcome of one connect. */
    public enum Probe { ANSWERED, REFUSED, UNKNOWN }

    private final int refusalsToEvict;
    private final Set<P> seenAlive = new HashSet<>();
    private final Map<P, Integer> refusalsInARow = new HashMap<>();
    private final Set<P> evicted = new HashSet<>();

    public PeerLiveness(int refusalsToEvict) {
        if (refusalsToEvict < 1) throw new IllegalArgumentException("refusalsToEvict must be >= 1");
        this.refusalsToEvict = refusalsToEvict;
    }

    /** Records one probe; true when this refusal completes the run that proves {@code peer} crashed. */
    public boolean record(P peer, Probe probe) {
        switch (probe) {
            case ANSWERED -> {
                seenAlive.add(peer);
                refusalsInARow.remove(peer);
                evicted.remove(peer);
                return false;
            }
            case UNKNOWN -> {
                // a timeout is not a refusal: the run starts again
                refusalsInARow.remove(peer);
                return false;
            }
            default -> {
                if (!seenAlive.contains(peer) || evicted.contains(peer)) return false;
                int n = refusalsInARow.merge(peer, 1, Integer::sum);
                if (n < refusalsToEvict) return false;
                refusalsInARow.remove(peer);
                evicted.add(peer);
                return true;
            }
        }
    }

    /** Forgets peers that are no longer in the group. */
    public void retain(Collection<P> peers) {
        seenAlive.retainAll(peers);
        refusalsInARow.keySet().retainAll(peers);
        evicted.retainAll(peers);
    }

    /** Whether {@code peer} was evicted and has not answered since. */
    public boolean isEvicted(P peer) {
        return evicted.contains(peer);
    }
}
