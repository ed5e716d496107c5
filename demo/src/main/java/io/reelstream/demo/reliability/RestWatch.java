package io.reelstream.demo.reliability;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks a surviving instance for users of the killed instance's partitions every {@code intervalMs}
 * while a failover runs: how many answers were fresh, stale (a standby's or a restoring copy) or
 * failed, and the longest stretch with no 200 at all — what a REST caller lived through.
 */
final class RestWatch implements AutoCloseable {
    private final ChildInstance survivor;
    private final List<Integer> users;
    private final long intervalMs;
    private final Thread thread;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private volatile boolean stopping;
    private long fresh;
    private long stale;
    private long failed;
    private long lastOkNanos;
    private long longestGapNanos;

    RestWatch(ChildInstance survivor, List<Integer> users, long intervalMs) {
        this.survivor = survivor;
        this.users = List.copyOf(users);
        this.intervalMs = intervalMs;
        this.thread = new Thread(this::run, "reliability-rest-watch");
        thread.setDaemon(true);
    }

    void start() {
        lastOkNanos = System.nanoTime();
        thread.start();
    }

    private void run() {
        try {
            while (!stopping) {
                for (int user : users) {
                    ChildInstance.Answer a = survivor.get("/users/" + user);
                    long now = System.nanoTime();
                    synchronized (this) {
                        if (a.statusCode() == 200) {
                            if (a.stale()) stale++; else fresh++;
                            longestGapNanos = Math.max(longestGapNanos, now - lastOkNanos);
                            lastOkNanos = now;
                        } else {
                            failed++;
                        }
                    }
                }
                Thread.sleep(intervalMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.set(e);
        }
    }

    /** "REST on instance-1 for 3 users: 180 fresh, 42 stale, 0 failed; longest gap without a 200: 0.1 s". */
    synchronized String summary() {
        long gap = Math.max(longestGapNanos, System.nanoTime() - lastOkNanos);
        return String.format(Locale.ROOT, "REST on %s for %d of its users: %d fresh, %d stale, %d failed answers;"
                + " longest gap without a 200: %.1f s", survivor.name(), users.size(), fresh, stale, failed, gap / 1e9);
    }

    synchronized long failed() {
        return failed;
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join(10_000);
        if (failure.get() != null) throw failure.get();
    }
}
