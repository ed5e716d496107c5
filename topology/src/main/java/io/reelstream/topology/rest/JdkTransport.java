package io.reelstream.topology.rest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The JDK's own HTTP server (com.sun.net.httpserver) with a fixed pool of handler threads. An event
 * stream is an exchange whose body is never closed by its handler: it holds a socket, not a thread.
 */
final class JdkTransport implements RestTransport {
    private static final Logger log = LoggerFactory.getLogger(JdkTransport.class);
    /** Read once, when the JDK creates its first HttpServer: set before that. */
    static final String HTTP_SERVER_NODELAY_PROPERTY = "sun.net.httpserver.nodelay";
    static final int THREADS = 8;

    static {
        // The JDK server leaves Nagle's algorithm on, so every small JSON answer waits ~40 ms for
        // the client's delayed ACK (610 sequential lookups took 29 s instead of 1 s). An explicit
        // -Dsun.net.httpserver.nodelay=false still wins.
        if (System.getProperty(HTTP_SERVER_NODELAY_PROPERTY) == null) {
            System.setProperty(HTTP_SERVER_NODELAY_PROPERTY, "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    JdkTransport(String host, int port) throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
        this.executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "reelstream-rest");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
    }

    @Override
    public void start(Function<Exchange, RestServer.Response> dispatcher) {
        server.createContext("/", ex -> handle(ex, dispatcher));
        server.start();
        log.info("REST (JDK HttpServer) listening on {}", server.getAddress());
    }

    private static void handle(HttpExchange ex, Function<Exchange, RestServer.Response> dispatcher) {
        RestRequest req = new RestRequest(ex.getRequestMethod(), ex.getRequestURI(),
                ex.getRequestHeaders().containsKey(RestApi.FORWARDED_HEADER), ex::getRequestBody);
        RestServer.Response r = dispatcher.apply(new Exchange(req, () -> new Sink(ex)));
        if (r == null) return; // an event stream: the hub writes to it and closes it
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", r.contentType());
            r.headers().forEach((name, value) -> ex.getResponseHeaders().set(name, value));
            ex.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(r.body());
            }
        } catch (IOException e) {
            log.debug("client went away: {}", e.getMessage());
        }
    }

    @Override
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** An exchange kept open: chunked body, flushed after every frame. */
    private record Sink(HttpExchange ex) implements EventSink {
        @Override
        public void open() throws IOException {
            ex.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            ex.getResponseHeaders().set("X-Accel-Buffering", "no"); // nginx: do not buffer the stream
            ex.sendResponseHeaders(200, 0); // chunked, open-ended
        }

        @Override
        public void write(byte[] frame) throws IOException {
            OutputStream out = ex.getResponseBody();
            out.write(frame);
            out.flush();
        }

        @Override
        public void close() {
            try {
                ex.close();
            } catch (RuntimeException ignored) {
                // the socket is already gone
            }
        }
    }
}
