package io.reelstream.topology.rest;

import java.io.IOException;

/**
 * One open server-sent-event stream, whichever HTTP server carries it. {@link SseHub} calls every
 * method from its single writer thread.
 */
interface EventSink {
    /** Sends status 200 with the event-stream headers; the body stays open. */
    void open() throws IOException;

    /** Writes and flushes one frame; an IOException means the client is gone. */
    void write(byte[] frame) throws IOException;

    /** Ends the stream (idempotent, never throws). */
    void close();

    String CONTENT_TYPE = "text/event-stream; charset=utf-8";
}
