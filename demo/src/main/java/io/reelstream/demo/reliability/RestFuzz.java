package io.reelstream.demo.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fuzzes one instance's REST routes over raw sockets (so that anything can be sent: bad paths and
 * escapes, unknown methods, broken and huge bodies, lying Content-Lengths) while a prober asks
 * {@code /health} every 200 ms; then holds slowloris connections (headers or a body trickling in a
 * byte a second, more of them than the server has threads) and keeps probing. A status 5xx other than
 * the declared 502 and 503, or no answer at all, is a problem; so is a /health that does not answer
 * within {@link #HEALTH_TIMEOUT_MS}.
 */
final class RestFuzz {
    /** Long enough for a loaded 2-core machine, far under the 30 s a thread held by a slow client would take. */
    static final int HEALTH_TIMEOUT_MS = 10_000;
    /** More than Jetty's handler threads (16) and the JDK server's (8). */
    static final int SLOW_CLIENTS = 40;
    static final long SLOW_SECONDS = 15;
    /** How long one fuzz request may take to be answered (a 16 MB body on a loaded machine). */
    static final int REQUEST_TIMEOUT_MS = 10_000;
    /** The whole first round (requests + slowloris) must end within this, answered or not. */
    static final long ROUND_BUDGET_SECONDS = 240;
    /** Users of the REST fuzz's own swipes: far from the slice's and the fuzz records'. */
    static final int REST_USER = 90_000_001;

    /**
     * One fuzz request: what it is, the raw bytes, whether the client then closes its sending side (a
     * body cut short), and a 5xx the protocol itself declares for it (505 for HTTP/0.9), if any.
     */
    record Request(String what, byte[] bytes, boolean halfClose, int declared5xx) {
        Request(String what, byte[] bytes) {
            this(what, bytes, false, 0);
        }
    }

    /** What the REST fuzz found. */
    record Report(long requests, long undeclared5xx, Map<Integer, Long> byStatus, double slowestHealthSeconds,
                  long healthProbes, long healthFailures, long healthDown, List<String> problems) {
        boolean healthAlwaysAnswered() {
            return healthFailures == 0;
        }

        String summary() {
            return String.format(Locale.ROOT, "REST fuzz: %d requests, answers by status %s, %d undeclared 5xx;"
                            + " /health asked %d times (also during %d slowloris connections for %d s): %d without an answer"
                            + " within %d ms, %d answered 503 DOWN (streams rebalancing), slowest %.2f s", requests, byStatus,
                    undeclared5xx, healthProbes, SLOW_CLIENTS, SLOW_SECONDS, healthFailures, HEALTH_TIMEOUT_MS, healthDown,
                    slowestHealthSeconds);
        }
    }

    private final String host;
    private final int port;
    private final Thread fuzzer;
    private final Thread prober;
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final Map<Integer, Long> byStatus = Collections.synchronizedMap(new TreeMap<>());
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong undeclared = new AtomicLong();
    private final AtomicLong probes = new AtomicLong();
    private final AtomicLong probeFailures = new AtomicLong();
    private final AtomicLong healthDown = new AtomicLong();
    private volatile long slowestProbeNanos;
    private volatile boolean stopping;
    private volatile boolean roundDone;

    RestFuzz(ChildInstance target, ChildInstance unused) {
        URI uri = URI.create(target.restUrl());
        this.host = uri.getHost();
        this.port = uri.getPort();
        this.fuzzer = new Thread(this::fuzz, "reliability-rest-fuzz");
        this.prober = new Thread(this::probe, "reliability-health-probe");
        fuzzer.setDaemon(true);
        prober.setDaemon(true);
    }

    private volatile long startedAt;

    void start() {
        startedAt = System.nanoTime();
        prober.start();
        fuzzer.start();
    }

    /** Waits for at least one full round of requests and the slowloris phase, then stops and reports. */
    Report finish() throws InterruptedException {
        long deadline = startedAt + ROUND_BUDGET_SECONDS * 1_000_000_000L;
        while (!roundDone && fuzzer.isAlive() && System.nanoTime() < deadline) Thread.sleep(100);
        if (!roundDone) problems.add(0, "the REST fuzz round did not finish within " + ROUND_BUDGET_SECONDS + " s");
        stopping = true;
        fuzzer.interrupt();
        fuzzer.join(60_000);
        prober.join(10_000);
        return new Report(requests.get(), undeclared.get(), Map.copyOf(byStatus), slowestProbeNanos / 1e9, probes.get(),
                probeFailures.get(), healthDown.get(), List.copyOf(problems.subList(0, Math.min(10, problems.size()))));
    }

    private void fuzz() {
        try {
            List<Request> catalogue = catalogue();
            do {
                for (Request r : catalogue) {
                    if (stopping) return;
                    int status = send(r.bytes(), REQUEST_TIMEOUT_MS, r.halfClose());
                    requests.incrementAndGet();
                    byStatus.merge(status, 1L, Long::sum);
                    if (status == 0 || (status >= 500 && status != 502 && status != 503 && status != r.declared5xx())) {
                        undeclared.incrementAndGet();
                        problems.add(r.what() + " -> " + (status == 0 ? "no answer" : Integer.toString(status)));
                    }
                }
                if (!roundDone) {
                    slowloris();
                    roundDone = true;
                }
            } while (!stopping);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            problems.add("the REST fuzzer failed: " + e);
            roundDone = true;
        }
    }

    /** /health every 200 ms; a probe that gets no 200 within the timeout is a failure. */
    private void probe() {
        byte[] health = head("GET", "/health", 0, null);
        while (!stopping) {
            long t0 = System.nanoTime();
            int status = send(health, HEALTH_TIMEOUT_MS, false);
            long took = System.nanoTime() - t0;
            probes.incrementAndGet();
            if (status == 0) { // no answer in time: the server could not take the request (a 503 DOWN is an answer)
                if (probeFailures.incrementAndGet() <= 3) problems.add(String.format(Locale.ROOT,
                        "/health did not answer within %.1f s", took / 1e9));
            } else if (status != 200) {
                healthDown.incrementAndGet();
            }
            slowestProbeNanos = Math.max(slowestProbeNanos, took);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Slow clients, more than the server's threads: headers a line a second, or a body a byte a second. */
    private void slowloris() throws InterruptedException {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                try {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress(host, port), 2000);
                    s.setSoTimeout(100);
                    String start = i % 2 == 0 ? "GET /health HTTP/1.1\r\nHost: " + host + "\r\n"
                            : "POST /users/" + (REST_USER + i) + "/swipes HTTP/1.1\r\nHost: " + host
                            + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{";
                    s.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    sockets.add(s);
                } catch (IOException e) {
                    problems.add("slow client " + i + " could not connect: " + e.getMessage());
                }
            }
            for (long second = 0; second < SLOW_SECONDS && !Thread.currentThread().isInterrupted(); second++) {
                Thread.sleep(1000);
                for (int i = 0; i < sockets.size(); i++) {
                    try {
                        OutputStream o = sockets.get(i).getOutputStream();
                        o.write((i % 2 == 0 ? "X-Slow-" + second + ": 1\r\n" : " ").getBytes(StandardCharsets.US_ASCII));
                        o.flush();
                    } catch (IOException closedByTheServer) {
                        // the server may drop a client that is too slow: that is the point
                    }
                }
            }
        } finally {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    /** Sends one request on a fresh connection; the status of the answer, 0 when none came in time. */
    private int send(byte[] request, int timeoutMs, boolean halfClose) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutMs);
            s.setSoTimeout(timeoutMs);
            OutputStream o = s.getOutputStream();
            try {
                o.write(request);
                o.flush();
                if (halfClose) s.shutdownOutput();
            } catch (IOException resetWhileWriting) {
                // the server answered early (e.g. 413) and closed: read what it said
            }
            return status(s.getInputStream());
        } catch (SocketTimeoutException e) {
            return 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static int status(InputStream in) throws IOException {
        byte[] buf = new byte[12];
        int n = 0;
        while (n < 12) {
            int r = in.read(buf, n, 12 - n);
            if (r < 0) break;
            n += r;
        }
        String line = new String(buf, 0, n, StandardCharsets.US_ASCII);
        if (!line.startsWith("HTTP/1.") || n < 12) return 0;
        try {
            return Integer.parseInt(line.substring(9, 12));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private byte[] head(String method, String path, int contentLength, String contentType) {
        StringBuilder sb = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host)
                .append("\r\nConnection: close\r\n");
        if (contentType != null) sb.append("Content-Type: ").append(contentType).append("\r\n");
        if (contentLength >= 0 && (contentLength > 0 || method.equals("POST") || method.equals("PUT"))) {
            sb.append("Content-Length: ").append(contentLength).append("\r\n");
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private Request get(String path) {
        return new Request("GET " + abbreviate(path), head("GET", path, 0, null));
    }

    private Request method(String method, String path) {
        return new Request(method + " " + path, head(method, path, 0, null));
    }

    private Request post(String what, String path, byte[] body) {
        byte[] h = head("POST", path, body.length, "application/json");
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return new Request("POST " + path + " " + what, all);
    }

    private Request swipe(String what, String json) {
        return post(what, "/users/" + REST_USER + "/swipes", json.getBytes(StandardCharsets.UTF_8));
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    List<Request> catalogue() {
        List<Request> c = new ArrayList<>();
        for (String p : List.of("/users/abc", "/users/-1", "/users/99999999999999", "/users/1.5", "/users/%zz", "/users/%00",
                "/users/%E2%82%AC", "/users/1/recommendations?n=abc", "/users/1/recommendations?n=0",
                "/users/1/recommendations?n=-1", "/users/1/recommendations?n=100000", "/users/1/recommendations?n=%zz",
                "/users/1/recommendations?n=1&n=2", "/users/1/recommendations?%zz=1", "/users/1/recommendations/abc/explain",
                "/users/1/recommendations/1/explain?n=0", "/movies/abc/similar", "/movies/999999999/similar",
                "/movies/1/similar?n=%", "/movies/popular?n=999999", "/experiments/..%2F..", "/experiments/" + "a".repeat(5000),
                "/experiments/%zz", "/web/..%2F..%2Fpom.xml", "/web/%2e%2e/x", "/web/nope.js", "/../../etc/passwd", "//users//1",
                "/users/1/next-card?exclude=a,b,c", "/users/1/next-card?exclude=" + "1,".repeat(3000),
                "/users/1/next-card?exclude=%zz", "/users/1/swipes?n=abc", "/users/1/swipes?n=-5", "/nope", "/x/" + "y".repeat(20_000),
                "/online-metrics?x=%zz", "/models?%", "/instances", "/metrics", "/health?%zz", "/openapi.json", "/")) {
            c.add(get(p));
        }
        for (String m : List.of("DELETE", "PUT", "PATCH", "OPTIONS", "TRACE", "FOO", "HEAD")) {
            for (String p : List.of("/users/1", "/users/1/swipes", "/health", "/metrics", "/instances", "/movies/popular", "/")) {
                c.add(method(m, p));
            }
        }
        c.add(swipe("empty body", ""));
        for (String body : List.of("null", "[]", "{", "{\"movieId\":", "not json", "\"a string\"", "42",
                "{\"movieId\":\"abc\",\"preference\":1}", "{\"movieId\":1.5,\"preference\":1}", "{\"movieId\":1e400,\"preference\":1}",
                "{\"movieId\":99999999999,\"preference\":1}", "{\"movieId\":1,\"preference\":3}", "{\"movieId\":1,\"preference\":\"x\"}",
                "{\"movieId\":1,\"rating\":-1}", "{\"movieId\":1,\"rating\":1e309}", "{\"movieId\":1,\"bucket\":99}", "{\"movieId\":1}",
                "{\"preference\":1}", "{\"movieId\":999999999,\"preference\":1}",
                "{\"movieId\":1,\"preference\":1,\"eventId\":\"" + "x".repeat(129) + "\"}",
                "{\"movieId\":1,\"preference\":1,\"eventTime\":-5}", "{\"movieId\":1,\"preference\":1,\"eventTime\":9000000000000000000}",
                "{\"movieId\":1,\"preference\":1,\"eventTime\":\"soon\"}", "[".repeat(100_000), "{\"a\":".repeat(50_000),
                "{\"movieId\":1,\"preference\":1,\"source\":\"" + "s".repeat(1_000_000) + "\"}")) {
            c.add(swipe(abbreviate(body), body));
        }
        c.add(post("invalid UTF-8", "/users/" + REST_USER + "/swipes", new byte[] {'{', '"', (byte) 0xff, (byte) 0xfe, '"', ':', '1', '}'}));
        c.add(post("16 MB body", "/users/" + REST_USER + "/swipes", ("{\"movieId\":1,\"preference\":1,\"x\":\""
                + "z".repeat(16 << 20) + "\"}").getBytes(StandardCharsets.US_ASCII)));
        byte[] lying = head("POST", "/users/" + REST_USER + "/swipes", 100, "application/json");
        byte[] lie = new byte[lying.length + 10];
        System.arraycopy(lying, 0, lie, 0, lying.length);
        System.arraycopy("{\"movieId\"".getBytes(StandardCharsets.US_ASCII), 0, lie, lying.length, 10);
        c.add(new Request("POST declaring 100 bytes, sending 10 and closing", lie, true, 0));
        c.add(new Request("a request line of garbage", "\u0001\u0002 nonsense\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        c.add(new Request("32 KB of headers", ("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "h".repeat(32 * 1024)
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
        c.add(new Request("HTTP/0.9", "GET /health\r\n\r\n".getBytes(StandardCharsets.US_ASCII), false, 505));
        return c;
    }
}
