package io.reelstream.demo.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program of this product in a JVM of its own, on this JVM's class path, its output appended to a
 * log file: so that {@link #kill9()} is a real SIGKILL (no shutdown hook, no flush, no leave-group),
 * as the reliability scenarios need.
 */
final class ChildJvm implements AutoCloseable {
    /** Every child still running when this JVM exits (Ctrl-C, a failure) is killed with it, not orphaned. */
    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "reliability-children-shutdown"));
    }

    private final String name;
    private final List<String> command;
    private final Path log;
    private Process process;

    ChildJvm(String name, List<String> jvmOptions, String mainClass, List<String> args, Path log) {
        this.name = name;
        this.log = log;
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        this.command = List.copyOf(cmd);
    }

    /** Starts (or starts again) the program; returns at once. */
    synchronized void start() {
        if (process != null && process.isAlive()) throw new IllegalStateException(name + " is already running");
        try {
            Files.writeString(log, "---- start " + java.time.Instant.now() + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            Process started = process;
            RUNNING.add(started);
            started.onExit().thenRun(() -> RUNNING.remove(started));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + String.join(" ", command.subList(0, 1))
                    + "): " + e.getMessage(), e);
        }
    }

    /** SIGKILL, then waits for the process to be gone. */
    synchronized void kill9() throws InterruptedException {
        if (process == null) return;
        process.destroyForcibly(); // SIGKILL on Linux and macOS
        if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException(name + " survived SIGKILL for 30 s");
    }

    /** SIGTERM (shutdown hooks run), SIGKILL after {@code grace}. */
    synchronized void stop(Duration grace) throws InterruptedException {
        if (process == null || !process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) kill9();
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    /** The log so far, for start-up checks and for error messages (last {@code maxChars}). */
    String logTail(int maxChars) {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8);
            return s.length() <= maxChars ? s : s.substring(s.length() - maxChars);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        try {
            stop(Duration.ofSeconds(20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
