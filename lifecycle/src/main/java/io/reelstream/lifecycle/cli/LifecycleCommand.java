package io.reelstream.lifecycle.cli;

import io.reelstream.lifecycle.service.LifecycleConfig;
import io.reelstream.lifecycle.service.LifecycleService;
import io.reelstream.schemas.registry.RegistryClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code reelstream lifecycle [--config FILE] [--set KEY=VALUE]...}: the lifecycle service, until
 * stopped (Ctrl-C / SIGTERM stores each running experiment's always-valid p and closes cleanly).
 * A bad key or value, a trigger configuration that cannot fire or a missing data dir exits 2 with
 * one line; an unreachable broker exits 1 with one line.
 */
@Command(name = "lifecycle", mixinStandardHelpOptions = true, versionProvider = ReelstreamCli.Version.class,
        description = {"Run the lifecycle service: auto-decide running experiments on their online metrics, track production's"
                + " quality and the swipes' drift, retrain on a trigger (data dir + the swipes since the last retrain),"
                + " register the result as a CANDIDATE and promote it or start an experiment, per config.",
                "Config: defaults, then --config FILE (properties), then REELSTREAM_<KEY> environment variables, then --set."})
final class LifecycleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of config keys.")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set a config key (repeatable; keys below).")
    List<String> settings = new ArrayList<>();

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Shortcut for --set bootstrap.servers=HOST:PORT.")
    String bootstrapServers;

    @Override
    public Integer call() throws InterruptedException {
        LifecycleConfig config = config(System.getenv());
        PrintWriter out = spec.commandLine().getOut();
        out.print(config.describe());
        out.flush();
        LifecycleService service = LifecycleService.start(config, null, null, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "lifecycle-shutdown"));
        service.startThread();
        RuntimeException failure = service.awaitStop(); // Ctrl-C: the hook closes the service and the loop ends
        if (failure != null) throw failure;
        return 0;
    }

    LifecycleConfig config(Map<String, String> env) {
        if (file != null && !Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), "--config " + file + " is not a file");
        }
        Map<String, String> sets = new LinkedHashMap<>();
        if (bootstrapServers != null) sets.put(RegistryClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        for (String s : settings) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new ParameterException(spec.commandLine(), "--set expects KEY=VALUE, got '" + s + "'");
            sets.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        return LifecycleConfig.load(file, env, sets);
    }

    /** The keys for --help. */
    static String keysFooter() {
        StringBuilder sb = new StringBuilder();
        for (String[] k : LifecycleConfig.KEYS) {
            sb.append(String.format("  %s%n      default: %s%n      %s%n", k[0], k[1].isEmpty() ? "(none)" : k[1],
                    k[2].replace("%", "%%")));
        }
        return sb.toString();
    }
}
