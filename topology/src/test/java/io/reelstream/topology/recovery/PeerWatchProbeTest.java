package io.reelstream.topology.recovery;

import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The probe's reading of the kernel's answers, on loopback. */
class PeerWatchProbeTest {
    @Test
    void aListeningPortAnswersEvenWhenNobodyAcceptsAndAClosedOneRefuses() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
            // nobody calls accept(): like a JVM frozen in a GC pause, the kernel still completes the handshake
            assertEquals(PeerLiveness.Probe.ANSWERED, PeerWatch.probe(new HostInfo("127.0.0.1", port)));
        }
        assertEquals(PeerLiveness.Probe.REFUSED, PeerWatch.probe(new HostInfo("127.0.0.1", port)),
                "a closed port, as after kill -9");
    }
}
