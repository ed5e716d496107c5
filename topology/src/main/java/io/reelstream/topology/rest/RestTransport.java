package io.reelstream.topology.rest;

import java.util.function.Function;

/**
 * The HTTP server under {@link RestServer}: binds at construction, then hands every request to the
 * dispatcher, which returns the answer, or null after it turned the request into an event stream
 * (the transport then leaves the exchange open for the {@link EventSink} it supplied).
 */
interface RestTransport extends AutoCloseable {
    /** A request and the event sink the transport would stream it on. */
    record Exchange(RestRequest request, java.util.function.Supplier<EventSink> eventSink) {
    }

    void start(Function<Exchange, RestServer.Response> dispatcher);

    int port();

    @Override
    void close();
}
