package io.reelstream.topology.rest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Server-sent-event subscribers of this instance by user id. A subscriber's stream stays open
 * after its handler returns ({@link EventSink}: the JDK server ends an exchange only when its body
 * is closed, Jetty a request only when its callback completes), so an idle browser tab holds a
 * socket but no REST thread. Events are written by one writer thread: the
 * tail consumer never blocks on a slow client, and a client that fails a write is dropped. A
 * comment line every {@link #HEARTBEAT_SECONDS} keeps proxies from closing idle streams and finds
 * clients that went away.
 */
public final class SseHub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SseHub.class);
    static final long HEARTBEAT_SECONDS = 15;
    /** Reconnect delay the browser's EventSource uses after a dropped stream. */
    private static final long RETRY_MS = 1000;

    private final Map<Integer, List<Subscriber>> byUser = new ConcurrentHashMap<>();
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "reelstream-sse");
        t.setDaemon(true);
        return t;
    });

    public SseHub() {
        writer.scheduleAtFixedRate(this::heartbeat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Starts the event stream on {@code sink} and keeps it for {@code userId}'s events. Runs on
     * the writer thread and registers before the first bytes leave: a client that has read the
     * opening comment is sure to get every list published after it.
     */
    void subscribe(int userId, EventSink sink) throws IOException {
        Subscriber s = new Subscriber(userId, sink);
        try {
            writer.submit(() -> {
                byUser.computeIfAbsent(userId, u -> new CopyOnWriteArrayList<>()).add(s);
                sink.open();
                sink.write(("retry: " + RETRY_MS + "\n: subscribed to user " + userId + "\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                return null;
            }).get();
        } catch (ExecutionException e) {
            drop(s);
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drop(s);
            throw new IOException("interrupted while opening the event stream", e);
        } catch (RejectedExecutionException closing) {
            throw new ApiException(503, "unavailable", "the instance is shutting down");
        }
    }

    /** Queues one event for every subscriber of {@code userId}; returns at once. */
    public void publish(int userId, String event, String id, byte[] json) {
        if (!byUser.containsKey(userId)) return;
        String head = "event: " + event + "\n" + (id == null ? "" : "id: " + id.replace('\n', ' ') + "\n") + "data: ";
        byte[] frame = concat(head.getBytes(StandardCharsets.UTF_8), json, "\n\n".getBytes(StandardCharsets.UTF_8));
        try {
            writer.execute(() -> {
                List<Subscriber> subs = byUser.get(userId);
                if (subs != null) for (Subscriber s : subs) write(s, frame);
            });
        } catch (RejectedExecutionException closing) {
            // the hub is closed: its streams are gone too
        }
    }

    /** True when an event stream of {@code userId} is open here: only then is a list worth decoding. */
    public boolean hasSubscriber(int userId) {
        return byUser.containsKey(userId);
    }

    /** Open event streams on this instance. */
    public int subscribers() {
        return byUser.values().stream().mapToInt(List::size).sum();
    }

    private void heartbeat() {
        byte[] ping = ": ping\n\n".getBytes(StandardCharsets.UTF_8);
        for (List<Subscriber> subs : byUser.values()) for (Subscriber s : subs) write(s, ping);
    }

    private void write(Subscriber s, byte[] frame) {
        try {
            s.sink.write(frame);
        } catch (IOException | RuntimeException gone) {
            drop(s);
            log.debug("event stream of user {} closed: {}", s.userId, gone.toString());
        }
    }

    private void drop(Subscriber s) {
        byUser.computeIfPresent(s.userId, (u, subs) -> {
            subs.remove(s);
            return subs.isEmpty() ? null : subs;
        });
        s.sink.close();
    }

    @Override
    public void close() {
        writer.shutdownNow();
        for (List<Subscriber> subs : byUser.values()) for (Subscriber s : subs) drop(s);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private record Subscriber(int userId, EventSink sink) {
    }
}
