package io.reelstream.demo.cli;

import io.reelstream.logging.LogSetup;
import io.reelstream.topology.config.TopologyConfig;
import io.reelstream.trainer.config.TrainerConfig;
import picocli.CommandLine;

import java.util.Map;

/** Exit codes and flag checks shared by the demo's commands: 0 done, 1 a stage failed, 2 bad flags. */
public final class Cli {
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    private Cli() {}

    /** Bad flags: one line naming the flag and exit 2; a failed stage: its message (and cause chain) and exit 1. */
    public static CommandLine configure(CommandLine cli) {
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            failed.getErr().println("error: " + ex.getMessage() + " (see '" + failed.getCommandSpec().qualifiedName()
                    + " --help')");
            failed.getErr().flush();
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((ex, failed, parseResult) -> {
            failed.getErr().println("error: " + ex);
            for (Throwable c = ex.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                failed.getErr().println("  caused by: " + c);
            }
            if (Boolean.getBoolean("reelstream.debug")) ex.printStackTrace(failed.getErr());
            failed.getErr().flush();
            return EXIT_FAILURE;
        });
        return cli;
    }

    /**
     * Applies the log format ({@code --log-format}; null = -Dlog.format, REELSTREAM_LOG_FORMAT or text)
     * and the demo's quiet levels, each overridable with -Dlog.level.&lt;logger&gt;: a replay of real
     * data dead-letters thousands of swipes on movies the model does not know (counted in the progress
     * line and the summary instead); on Ctrl-C the clients still closing log one "could not be
     * established" line per retry against the broker going away; Streams' state lives in a temp dir on
     * purpose.
     */
    public static void setUpLogging(String format) {
        LogSetup.useFormat(format == null ? LogSetup.format() : format);
        LogSetup.defaultLevel("io.reelstream.topology.process.SwipeProcessor", "error");
        LogSetup.defaultLevel("org.apache.kafka.clients.NetworkClient", "error");
        LogSetup.defaultLevel("org.apache.kafka.streams.processor.internals.StateDirectory", "error");
    }

    /**
     * What is wrong with the shared options, or null: numbers out of range, missing dirs, the bundled
     * data not found, unknown or invalid trainer/topology keys — all before anything starts.
     */
    public static String problem(ModelOptions o) {
        String p = o.problem();
        if (p != null) return p;
        try {
            o.dataDir();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        try {
            TrainerConfig.resolve(null, Map.of(), o.trainerOverrides());
        } catch (RuntimeException e) {
            return "--trainer: " + e.getMessage();
        }
        try {
            TopologyConfig.Builder b = TopologyConfig.builder();
            o.topologyOverrides().forEach(b::set);
            b.build();
        } catch (IllegalArgumentException e) {
            return "--topology: " + e.getMessage();
        }
        return null;
    }
}
