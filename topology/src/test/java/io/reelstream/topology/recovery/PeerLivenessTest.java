package io.reelstream.topology.recovery;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.reelstream.topology.recovery.PeerLiveness.Probe.ANSWERED;
import static io.reelstream.topology.recovery.PeerLiveness.Probe.REFUSED;
import static io.reelstream.topology.recovery.PeerLiveness.Probe.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerLivenessTest {
    private final PeerLiveness<String> liveness = new PeerLiveness<>(2);

    @Test
    void evictsAfterRefusalsInARowFromAPeerThatAnswered() {
        assertFalse(liveness.record("b", ANSWERED));
        assertFalse(liveness.record("b", REFUSED), "one refusal is not enough");
        assertTrue(liveness.record("b", REFUSED));
        assertTrue(liveness.isEvicted("b"));
    }

    @Test
    void evictsOncePerCrashAndAgainAfterARestart() {
        liveness.record("b", ANSWERED);
        liveness.record("b", REFUSED);
        assertTrue(liveness.record("b", REFUSED));
        assertFalse(liveness.record("b", REFUSED), "the same crash is acted on once");
        assertFalse(liveness.record("b", REFUSED));
        assertFalse(liveness.record("b", ANSWERED), "restarted on the same port");
        assertFalse(liveness.isEvicted("b"));
        liveness.record("b", REFUSED);
        assertTrue(liveness.record("b", REFUSED), "a second crash is a new eviction");
    }

    @Test
    void aPauseOrATimeoutNeverEvicts() {
        liveness.record("b", ANSWERED);
        for (int i = 0; i < 10; i++) assertFalse(liveness.record("b", UNKNOWN));
        assertFalse(liveness.record("b", REFUSED));
        assertFalse(liveness.record("b", UNKNOWN), "a timeout breaks the run of refusals");
        assertFalse(liveness.record("b", REFUSED));
        assertTrue(liveness.record("b", REFUSED));
    }

    @Test
    void aPeerNeverSeenAliveIsLeftToTheSessionTimeout() {
        for (int i = 0; i < 5; i++) assertFalse(liveness.record("c", REFUSED));
    }

    @Test
    void peersThatLeftTheGroupAreForgotten() {
        liveness.record("b", ANSWERED);
        liveness.retain(List.of("a"));
        assertFalse(liveness.record("b", REFUSED));
        assertFalse(liveness.record("b", REFUSED), "forgotten: it must answer again before it can be evicted");
    }
}
