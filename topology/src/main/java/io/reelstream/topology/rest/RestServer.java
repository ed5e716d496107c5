package io.reelstream.topology.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelstream.topology.metrics.StreamMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP front of one instance (Jackson JSON) on one of two servers, config rest.server: Jetty 12
 * ({@link JettyTransport}) or the JDK's com.sun.net.httpserver ({@link JdkTransport}); the routes,
 * status codes and error bodies are the same on both:
 * <pre>
 *   GET  /users/{id}/recommendations?n=   the user's top-n (routed to the instance owning the key)
 *   GET  /users/{id}                      swipe count, model version, last update
 *   POST /users/{id}/swipes               JSON {movieId, preference | bucket | rating, ...} → a Swipe
 *   GET  /movies/popular?n=               the model's popularity order
 *   GET  /movies/{id}/similar?n=          movies nearest by factor cosine
 *   GET  /instances                       which instance holds which user-state partitions
 *   GET  /models                          production, experiment arms and loaded model versions
 *   GET  /online-metrics                  hit rate, like rate, swipes per user per scope (arm or version)
 *   GET  /experiments/{id}                an experiment, its arms' metrics, lift with CI, p-values, decision
 *   GET  /health                          streams state and model version
 *   GET  /metrics                         Prometheus text
 *   GET  /users/{id}/events               server-sent events: each new list of the user (any instance)
 *   GET  /users/{id}/next-card?exclude=   the next movie to judge on the swipe page
 *   GET  /users/{id}/recommendations/{movieId}/explain?n=   the swiped movies behind an item, with numbers
 *   GET  /users/{id}/swipes?n=            the user's latest swipes, newest first
 *   GET  /, /web/{file}, /openapi.json    the swipe page and the OpenAPI description
 * </pre>
 * Errors are JSON {status, error, detail}: 400 malformed id, n, query or body, 404 unknown user or
 * movie, 413 a body over {@link #MAX_BODY_BYTES}, 502 the owning instance does not answer, 503 while
 * no model is loaded or the store is rebalancing.
 */
public final class RestServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RestServer.class);
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Pattern USER_RECS = Pattern.compile("^/users/([^/]+)/recommendations/?$");
    private static final Pattern USER = Pattern.compile("^/users/([^/]+)/?$");
    private static final Pattern USER_SWIPES = Pattern.compile("^/users/([^/]+)/swipes/?$");
    private static final Pattern SIMILAR = Pattern.compile("^/movies/([^/]+)/similar/?$");
    private static final Pattern EXPERIMENT = Pattern.compile("^/experiments/([A-Za-z0-9._:-]+)/?$");
    private static final Pattern USER_EVENTS = Pattern.compile("^/users/([^/]+)/events/?$");
    private static final Pattern USER_NEXT_CARD = Pattern.compile("^/users/([^/]+)/next-card/?$");
    private static final Pattern USER_EXPLAIN = Pattern.compile("^/users/([^/]+)/recommendations/([^/]+)/explain/?$");
    private static final Pattern WEB_FILE = Pattern.compile("^/web/([^/]+)$");
    /** Largest request body read (a swipe is ~150 bytes): a larger one is answered 413 without being read. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** Swipes a GET of /users/{id}/swipes returns when n is not given. */
    private static final int DEFAULT_RECENT_SWIPES = 20;

    /**
     * Every route as "METHOD /path/{param}": the 404 answer lists them and OpenApiDocumentTest checks
     * that /openapi.json describes exactly these.
     */
    static final java.util.List<String> ROUTES = java.util.List.of(
            "GET /users/{id}/recommendations", "GET /users/{id}/recommendations/{movieId}/explain",
            "GET /users/{id}", "POST /users/{id}/swipes", "GET /users/{id}/swipes", "GET /users/{id}/events",
            "GET /users/{id}/next-card", "GET /movies/popular", "GET /movies/{id}/similar", "GET /models",
            "GET /online-metrics", "GET /experiments/{id}", "GET /health", "GET /metrics", "GET /instances",
            "GET /", "GET /web/{file}", "GET /openapi.json");

    private final RestTransport transport;
    private final StreamMetrics metrics;
    private volatile RestApi api;
    private volatile PageApi page;
    private final StaticFiles files = new StaticFiles();

    /** The HTTP servers REST can run on (config rest.server). */
    public enum Kind {
        JDK, JETTY;

        public static Kind parse(String raw) {
            return valueOf(raw.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** Binds the port at once (port 0 = any free port; see {@link #port()}) but serves only after {@link #start}. */
    public RestServer(String host, int port, StreamMetrics metrics, Kind kind) throws IOException {
        this.metrics = metrics;
        this.transport = kind == Kind.JETTY ? new JettyTransport(host, port) : new JdkTransport(host, port);
    }

    public void start(RestApi api, SseHub hub) {
        this.api = api;
        this.page = new PageApi(api, hub);
        transport.start(this::dispatch);
    }

    public int port() {
        return transport.port();
    }

    @Override
    public void close() {
        transport.close();
    }

    /** The answer to one request, or null once it became an event stream on the transport's sink. */
    private Response dispatch(RestTransport.Exchange exchange) {
        RestRequest req = exchange.request();
        try {
            Matcher events = USER_EVENTS.matcher(req.uri().getPath());
            if (events.matches()) {
                requireGet(req.method());
                int userId = RestApi.id(events.group(1), "user id");
                metrics.restRequest("events");
                try {
                    page.events(userId, exchange.eventSink().get());
                } catch (IOException gone) { // the hub has closed the sink
                    log.debug("event stream client went away: {}", gone.getMessage());
                }
                return null;
            }
            return route(req);
        } catch (ApiException e) {
            return Response.json(e.status(), new JsonBeans.Error(e.status(), e.error(), e.getMessage()));
        } catch (IOException e) {
            return Response.json(400, new JsonBeans.Error(400, "bad_request", "cannot read the request: " + e.getMessage()));
        } catch (RuntimeException e) {
            log.error("{} {} failed", req.method(), req.uri(), e);
            return Response.json(500, new JsonBeans.Error(500, "internal", e.toString()));
        }
    }

    private Response route(RestRequest req) throws IOException {
        String method = req.method();
        URI uri = req.uri();
        String path = uri.getPath();
        Map<String, String> query = query(uri.getRawQuery());
        boolean forwarded = req.forwarded();
        Matcher m;
        String file = path.equals("/") ? "index.html" : path.equals("/openapi.json") ? "openapi.json"
                : (m = WEB_FILE.matcher(path)).matches() ? m.group(1) : null;
        if (file != null) {
            requireGet(method);
            metrics.restRequest("page");
            return files.get(file).orElseThrow(() -> new ApiException(404, "not_found", "no file " + path));
        }
        if ((m = USER_NEXT_CARD.matcher(path)).matches()) {
            requireGet(method);
            metrics.restRequest("next-card");
            int userId = RestApi.id(m.group(1), "user id");
            return page.nextCard(userId, PageApi.exclude(query.get("exclude")), uri, forwarded);
        }
        if ((m = USER_EXPLAIN.matcher(path)).matches()) {
            requireGet(method);
            metrics.restRequest("explain");
            int userId = RestApi.id(m.group(1), "user id");
            int movieId = RestApi.id(m.group(2), "movie id");
            return page.explain(userId, movieId, api.limit(query.get("n")), uri, forwarded);
        }
        if (path.equals("/metrics")) {
            metrics.restRequest("metrics");
            return new Response(200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics.renderPrometheus().getBytes(StandardCharsets.UTF_8));
        }
        if (path.equals("/health")) {
            metrics.restRequest("health");
            JsonBeans.Health h = api.health();
            return Response.json("UP".equals(h.status()) ? 200 : 503, h);
        }
        if (path.equals("/instances")) {
            metrics.restRequest("instances");
            return Response.json(200, api.instances());
        }
        if ((m = EXPERIMENT.matcher(path)).matches()) {
            requireGet(method);
            metrics.restRequest("experiment");
            return api.experiment(m.group(1), uri, forwarded);
        }
        if (path.equals("/online-metrics")) {
            requireGet(method);
            metrics.restRequest("online-metrics");
            return api.onlineMetrics(uri, forwarded);
        }
        if (path.equals("/models")) {
            requireGet(method);
            metrics.restRequest("models");
            return Response.json(200, api.models());
        }
        if (path.equals("/movies/popular")) {
            requireGet(method);
            metrics.restRequest("popular");
            return Response.json(200, api.popular(api.limit(query.get("n"))));
        }
        if ((m = SIMILAR.matcher(path)).matches()) {
            requireGet(method);
            metrics.restRequest("similar");
            return Response.json(200, api.similar(RestApi.id(m.group(1), "movie id"), api.limit(query.get("n"))));
        }
        if ((m = USER_RECS.matcher(path)).matches()) {
            requireGet(method);
            metrics.restRequest("recommendations");
            int userId = RestApi.id(m.group(1), "user id");
            return api.recommendations(userId, api.limit(query.get("n")), uri, forwarded);
        }
        if ((m = USER_SWIPES.matcher(path)).matches()) {
            if (method.equals("GET")) { // the user's latest swipes, newest first (the page's "recent swipes")
                metrics.restRequest("recent-swipes");
                int userId = RestApi.id(m.group(1), "user id");
                String n = query.get("n");
                return page.recentSwipes(userId, n == null ? DEFAULT_RECENT_SWIPES : api.limit(n), uri, forwarded);
            }
            if (!method.equals("POST")) throw new ApiException(405, "method_not_allowed", "use POST (or GET) for " + path);
            metrics.restRequest("swipes");
            int userId = RestApi.id(m.group(1), "user id");
            JsonBeans.SwipeRequest body;
            try (InputStream in = req.body().get()) {
                byte[] raw = in.readNBytes(MAX_BODY_BYTES + 1);
                if (raw.length > MAX_BODY_BYTES) return Response.tooLarge(raw.length);
                body = JSON.readValue(raw, JsonBeans.SwipeRequest.class);
            } catch (JsonProcessingException e) {
                throw new ApiException(400, "bad_request", "body is not a swipe JSON object {movieId, preference|bucket|rating}: "
                        + e.getOriginalMessage());
            }
            return Response.json(202, api.swipe(userId, body));
        }
        if ((m = USER.matcher(path)).matches()) {
            requireGet(method);
            metrics.restRequest("user");
            return api.user(RestApi.id(m.group(1), "user id"), uri, forwarded);
        }
        throw new ApiException(404, "not_found", "no route " + method + " " + path
                + "; routes: " + String.join(", ", ROUTES) + " (described in /openapi.json)");
    }

    private static void requireGet(String method) {
        if (!method.equals("GET")) throw new ApiException(405, "method_not_allowed", "use GET");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.put(k, v);
            } catch (IllegalArgumentException e) { // "%zz", a lone "%": was a 500
                throw new ApiException(400, "bad_request", "query parameter '" + pair + "' is not URL-encoded: " + e.getMessage());
            }
        }
        return out;
    }

    /** A finished HTTP answer. */
    record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        Response(int status, String contentType, byte[] body) {
            this(status, contentType, body, Map.of());
        }

        static Response error(int status, String error, String detail) {
            return json(status, new JsonBeans.Error(status, error, detail));
        }

        /** 413 for a body over {@link #MAX_BODY_BYTES} ({@code length}: what was declared or read so far). */
        static Response tooLarge(long length) {
            return error(413, "payload_too_large", "the request body has " + (length > MAX_BODY_BYTES ? "over " : "")
                    + MAX_BODY_BYTES + " bytes or more (" + length + "); a swipe is a small JSON object");
        }

        static Response json(int status, Object bean) {
            try {
                return new Response(status, "application/json", JSON.writeValueAsBytes(bean));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write " + bean.getClass().getSimpleName() + " as JSON", e);
            }
        }

        /** The same answer with one more header. */
        Response withHeader(String name, String value) {
            Map<String, String> h = new java.util.LinkedHashMap<>(headers);
            h.put(name, value);
            return new Response(status, contentType, body, Map.copyOf(h));
        }
    }
}
