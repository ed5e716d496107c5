package io.reelstream.demo.reliability;

import io.reelstream.embedded.StandaloneBroker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A single-node KRaft broker ({@link StandaloneBroker}) in its own JVM. */
final class ChildBroker implements AutoCloseable {
    private static final Pattern UP = Pattern.compile("broker up at (\\S+)");

    private final ChildJvm jvm;
    private final String bootstrapServers;

    private ChildBroker(ChildJvm jvm, String bootstrapServers) {
        this.jvm = jvm;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts the broker on a free port and waits for its "broker up" line. */
    static ChildBroker start(Path workDir, Duration timeout) throws InterruptedException {
        ChildJvm jvm = new ChildJvm("broker", List.of("-Xmx1g"), StandaloneBroker.class.getName(), List.of("0"),
                workDir.resolve("broker.log"));
        jvm.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = UP.matcher(jvm.logTail(1 << 20));
            if (m.find()) return new ChildBroker(jvm, m.group(1));
            if (!jvm.alive()) break;
            Thread.sleep(100);
        }
        String tail = jvm.logTail(2000);
        jvm.close();
        throw new IllegalStateException("the broker did not come up within " + timeout.toSeconds() + " s; its log ("
                + jvm.log() + ") ends:\n" + tail);
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        jvm.close(); // SIGTERM: its shutdown hook stops it and deletes its data
    }
}
