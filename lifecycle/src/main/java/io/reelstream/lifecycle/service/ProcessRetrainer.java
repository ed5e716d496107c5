package io.reelstream.lifecycle.service;

import io.reelstream.core.model.ModelRunLayout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A retrain through the trainer's command line, each step a child process whose output goes to a
 * log file under {@code <models>/lifecycle-logs/}:
 * <pre>
 *   [tune]   TRAINER tune  --data D --models M --no-progress [--set K=V ...]   (lifecycle.tune.enabled; when the
 *            trainer has no 'tune' command the step is skipped with a note and train runs instead)
 *   train    TRAINER train --data D --models M --no-progress [--set K=V ...]   → models/run_&lt;ts&gt;/, LATEST
 *   publish  TRAINER publish --models M --bootstrap-servers B --trigger T       → rows, marker, CANDIDATE
 * </pre>
 * The new version is the run LATEST names afterwards; a train that leaves LATEST where it was is a
 * failure. Each step is bounded by a timeout; a failed step's exit code and last lines are in the error.
 */
public final class ProcessRetrainer implements Retrainer {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final List<String> trainer;
    private final Map<String, String> settings;
    private final boolean tune;
    private final Path modelsDir;
    private final String bootstrapServers;
    private final Duration timeout;
    private final StepListener listener;

    /** Told about every finished step, for the service's one line per step. */
    @FunctionalInterface
    public interface StepListener {
        void finished(String step, long millis, String note);
    }

    public ProcessRetrainer(List<String> trainer, Map<String, String> settings, boolean tune, Path modelsDir,
                            String bootstrapServers, Duration timeout, StepListener listener) {
        this.trainer = List.copyOf(trainer);
        this.settings = Map.copyOf(settings);
        this.tune = tune;
        this.modelsDir = modelsDir;
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
        this.listener = listener;
    }

    public static ProcessRetrainer of(LifecycleConfig c, StepListener listener) {
        return new ProcessRetrainer(c.trainerCommand(), c.trainerSettings(), c.tuneEnabled(), c.modelsDir(),
                c.bootstrapServers(), c.retrainTimeout(), listener);
    }

    @Override
    public Result retrain(String trigger, Path trainingData) throws RetrainException {
        List<Step> steps = new ArrayList<>();
        try {
            Files.createDirectories(modelsDir);
        } catch (IOException e) {
            throw new RetrainException("cannot create the models dir " + modelsDir + ": " + e.getMessage(), e);
        }
        Path before = latest();
        boolean trained = false;
        if (tune) {
            Run r = run("tune", withSettings(List.of("tune", "--data", trainingData.toString(), "--models", modelsDir.toString(),
                    "--no-progress")));
            if (r.exit == 0) {
                steps.add(r.step());
                trained = true;
                listener.finished("tune", r.millis, "log " + r.log);
            } else if (r.tail.contains("Unmatched argument") || r.tail.contains("Unknown") || r.tail.contains("unknown")) {
                listener.finished("tune", r.millis, "the trainer has no 'tune' command: training with the configured keys instead");
            } else {
                throw r.failure();
            }
        }
        if (!trained) {
            Run r = run("train", withSettings(List.of("train", "--data", trainingData.toString(), "--models",
                    modelsDir.toString(), "--no-progress")));
            if (r.exit != 0) throw r.failure();
            steps.add(r.step());
        }
        Path runDir = latest();
        if (runDir == null || runDir.equals(before)) {
            throw new RetrainException("train finished but " + modelsDir.resolve(ModelRunLayout.LATEST) + " still names "
                    + before + ": no new run to publish");
        }
        listener.finished("train", steps.get(steps.size() - 1).millis(), runDir.getFileName() + " in " + modelsDir);
        Run p = run("publish", List.of("publish", "--run", runDir.toString(), "--bootstrap-servers", bootstrapServers,
                "--trigger", trigger));
        if (p.exit != 0) throw p.failure();
        steps.add(p.step());
        listener.finished("publish", p.millis, runDir.getFileName() + " to " + bootstrapServers + " (trigger " + trigger + ")");
        return new Result(runDir.getFileName().toString(), runDir, steps);
    }

    private List<String> withSettings(List<String> args) {
        List<String> out = new ArrayList<>(args);
        settings.forEach((k, v) -> {
            out.add("--set");
            out.add(k + "=" + v);
        });
        return out;
    }

    private Path latest() {
        try {
            return ModelRunLayout.latestRun(modelsDir);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private record Run(String name, int exit, long millis, Path log, String tail) {
        Step step() {
            return new Step(name, millis, log);
        }

        RetrainException failure() {
            String why = tail.lines().filter(l -> l.startsWith("error:") || l.contains("failed")).reduce((a, b) -> b)
                    .orElse(tail.strip().replace('\n', ' '));
            return new RetrainException(name + " failed with exit code " + exit + " (log " + log + "): " + why);
        }
    }

    private Run run(String name, List<String> args) throws RetrainException {
        List<String> command = new ArrayList<>(trainer);
        command.addAll(args);
        Path logDir = modelsDir.resolve("lifecycle-logs");
        Path log = logDir.resolve(name + "-" + STAMP.format(Instant.now()) + ".log");
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(logDir);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new RetrainException(name + " did not finish within " + timeout.toSeconds() + " s ("
                        + LifecycleConfig.RETRAIN_TIMEOUT_MS_CONFIG + "); log " + log);
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            return new Run(name, process.exitValue(), ms, log, tail(log, 6));
        } catch (IOException e) {
            throw new RetrainException("cannot run the trainer for " + name + " (" + String.join(" ", trainer) + "): "
                    + e.getMessage() + "; check " + LifecycleConfig.TRAINER_COMMAND_CONFIG, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetrainException(name + " interrupted", e);
        }
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
