package io.reelstream.demo;

import io.reelstream.demo.cli.ModelOptions;
import io.reelstream.demo.cli.Cli;
import io.reelstream.demo.cli.LogOptions;
import io.reelstream.demo.stack.Closer;
import io.reelstream.lifecycle.service.LifecycleConfig;
import io.reelstream.topology.config.TopologyConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar demo/target/reelstream-demo.jar [--once] [--data DIR] [--rest-port N] [--rate N] ...}:
 * the whole system in one JVM (see {@link Demo}). Exit codes: 0 done (or stopped with Ctrl-C),
 * 1 a stage failed, 2 bad flags.
 */
@Command(name = "reelstream-demo", mixinStandardHelpOptions = true, sortOptions = false,
        version = "reelstream demo 0.1.0",
        description = {
                "Starts a Kafka broker in a temp dir, trains on MovieLens (PROTOCOL train slice), publishes the model,",
                "starts the Kafka Streams recommender with its REST API, and replays the validation swipes through the",
                "MovieLens source connector in a Kafka Connect worker, showing swipes/s, lag and the live hit rate.",
                "Stays up serving REST until Ctrl-C, or exits after the replay with --once.",
                "With --lifecycle: the model lifecycle loop (retrain, experiment, promotion, rollback) instead of the plain replay."})
public final class DemoMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(DemoMain.class);

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    LogOptions logging = new LogOptions();

    @Option(names = "--once", description = "Exit after the replay with a summary instead of serving until Ctrl-C.")
    boolean once;

    @Option(names = "--rest-port", paramLabel = "PORT", defaultValue = "" + TopologyConfig.DEFAULT_REST_PORT,
            description = "REST port on localhost (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int restPort;

    @Option(names = "--rate", paramLabel = "SWIPES_PER_S", defaultValue = "200",
            description = "Replay rate in swipes per second (0 = as fast as possible). Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--lifecycle", description = "Play the model lifecycle loop instead: a weak v1 in production, a retrain"
            + " triggered by the feedback count, v2 registered as a CANDIDATE, an A/B experiment v1 vs v2 decided by the"
            + " lifecycle service, the promotion (or the stop), then a rollback; one line per step. Replays the validation"
            + " and test slices (--slice, --max-swipes, --run and --trainer do not apply).")
    boolean lifecycle;

    @Option(names = "--lifecycle-set", paramLabel = "KEY=VALUE",
            description = "Lifecycle service config override for --lifecycle, repeatable (keys: bin/reelstream lifecycle --help).")
    Map<String, String> lifecycleSettings = new LinkedHashMap<>();

    private volatile LifecycleDemo.Summary lifecycleSummary;

    private volatile Demo.Summary summary;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the exit-code mapping (2 for bad flags), for main and tests. */
    public static CommandLine commandLine() {
        return Cli.configure(new CommandLine(new DemoMain()));
    }

    @Override
    public Integer call() throws Exception {
        validate();
        Cli.setUpLogging(logging.format());
        Demo.Options options = new Demo.Options(model.dataDir(), model.models(), model.run(), model.slice(),
                model.maxSwipes(), rate, restPort, once, model.trainerOverrides(), model.topologyOverrides());
        Closer closer = new Closer();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            log.info("stopping: closing the connector worker, the topology and the broker");
            closer.close();
            stopped.countDown();
        }, "reelstream-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (lifecycle) {
                LifecycleDemo.Summary s = new LifecycleDemo(new LifecycleDemo.Options(model.dataDir(), rate, restPort,
                        lifecycleSettings, model.topologyOverrides()), closer, System.out).run();
                lifecycleSummary = s;
                if (!s.decided()) return 1;
                if (!once) {
                    System.out.println();
                    System.out.println("Serving REST at " + s.restUrl() + " until Ctrl-C (the lifecycle service has stopped).");
                    System.out.flush();
                    stopped.await();
                }
                return 0;
            }
            Demo demo = new Demo(options, closer, System.out);
            summary = demo.run();
            if (!summary.everySwipeAnswered() || !summary.restOk()) {
                log.error("the replay or the REST check did not complete: {} swipes unanswered, REST {}",
                        summary.accounting().unanswered(), summary.restStatuses());
                return 1;
            }
            if (!once) {
                System.out.println();
                System.out.println("Serving REST until Ctrl-C.");
                System.out.print(demo.curlLines());
                System.out.flush();
                stopped.await();
            }
            return 0;
        } catch (Exception e) {
            if (closer.isClosed()) return 0; // Ctrl-C mid-stage: the hook is tearing everything down
            throw e;
        } finally {
            closer.close(); // idempotent: after Ctrl-C the hook has closed everything already
            removeHook(hook);
        }
    }

    /** The --lifecycle run's summary once call() returned (tests). */
    public LifecycleDemo.Summary lifecycleSummary() {
        return lifecycleSummary;
    }

    /** The run's summary once call() returned (tests). */
    public Demo.Summary summary() {
        return summary;
    }

    private void validate() {
        String problem = Cli.problem(model);
        if (problem == null && rate < 0) problem = "--rate must be >= 0 swipes/s (0 = as fast as possible), got " + rate;
        if (problem == null && (restPort < 0 || restPort > 65535)) problem = "--rest-port must be 0..65535, got " + restPort;
        if (problem == null && !lifecycleSettings.isEmpty() && !lifecycle) problem = "--lifecycle-set needs --lifecycle";
        if (problem == null && lifecycle) {
            for (String key : lifecycleSettings.keySet()) {
                if (LifecycleConfig.KEYS.stream().noneMatch(k -> k[0].equals(key))) {
                    problem = "--lifecycle-set: unknown config key '" + key + "' (bin/reelstream lifecycle --help lists them)";
                }
            }
        }
        if (problem != null) throw new ParameterException(spec.commandLine(), problem);
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or ran already
        }
    }
}
