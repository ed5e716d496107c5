package io.reelstream.topology.rest;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Jetty 12's core server (no servlets): one acceptor, one selector (2 cores), handlers on a queued
 * thread pool, so they may block (a forward to the owner, the producer's ack). A request body is
 * read asynchronously before the handler runs (at most {@link RestServer#MAX_BODY_BYTES}, else 413):
 * a slow client costs a connection, never a handler thread. An event stream is a request whose
 * callback completes only when the stream ends.
 */
final class JettyTransport implements RestTransport {
    private static final Logger log = LoggerFactory.getLogger(JettyTransport.class);
    static final int MAX_THREADS = 16;
    /** How long one event frame may wait for a slow client before the stream is dropped. */
    private static final long WRITE_TIMEOUT_SECONDS = 10;

    private final Server server;
    private final ServerConnector connector;

    JettyTransport(String host, int port) throws IOException {
        QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, 4);
        pool.setName("reelstream-rest");
        pool.setDaemon(true);
        this.server = new Server(pool);
        this.connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        connector.setAcceptQueueSize(64);
        server.addConnector(connector);
        connector.open(); // bind now: port 0 resolves before application.server is set
    }

    @Override
    public void start(Function<Exchange, RestServer.Response> dispatcher) {
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                long declared = request.getLength();
                if (declared > RestServer.MAX_BODY_BYTES) {
                    respond(response, callback, RestServer.Response.tooLarge(declared));
                    return true;
                }
                if (declared == 0 || HttpMethod.GET.is(request.getMethod()) || HttpMethod.HEAD.is(request.getMethod())) {
                    answer(dispatcher, request, response, callback, new byte[0]);
                    return true;
                }
                // The body is read as it arrives, without a thread: a client trickling it in (slowloris)
                // holds a connection until the idle timeout, not one of the handler threads.
                new BodyReader(request, bytes -> answer(dispatcher, request, response, callback, bytes),
                        failure -> respond(response, callback, failure)).run();
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Jetty on port " + port() + ": " + e.getMessage(), e);
        }
        log.info("REST (Jetty {}) listening on {}:{}", Server.getVersion(), connector.getHost(), port());
    }

    private static void answer(Function<Exchange, RestServer.Response> dispatcher, Request request, Response response,
                               Callback callback, byte[] body) {
        java.net.URI uri;
        try {
            uri = request.getHttpURI().toURI();
        } catch (IllegalArgumentException e) { // "?n=%zz": java.net.URI refuses the escape (was a 500)
            respond(response, callback, RestServer.Response.error(400, "bad_request", "the request URI is not valid: "
                    + e.getMessage()));
            return;
        }
        RestRequest req = new RestRequest(request.getMethod(), uri,
                request.getHeaders().contains(RestApi.FORWARDED_HEADER), () -> new ByteArrayInputStream(body));
        RestServer.Response r = dispatcher.apply(new Exchange(req, () -> new Sink(response, callback)));
        if (r == null) return; // an event stream: the sink completes the callback when it ends
        respond(response, callback, r);
    }

    private static void respond(Response response, Callback callback, RestServer.Response r) {
        response.setStatus(r.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, r.contentType());
        r.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        response.write(true, ByteBuffer.wrap(r.body()), callback);
    }

    /**
     * Reads a request body chunk by chunk as the connection delivers it (Jetty calls back on demand, on
     * a pool thread), up to {@link RestServer#MAX_BODY_BYTES}; then hands the bytes on, or a 413/400.
     */
    private static final class BodyReader implements Runnable {
        private final Request request;
        private final java.util.function.Consumer<byte[]> done;
        private final java.util.function.Consumer<RestServer.Response> failed;
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

        BodyReader(Request request, java.util.function.Consumer<byte[]> done,
                   java.util.function.Consumer<RestServer.Response> failed) {
            this.request = request;
            this.done = done;
            this.failed = failed;
        }

        @Override
        public void run() {
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    failed.accept(RestServer.Response.error(400, "bad_request", "the request body could not be read: "
                            + chunk.getFailure()));
                    return;
                }
                ByteBuffer b = chunk.getByteBuffer();
                int n = b.remaining();
                if (bytes.size() + n > RestServer.MAX_BODY_BYTES) {
                    chunk.release();
                    failed.accept(RestServer.Response.tooLarge(bytes.size() + (long) n));
                    return;
                }
                byte[] part = new byte[n];
                b.get(part);
                bytes.write(part, 0, n);
                boolean last = chunk.isLast();
                chunk.release();
                if (last) {
                    done.accept(bytes.toByteArray());
                    return;
                }
            }
        }
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("Jetty did not stop cleanly: {}", e.toString());
        }
    }

    /** A response left open: each frame one blocking write (bounded), the callback completed at the end. */
    private static final class Sink implements EventSink {
        private final Response response;
        private final Callback done;
        private final AtomicBoolean closed = new AtomicBoolean();

        Sink(Response response, Callback done) {
            this.response = response;
            this.done = done;
        }

        @Override
        public void open() {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
            response.getHeaders().put("X-Accel-Buffering", "no"); // nginx: do not buffer the stream
        }

        @Override
        public void write(byte[] frame) throws IOException {
            FutureCallback written = new FutureCallback();
            response.write(false, ByteBuffer.wrap(frame), written);
            try {
                written.get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new IOException(e.getCause());
            } catch (TimeoutException e) {
                throw new IOException("client did not read an event in " + WRITE_TIMEOUT_SECONDS + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) response.write(true, BufferUtil.EMPTY_BUFFER, done);
        }
    }
}
