package io.reelstream.topology.rest;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recommendations tail decodes a list only when {@link SseHub#hasSubscriber} says a page of that user is open. */
class SseHubTest {
    /** An in-memory event stream that can be made to fail like a browser that went away. */
    private static final class MemorySink implements EventSink {
        final List<String> frames = new CopyOnWriteArrayList<>();
        volatile boolean gone;

        @Override
        public void open() {
        }

        @Override
        public void write(byte[] frame) throws IOException {
            if (gone) throw new IOException("client gone");
            frames.add(new String(frame, StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aUserHasASubscriberFromSubscribeUntilTheStreamFails() throws Exception {
        try (SseHub hub = new SseHub()) {
            assertFalse(hub.hasSubscriber(7));
            MemorySink sink = new MemorySink();
            hub.subscribe(7, sink);
            assertTrue(hub.hasSubscriber(7));
            assertFalse(hub.hasSubscriber(8));

            sink.gone = true;
            hub.publish(7, "recommendations", "e1", "{}".getBytes(StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + 5_000_000_000L; // the writer thread drops it asynchronously
            while (hub.hasSubscriber(7) && System.nanoTime() < deadline) Thread.sleep(5);
            assertFalse(hub.hasSubscriber(7));
        }
    }
}
