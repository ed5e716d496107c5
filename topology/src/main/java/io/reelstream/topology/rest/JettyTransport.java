package io.reelstream.topology.rest;

import org.eclipse.jetty.http.HttpHeader;
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

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Jetty 12's core server (no servlets): one acceptor, one selector (2 cores), handlers on a queued
 * thread pool, so they may block (a forward to the owner, the producer's ack). An event stream is a
 * request whose callback completes only when the stream ends.
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
                RestRequest req = new RestRequest(request.getMethod(), request.getHttpURI().toURI(),
                        request.getHeaders().contains(RestApi.FORWARDED_HEADER), () -> Content.Source.asInputStream(request));
                RestServer.Response r = dispatcher.apply(new Exchange(req, () -> new Sink(response, callback)));
                if (r == null) return true; // an event stream: the sink completes the callback when it ends
                response.setStatus(r.status());
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, r.contentType());
                r.headers().forEach((name, value) -> response.getHeaders().put(name, value));
                response.write(true, ByteBuffer.wrap(r.body()), callback);
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
